import { useEffect, useRef } from 'react';
import type { TemplateUi } from '@medlabel/schema';

/** The `?` help: every key the workspace understands, the template's own first. */
export function ShortcutsDialog({ ui, onClose }: { ui: TemplateUi; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const template = ui.shortcuts.map((s) =>
    s.action === 'label'
      ? ([s.key, `label “${s.label}”`] as const)
      : ([s.key, `tool “${toolTitle(ui, s.tool)}”`] as const),
  );
  const rows: (readonly [string, string])[] = [
    ...template,
    ['Enter', 'submit and go to the next image (finishes a shape being drawn)'],
    ['← → ↑ ↓', 'move through the grid'],
    ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo'],
    ['Delete', 'delete the selected vertex or shape'],
    ['Alt+click', 'delete a vertex'],
    ['Escape', 'cancel the shape being drawn'],
    ['Wheel', 'zoom at the pointer'],
    ['+ / −', 'zoom in / out'],
    ['?', 'show this list'],
  ];
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {rows.map(([key, action]) => (
            <tr key={key + action}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        {/* showModal() focuses the first focusable element: this button. */}
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

function toolTitle(ui: TemplateUi, id: string): string {
  return ui.tools.find((t) => t.id === id)?.title ?? id;
}
