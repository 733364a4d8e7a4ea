import type { Camera } from '../camera.js';
import { pan } from '../camera.js';
import type { Editor } from '../editor.js';
import type { PointerInfo, StateNode } from '../state-node.js';
import type { Point } from '../types.js';
import { ToolState } from './tool-state.js';

/** Pans the view: idle -> dragging on pointer down, back on pointer up. */
export class HandTool extends ToolState {
  readonly id = 'hand';
  protected override initial = 'idle';

  constructor(editor: Editor, parent: StateNode) {
    super(editor, parent);
    this.addChildren(new HandIdle(editor, this), new HandDragging(editor, this));
  }
}

class HandIdle extends ToolState {
  readonly id = 'idle';

  override pointerDown(info: PointerInfo): void {
    this.parent.transition('dragging', { origin: info.screen, camera: this.editor.session.camera });
  }
}

class HandDragging extends ToolState {
  readonly id = 'dragging';
  private origin: Point = { x: 0, y: 0 };
  private start: Camera = this.editor.session.camera;

  override onEnter(info: unknown): void {
    const { origin, camera } = info as { origin: Point; camera: Camera };
    this.origin = origin;
    this.start = camera;
  }

  override pointerMove(info: PointerInfo): void {
    this.editor.setCamera(
      pan(this.start, info.screen.x - this.origin.x, info.screen.y - this.origin.y),
    );
  }

  override pointerUp(): void {
    this.parent.transition('idle');
  }
}
