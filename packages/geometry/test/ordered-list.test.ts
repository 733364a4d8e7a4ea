import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderedList, type ListNode } from '../src/ordered-list.js';

/** Walks the list from its first element via next(). */
function toArray(list: OrderedList<number>, anyNode: ListNode<number> | null): number[] {
  if (!anyNode) return [];
  let first = anyNode;
  for (let p = list.previous(first); p; p = list.previous(p)) first = p;
  const out: number[] = [];
  for (let n: ListNode<number> | null = first; n; n = list.next(n)) out.push(n.value);
  return out;
}

describe('OrderedList', () => {
  it('keeps the order of a sorted array through inserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 })), { maxLength: 200 }),
        (operations) => {
          const list = new OrderedList<number>();
          const nodes: ListNode<number>[] = [];
          const model: number[] = [];
          for (const [add, v] of operations) {
            if (add || nodes.length === 0) {
              nodes.push(list.insert(v, (other) => v <= other));
              model.splice(
                model.findIndex((m) => v <= m) === -1
                  ? model.length
                  : model.findIndex((m) => v <= m),
                0,
                v,
              );
            } else {
              const node = nodes.splice(v % nodes.length, 1)[0]!;
              list.remove(node);
              model.splice(model.indexOf(node.value), 1);
            }
            expect(toArray(list, nodes[0] ?? null)).toEqual(model);
          }
        },
      ),
    );
  });
});
