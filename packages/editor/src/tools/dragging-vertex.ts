import { withPoint } from '../document.js';
import { updateShapeCommand } from '../history.js';
import type { KeyInfo, PointerInfo } from '../state-node.js';
import { ToolState } from './tool-state.js';
import type { VertexDragInfo } from './vertex-editing.js';

/** Moves one vertex with the pointer; the whole drag becomes one undoable command on release. */
export class DraggingVertex extends ToolState {
  readonly id = 'dragging_vertex';
  private drag: VertexDragInfo | null = null;

  override onEnter(info: unknown): void {
    this.drag = info as VertexDragInfo;
  }

  override onExit(): void {
    this.drag = null;
  }

  override pointerMove(info: PointerInfo): void {
    const shape = this.drag && this.editor.getShape(this.drag.ref.shapeId);
    if (shape) this.editor.preview(withPoint(shape, this.drag!.ref.index, info.image));
  }

  override pointerUp(): void {
    const after = this.drag && this.editor.getShape(this.drag.ref.shapeId);
    if (this.drag && after && after !== this.drag.before) {
      this.editor.execute(updateShapeCommand(this.drag.before, after, 'move vertex'));
    }
    this.parent.transition('idle');
  }

  override keyDown(info: KeyInfo): void {
    if (info.key !== 'Escape' || !this.drag) return;
    this.editor.preview(this.drag.before);
    this.parent.transition('idle');
  }
}
