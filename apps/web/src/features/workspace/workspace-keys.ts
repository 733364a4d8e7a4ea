import { useEffect } from 'react';
import type { Editor } from '@medlabel/editor';
import type { TemplateUi, UiTool } from '@medlabel/schema';
import { useLatest } from '../../components/use-latest.js';
import { activateTool } from './toolbar.js';

export type GridMove = 'left' | 'right' | 'up' | 'down';

export type KeyAction =
  | { readonly kind: 'editor' }
  | { readonly kind: 'shortcuts' }
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'tool'; readonly tool: UiTool }
  | { readonly kind: 'submit' }
  | { readonly kind: 'move'; readonly move: GridMove }
  | { readonly kind: 'zoom'; readonly factor: number };

export interface KeyPress {
  readonly key: string;
  readonly modKey: boolean;
  readonly altKey: boolean;
}

/** The arrow keys as grid moves. */
export const ARROWS: Record<string, GridMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * What a key does in the workspace. While a shape is being drawn the editor gets Enter, Escape
 * and Backspace (Enter closes the shape); then the template's label and tool hotkeys, Enter to
 * submit and go on, arrows for the grid, `?` for the list; anything else goes to the editor
 * (undo, redo, delete, escape).
 */
export function keyAction(press: KeyPress, ui: TemplateUi, drawing: boolean): KeyAction {
  const { key, modKey, altKey } = press;
  if (drawing && (key === 'Enter' || key === 'Escape' || key === 'Backspace'))
    return { kind: 'editor' };
  if (key === '?') return { kind: 'shortcuts' };
  if (!modKey && !altKey) {
    const shortcut = ui.shortcuts.find((s) => s.key === key.toLowerCase());
    if (shortcut?.action === 'label') return { kind: 'label', label: shortcut.label };
    const tool =
      shortcut?.action === 'tool' ? ui.tools.find((t) => t.id === shortcut.tool) : undefined;
    if (tool) return { kind: 'tool', tool };
    if (key === 'Enter') return { kind: 'submit' };
    if (key === '+' || key === '=') return { kind: 'zoom', factor: 1.25 };
    if (key === '-') return { kind: 'zoom', factor: 1 / 1.25 };
  }
  const move = ARROWS[key];
  if (move && !modKey) return { kind: 'move', move };
  return { kind: 'editor' };
}

export interface WorkspaceKeyHandlers {
  readonly editor: Editor;
  readonly ui: TemplateUi;
  /** A dialog of the pane is open: leave keys to it. */
  readonly blocked: boolean;
  readonly onToggleLabel: (name: string) => void;
  readonly onSubmit: () => void;
  readonly onMove: (move: GridMove) => void;
  readonly onShowShortcuts: () => void;
}

/** Keys typed into a text field belong to the field; Enter on a button presses the button. */
function belongsToTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'range'].includes(target.type);
  // Thumbnails are the exception: after a click on one, Enter still submits.
  return (
    key === 'Enter' && target instanceof HTMLButtonElement && !target.classList.contains('thumb')
  );
}

/** Listens to the window's keys and runs `keyAction`'s answer. */
export function useWorkspaceKeys(handlers: WorkspaceKeyHandlers): void {
  const ref = useLatest(handlers);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { editor, ui, blocked } = ref.current;
      if (blocked || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      if (belongsToTarget(event.target, event.key)) return;
      const modKey = event.ctrlKey || event.metaKey;
      const action = keyAction(
        { key: event.key, modKey, altKey: event.altKey },
        ui,
        editor.session.draft !== null,
      );
      if (action.kind === 'editor') {
        if (editor.keyDown(event.key, { shiftKey: event.shiftKey, modKey })) event.preventDefault();
        return;
      }
      event.preventDefault();
      run(action, ref.current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [ref]);
}

function run(action: Exclude<KeyAction, { kind: 'editor' }>, handlers: WorkspaceKeyHandlers): void {
  switch (action.kind) {
    case 'shortcuts':
      return handlers.onShowShortcuts();
    case 'label':
      return handlers.onToggleLabel(action.label);
    case 'tool':
      return activateTool(handlers.editor, action.tool);
    case 'submit':
      return handlers.onSubmit();
    case 'move':
      return handlers.onMove(action.move);
    case 'zoom':
      return handlers.editor.zoomBy(action.factor);
  }
}
