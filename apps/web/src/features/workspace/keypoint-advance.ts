import { useEffect } from 'react';
import type { Editor } from '@medlabel/editor';
import type { Shape, TemplateUi, UiTool } from '@medlabel/schema';

/**
 * The point name to place next with a keypoint tool: the first of the template's names not yet
 * placed on `frame`, or undefined when every name is placed.
 */
export function nextKeypointName(
  tool: UiTool,
  shapes: readonly Shape[],
  frame: number,
): string | undefined {
  const placed = new Set(
    shapes
      .filter((s) => s.kind === 'keypoint' && s.tool === tool.id && (s.frame ?? 0) === frame)
      .map((s) => (s.kind === 'keypoint' ? s.name : '')),
  );
  return tool.keypoints.find((k) => !placed.has(k.name))?.name;
}

/**
 * After a click places the active point name, the keypoint tool moves on to the template's
 * next unplaced name, so a set is placed click after click without picking each name.
 */
export function useKeypointAdvance(editor: Editor, ui: TemplateUi): void {
  useEffect(() => {
    let shapes = editor.document.shapes;
    return editor.subscribe(() => {
      const before = shapes;
      shapes = editor.document.shapes;
      if (shapes === before || shapes.length <= before.length) return;
      const { activeToolId, activeLabel, frame } = editor.session;
      const tool = ui.tools.find((t) => t.id === activeToolId && t.kind === 'keypoint');
      const added = shapes[shapes.length - 1];
      if (!tool || added?.kind !== 'keypoint' || added.name !== activeLabel) return;
      const next = nextKeypointName(tool, shapes, frame);
      if (next !== undefined) editor.setActiveLabel(next);
    });
  }, [editor, ui]);
}
