import { describe, expect, it } from 'vitest';
import { EMPTY_DOCUMENT } from '../src/document.js';
import {
  addShapeCommand,
  deleteShapeCommand,
  History,
  updateShapeCommand,
} from '../src/history.js';
import type { Shape } from '../src/types.js';

const a: Shape = { id: 'a', tool: 'kp', kind: 'keypoint', name: 'apex', points: [{ x: 1, y: 1 }] };
const b: Shape = {
  id: 'b',
  tool: 'len',
  kind: 'ruler',
  points: [
    { x: 0, y: 0 },
    { x: 3, y: 4 },
  ],
};

describe('History', () => {
  it('undoes and redoes commands in order', () => {
    const history = new History();
    let doc = history.execute(EMPTY_DOCUMENT, addShapeCommand(a));
    doc = history.execute(doc, addShapeCommand(b));
    const moved = { ...a, points: [{ x: 9, y: 9 }] };
    doc = history.execute(doc, updateShapeCommand(a, moved));
    expect(doc.shapes).toEqual([moved, b]);
    doc = history.undo(doc);
    expect(doc.shapes).toEqual([a, b]);
    doc = history.undo(doc);
    expect(doc.shapes).toEqual([a]);
    doc = history.redo(doc);
    doc = history.redo(doc);
    expect(doc.shapes).toEqual([moved, b]);
    expect(history.canRedo).toBe(false);
  });

  it('drops the redo stack when a new command runs', () => {
    const history = new History();
    let doc = history.execute(EMPTY_DOCUMENT, addShapeCommand(a));
    doc = history.undo(doc);
    doc = history.execute(doc, addShapeCommand(b));
    expect(history.canRedo).toBe(false);
    expect(history.redo(doc)).toBe(doc);
  });

  it('restores a deleted shape at its index', () => {
    const history = new History();
    const start = { shapes: [a, b] };
    const command = deleteShapeCommand(start, 'a')!;
    let doc = history.execute(start, command);
    expect(doc.shapes).toEqual([b]);
    doc = history.undo(doc);
    expect(doc.shapes).toEqual([a, b]);
    expect(deleteShapeCommand(start, 'missing')).toBeNull();
  });

  it('forgets the oldest commands beyond its limit', () => {
    const history = new History(2);
    let doc = EMPTY_DOCUMENT;
    for (const id of ['1', '2', '3']) doc = history.execute(doc, addShapeCommand({ ...a, id }));
    doc = history.undo(history.undo(history.undo(doc)));
    expect(doc.shapes.map((s) => s.id)).toEqual(['1']);
  });
});
