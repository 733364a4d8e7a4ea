import type { EditorDocument } from './document.js';
import { insertShape, removeShape, replaceShape } from './document.js';
import type { Shape } from './types.js';

/** A reversible edit of the document. */
export interface Command {
  readonly label: string;
  apply(doc: EditorDocument): EditorDocument;
  revert(doc: EditorDocument): EditorDocument;
}

export function addShapeCommand(shape: Shape): Command {
  return {
    label: `add ${shape.kind}`,
    apply: (doc) => insertShape(doc, shape),
    revert: (doc) => removeShape(doc, shape.id),
  };
}

export function deleteShapeCommand(doc: EditorDocument, id: string): Command | null {
  const index = doc.shapes.findIndex((s) => s.id === id);
  const shape = doc.shapes[index];
  if (!shape) return null;
  return {
    label: `delete ${shape.kind}`,
    apply: (d) => removeShape(d, id),
    revert: (d) => insertShape(d, shape, index),
  };
}

export function updateShapeCommand(
  before: Shape,
  after: Shape,
  label = `edit ${after.kind}`,
): Command {
  return {
    label,
    apply: (doc) => replaceShape(doc, after),
    revert: (doc) => replaceShape(doc, before),
  };
}

/** Undo and redo as two stacks of commands. */
export class History {
  private readonly past: Command[] = [];
  private readonly future: Command[] = [];

  constructor(private readonly limit = 500) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  execute(doc: EditorDocument, command: Command): EditorDocument {
    this.past.push(command);
    if (this.past.length > this.limit) this.past.shift();
    this.future.length = 0;
    return command.apply(doc);
  }

  undo(doc: EditorDocument): EditorDocument {
    const command = this.past.pop();
    if (!command) return doc;
    this.future.push(command);
    return command.revert(doc);
  }

  redo(doc: EditorDocument): EditorDocument {
    const command = this.future.pop();
    if (!command) return doc;
    this.past.push(command);
    return command.apply(doc);
  }

  clear(): void {
    this.past.length = 0;
    this.future.length = 0;
  }
}
