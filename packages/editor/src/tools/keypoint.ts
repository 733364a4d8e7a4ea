import type { Editor } from '../editor.js';
import { addShapeCommand } from '../history.js';
import type { KeyInfo, PointerInfo, StateNode } from '../state-node.js';
import { DraggingVertex } from './dragging-vertex.js';
import { ToolState } from './tool-state.js';
import { deleteSelection, startVertexEdit } from './vertex-editing.js';

/** Places a keypoint per press in empty space; a press on a point drags it (idle -> dragging_vertex). */
export class KeypointTool extends ToolState {
  readonly id = 'keypoint';
  protected override initial = 'idle';

  constructor(editor: Editor, parent: StateNode) {
    super(editor, parent);
    this.addChildren(new KeypointIdle(editor, this), new DraggingVertex(editor, this));
  }
}

class KeypointIdle extends ToolState {
  readonly id = 'idle';

  override pointerDown(info: PointerInfo): void {
    if (info.button !== 0 || startVertexEdit(this.editor, this.parent, info)) return;
    const shape = this.editor.newShape('keypoint', [info.image]);
    this.editor.execute(addShapeCommand(shape));
    this.editor.select(shape.id);
  }

  override keyDown(info: KeyInfo): void {
    deleteSelection(this.editor, info.key);
  }
}
