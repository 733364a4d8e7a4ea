import type { Editor } from '../editor.js';
import { StateNode } from '../state-node.js';

/** A child state of a tool: knows the editor and its parent, to move to a sibling state. */
export abstract class ToolState extends StateNode {
  constructor(
    protected readonly editor: Editor,
    protected readonly parent: StateNode,
  ) {
    super();
  }
}
