import type { Editor } from '../editor.js';
import { StateNode } from '../state-node.js';
import { HandTool } from './hand.js';
import { KeypointTool } from './keypoint.js';
import { PathTool } from './path.js';
import { RulerTool } from './ruler.js';
import { WindowLevelTool } from './window-level.js';

export type ToolId = 'hand' | 'polygon' | 'polyline' | 'keypoint' | 'ruler' | 'window_level';

/** The root of the state chart; its children are the tools. */
export class RootState extends StateNode {
  readonly id = 'root';
  protected override initial = 'hand';

  constructor(editor: Editor) {
    super();
    this.addChildren(
      new HandTool(editor, this),
      new PathTool(editor, this, 'polygon'),
      new PathTool(editor, this, 'polyline'),
      new KeypointTool(editor, this),
      new RulerTool(editor, this),
      new WindowLevelTool(editor, this),
    );
  }
}
