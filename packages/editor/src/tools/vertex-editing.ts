import { minimumPoints, withInsertedPoint, withoutPoint } from '../document.js';
import type { Editor } from '../editor.js';
import { MIDPOINT_MIN_SEGMENT_PX } from '../handles.js';
import { deleteShapeCommand, updateShapeCommand } from '../history.js';
import { hitMidpoint, hitVertex } from '../hit-test.js';
import type { PointerInfo, StateNode } from '../state-node.js';
import type { Shape, VertexRef } from '../types.js';

/** What the dragging_vertex state needs: the vertex and the shape as it was before the edit. */
export interface VertexDragInfo {
  readonly ref: VertexRef;
  readonly before: Shape;
}

/**
 * Shared by the drawing tools' idle states: a press on a vertex starts dragging it (with Alt it
 * deletes it); a press on a midpoint handle of the selected shape inserts a vertex there and
 * drags it. Returns true when the press was used.
 */
export function startVertexEdit(editor: Editor, tool: StateNode, info: PointerInfo): boolean {
  const tolerance = editor.handleTolerance;
  const ref = hitVertex(editor.visibleShapes, info.image, tolerance);
  if (ref) {
    const shape = editor.getShape(ref.shapeId)!;
    editor.updateSession({ selectedShapeId: ref.shapeId, selectedVertex: ref });
    if (info.altKey) deleteVertex(editor, ref);
    else tool.transition('dragging_vertex', { ref, before: shape } satisfies VertexDragInfo);
    return true;
  }
  const selected = editor.session.selectedShapeId
    ? editor.getShape(editor.session.selectedShapeId)
    : undefined;
  const insertAt = selected
    ? hitMidpoint(
        selected,
        info.image,
        tolerance,
        MIDPOINT_MIN_SEGMENT_PX / editor.session.camera.zoom,
      )
    : null;
  if (selected && insertAt !== null) {
    editor.preview(withInsertedPoint(selected, insertAt, info.image));
    const inserted = { shapeId: selected.id, index: insertAt };
    editor.updateSession({ selectedVertex: inserted });
    tool.transition('dragging_vertex', {
      ref: inserted,
      before: selected,
    } satisfies VertexDragInfo);
    return true;
  }
  return false;
}

/** Removes a vertex; a shape that would fall below its minimum number of points is deleted. */
export function deleteVertex(editor: Editor, ref: VertexRef): void {
  const shape = editor.getShape(ref.shapeId);
  if (!shape) return;
  if (shape.points.length - 1 < minimumPoints(shape)) {
    const command = deleteShapeCommand(editor.document, shape.id);
    if (command) editor.execute(command);
    editor.select(null);
    return;
  }
  editor.execute(updateShapeCommand(shape, withoutPoint(shape, ref.index), `delete vertex`));
  editor.updateSession({ selectedVertex: null });
}

/** Delete/Backspace in an idle tool: the selected vertex, else the selected shape. */
export function deleteSelection(editor: Editor, key: string): void {
  if (key !== 'Delete' && key !== 'Backspace') return;
  const { selectedVertex, selectedShapeId } = editor.session;
  if (selectedVertex) {
    deleteVertex(editor, selectedVertex);
  } else if (selectedShapeId) {
    const command = deleteShapeCommand(editor.document, selectedShapeId);
    if (command) editor.execute(command);
    editor.select(null);
  }
}
