import type { Point } from './types.js';

/** A pointer event as the tools see it: where it happened on screen and in the image. */
export interface PointerInfo {
  readonly screen: Point;
  readonly image: Point;
  readonly button: number;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface KeyInfo {
  readonly key: string;
  readonly shiftKey: boolean;
  /** Ctrl on Linux and Windows, Cmd on macOS. */
  readonly modKey: boolean;
}

export type EventName = 'pointerDown' | 'pointerMove' | 'pointerUp' | 'doubleClick' | 'keyDown';

type Handlers = {
  [K in EventName]?: (info: K extends 'keyDown' ? KeyInfo : PointerInfo) => void;
};

/**
 * A node of the tools' state chart (after tldraw's StateNode). A node may have child states, one
 * of which is current; an event runs the node's own handler, then goes down to the current child
 * unless the handler moved to another child. `path` names the active chain, e.g.
 * `root.polygon.drawing`, so tests can assert where a sequence of events leads.
 */
export abstract class StateNode implements Handlers {
  abstract readonly id: string;
  /** The child entered with this node, if it has children. */
  protected initial: string | null = null;
  private children = new Map<string, StateNode>();
  private current: StateNode | null = null;

  protected addChildren(...nodes: StateNode[]): void {
    for (const node of nodes) this.children.set(node.id, node);
  }

  get path(): string {
    return this.current ? `${this.id}.${this.current.path}` : this.id;
  }

  get currentChild(): StateNode | null {
    return this.current;
  }

  enter(info?: unknown): void {
    this.onEnter?.(info);
    if (this.initial) this.transition(this.initial);
  }

  exit(): void {
    this.current?.exit();
    this.current = null;
    this.onExit?.();
  }

  /** Leaves the current child and enters the child named `id`, passing `info` to it. */
  transition(id: string, info?: unknown): void {
    const next = this.children.get(id);
    if (!next) throw new Error(`${this.id} has no state ${id}`);
    this.current?.exit();
    this.current = next;
    next.enter(info);
  }

  handle<K extends EventName>(name: K, info: K extends 'keyDown' ? KeyInfo : PointerInfo): void {
    const before = this.current;
    const handler = (this as Handlers)[name];
    handler?.call(this, info);
    if (before && before === this.current) before.handle(name, info);
  }

  onEnter?(info: unknown): void;
  onExit?(): void;
  pointerDown?(info: PointerInfo): void;
  pointerMove?(info: PointerInfo): void;
  pointerUp?(info: PointerInfo): void;
  doubleClick?(info: PointerInfo): void;
  keyDown?(info: KeyInfo): void;
}
