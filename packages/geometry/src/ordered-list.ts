// A sequence kept in an order decided by the caller at insertion, with O(log n) expected insert,
// remove, previous and next (a treap with parent links). The sweep of self-intersection.ts keeps
// the edges crossing its line in one, bottom to top.

export interface ListNode<T> {
  readonly value: T;
  priority: number;
  left: ListNode<T> | null;
  right: ListNode<T> | null;
  parent: ListNode<T> | null;
}

export class OrderedList<T> {
  private root: ListNode<T> | null = null;
  private seed = 0x2545f491; // fixed: the same input always builds the same tree

  private nextPriority(): number {
    // xorshift32
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    return this.seed >>> 0;
  }

  /** Inserts `value` before the first element for which `isBefore(element)` holds, in order. */
  insert(value: T, isBefore: (other: T) => boolean): ListNode<T> {
    const node: ListNode<T> = {
      value,
      priority: this.nextPriority(),
      left: null,
      right: null,
      parent: null,
    };
    let parent: ListNode<T> | null = null;
    let cursor = this.root;
    let toLeft = false;
    while (cursor) {
      parent = cursor;
      toLeft = isBefore(cursor.value);
      cursor = toLeft ? cursor.left : cursor.right;
    }
    node.parent = parent;
    if (!parent) this.root = node;
    else if (toLeft) parent.left = node;
    else parent.right = node;
    while (node.parent && node.parent.priority < node.priority) this.rotateUp(node);
    return node;
  }

  remove(node: ListNode<T>): void {
    // Rotate the node down to a leaf, keeping the heap order of priorities, then cut it off.
    while (node.left || node.right) {
      const child: ListNode<T> =
        !node.right || (node.left && node.left.priority > node.right.priority)
          ? node.left!
          : node.right;
      this.rotateUp(child);
    }
    if (!node.parent) this.root = null;
    else if (node.parent.left === node) node.parent.left = null;
    else node.parent.right = null;
    node.parent = null;
  }

  previous(node: ListNode<T>): ListNode<T> | null {
    if (node.left) {
      let n = node.left;
      while (n.right) n = n.right;
      return n;
    }
    let n = node;
    while (n.parent && n.parent.left === n) n = n.parent;
    return n.parent;
  }

  next(node: ListNode<T>): ListNode<T> | null {
    if (node.right) {
      let n = node.right;
      while (n.left) n = n.left;
      return n;
    }
    let n = node;
    while (n.parent && n.parent.right === n) n = n.parent;
    return n.parent;
  }

  /** Moves `node` above its parent, keeping the in-order sequence. */
  private rotateUp(node: ListNode<T>): void {
    const parent = node.parent!;
    const grand = parent.parent;
    if (parent.left === node) {
      parent.left = node.right;
      if (node.right) node.right.parent = parent;
      node.right = parent;
    } else {
      parent.right = node.left;
      if (node.left) node.left.parent = parent;
      node.left = parent;
    }
    parent.parent = node;
    node.parent = grand;
    if (!grand) this.root = node;
    else if (grand.left === parent) grand.left = node;
    else grand.right = node;
  }
}
