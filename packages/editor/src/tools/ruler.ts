import type { Editor } from '../editor.js';
import { HANDLE_RADIUS_PX } from '../handles.js';
import { addShapeCommand } from '../history.js';
import type { KeyInfo, PointerInfo, StateNode } from '../state-node.js';
import type { Point } from '../types.js';
import { DraggingVertex } from './dragging-vertex.js';
import { ToolState } from './tool-state.js';
import { deleteSelection, startVertexEdit } from './vertex-editing.js';

/**
 * Measures a distance: press, drag, release (idle -> measuring -> idle). The length is shown in
 * mm when the image has a pixel spacing (measured by @medlabel/schema). Ends can be dragged afterwards.
 */
export class RulerTool extends ToolState {
  readonly id = 'ruler';
  protected override initial = 'idle';

  constructor(editor: Editor, parent: StateNode) {
    super(editor, parent);
    this.addChildren(
      new RulerIdle(editor, this),
      new RulerMeasuring(editor, this),
      new DraggingVertex(editor, this),
    );
  }
}

class RulerIdle extends ToolState {
  readonly id = 'idle';

  override pointerDown(info: PointerInfo): void {
    if (info.button !== 0 || startVertexEdit(this.editor, this.parent, info)) return;
    this.parent.transition('measuring', info);
  }

  override keyDown(info: KeyInfo): void {
    deleteSelection(this.editor, info.key);
  }
}

class RulerMeasuring extends ToolState {
  readonly id = 'measuring';
  private startScreen: Point = { x: 0, y: 0 };

  override onEnter(info: unknown): void {
    const { image, screen } = info as PointerInfo;
    this.startScreen = screen;
    const draft = this.editor.newShape('ruler', [image, image]);
    this.editor.updateSession({ draft });
  }

  override onExit(): void {
    this.editor.updateSession({ draft: null });
  }

  override pointerMove(info: PointerInfo): void {
    const draft = this.editor.session.draft;
    if (draft)
      this.editor.updateSession({ draft: { ...draft, points: [draft.points[0]!, info.image] } });
  }

  override pointerUp(info: PointerInfo): void {
    const draft = this.editor.session.draft;
    const moved = Math.hypot(
      info.screen.x - this.startScreen.x,
      info.screen.y - this.startScreen.y,
    );
    if (draft && moved > HANDLE_RADIUS_PX / 2) {
      const shape = { ...draft, points: [draft.points[0]!, info.image] };
      this.editor.execute(addShapeCommand(shape));
      this.editor.select(shape.id);
    }
    this.parent.transition('idle');
  }

  override keyDown(info: KeyInfo): void {
    if (info.key === 'Escape') this.parent.transition('idle');
  }
}
