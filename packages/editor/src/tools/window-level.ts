import type { Editor } from '../editor.js';
import type { WindowLevel } from '../render/window-level.js';
import { dragWindowLevel } from '../render/window-level.js';
import type { PointerInfo, StateNode } from '../state-node.js';
import type { Point } from '../types.js';
import { ToolState } from './tool-state.js';

/** Drag to change window (horizontal) and level (vertical). */
export class WindowLevelTool extends ToolState {
  readonly id = 'window_level';
  protected override initial = 'idle';

  constructor(editor: Editor, parent: StateNode) {
    super(editor, parent);
    this.addChildren(new WindowLevelIdle(editor, this), new WindowLevelDragging(editor, this));
  }
}

class WindowLevelIdle extends ToolState {
  readonly id = 'idle';

  override pointerDown(info: PointerInfo): void {
    this.parent.transition('dragging', {
      origin: info.screen,
      start: this.editor.session.windowLevel,
    });
  }
}

class WindowLevelDragging extends ToolState {
  readonly id = 'dragging';
  private origin: Point = { x: 0, y: 0 };
  private start: WindowLevel = this.editor.session.windowLevel;

  override onEnter(info: unknown): void {
    ({ origin: this.origin, start: this.start } = info as { origin: Point; start: WindowLevel });
  }

  override pointerMove(info: PointerInfo): void {
    const windowLevel = dragWindowLevel(
      this.start,
      info.screen.x - this.origin.x,
      info.screen.y - this.origin.y,
      this.editor.session.valueRange,
    );
    this.editor.updateSession({ windowLevel });
  }

  override pointerUp(): void {
    this.parent.transition('idle');
  }
}
