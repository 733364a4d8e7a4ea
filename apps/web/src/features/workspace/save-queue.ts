import { ApiError, NetworkError } from '@medlabel/api-client';
import type { AnnotationPayload } from '@medlabel/schema';
import type { Annotation } from '../../api.js';

/** One save of the caller's annotation of an image. */
export interface SaveRequest {
  readonly collectionId: number;
  readonly imageId: number;
  readonly payload: AnnotationPayload;
  readonly status: 'draft' | 'submitted';
  /** The version the edit started from; absent for a first save. */
  readonly baseVersion?: number;
  readonly timeSpentMs: number;
  /**
   * A new random key per save, sent again with every retry of it: the server answers a repeat
   * of a save it already applied (its answer lost on the way) with that save's result, not 409.
   */
  readonly idempotencyKey: string;
}

export type SaveOutcome =
  | { readonly kind: 'saved'; readonly annotation: Annotation }
  | { readonly kind: 'queued' }
  | { readonly kind: 'conflict'; readonly request: SaveRequest; readonly error: ApiError }
  | { readonly kind: 'rejected'; readonly request: SaveRequest; readonly error: unknown };

export type SendSave = (
  request: SaveRequest,
  options: { readonly keepalive: boolean },
) => Promise<Annotation>;

export type SaveStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Where a user's unsent saves are kept in this browser: one key per user, so that only that
 * user's own session ever sends them (a sign-out leaves them, to be sent at the next sign-in).
 */
export function pendingSavesKey(userId: number): string {
  return `medlabel.pendingSaves.${userId}`;
}

/**
 * An image's unsent work: `head`, the save sent or to be sent next (its answer unknown, so it is
 * kept until the server answers), and `next`, the user's newer save of the image, sent after
 * `head` on top of the version `head` stored.
 */
interface Entry {
  readonly head: SaveRequest;
  readonly next?: SaveRequest;
}

/** A 409 for a stale base version; other 409s (e.g. no more readers wanted) are refusals. */
function isStale(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.isConflict &&
    error.problem.type.endsWith('/stale-annotation')
  );
}

/**
 * Saves that never lose work nor change hands. Every save is written to the user's own storage
 * key before it is sent and removed once the server answered, so a reload or a closed tab
 * mid-save loses nothing; a save that cannot reach the server stays and `flush` retries it
 * (with the same idempotency key, so a save whose answer was lost is not applied twice nor
 * reported as a conflict). A stale write comes back as a conflict for the user to resolve.
 */
export class SaveQueue {
  private readonly entries = new Map<string, Entry>();
  /** images whose saves could not be sent yet (or were left by an earlier page) */
  private readonly unsent = new Set<string>();
  /** images being sent now: one send per image at a time */
  private readonly busy = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly flushListeners = new Set<(outcome: SaveOutcome) => void>();
  private readonly storageKey: string;
  private flushing = false;
  private stopped = false;

  constructor(
    private readonly send: SendSave,
    private readonly storage: SaveStorage | null,
    userId: number,
  ) {
    this.storageKey = pendingSavesKey(userId);
    const stored = storage?.getItem(this.storageKey);
    if (stored) {
      for (const entry of JSON.parse(stored) as Entry[]) {
        this.entries.set(keyOf(entry.head), entry);
        this.unsent.add(keyOf(entry.head));
      }
    }
  }

  /** Images whose saves wait for the server (shown as "waiting"). */
  get size(): number {
    return this.unsent.size;
  }

  /** Images with any save the server has not acknowledged yet, sending ones included. */
  get pending(): number {
    return this.entries.size;
  }

  /** The user's latest save of an image that waits for the server, if there is one. */
  queued(collectionId: number, imageId: number): SaveRequest | undefined {
    const key = keyOf({ collectionId, imageId });
    const entry = this.entries.get(key);
    return entry && this.unsent.has(key) ? (entry.next ?? entry.head) : undefined;
  }

  /** Listens to changes of `size`. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to the outcome of each save that a background `flush` settled. */
  subscribeFlushed(listener: (outcome: SaveOutcome) => void): () => void {
    this.flushListeners.add(listener);
    return () => this.flushListeners.delete(listener);
  }

  /**
   * Saves, storing the request first (synchronously, so a save started as the page goes away
   * is kept); `keepalive` lets the request outlive the page. A save of an image that is being
   * sent now is sent right after it, and its outcome goes to the flush listeners.
   */
  save(request: SaveRequest, { keepalive = false } = {}): Promise<SaveOutcome> {
    const key = keyOf(request);
    const entry = this.entries.get(key);
    this.entries.set(key, entry ? { head: entry.head, next: request } : { head: request });
    this.persist();
    if (this.busy.has(key)) return Promise.resolve({ kind: 'queued' });
    return this.settle(key, keepalive);
  }

  /** Retries every waiting save in order; stops at the first one that still cannot get through. */
  async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      for (const key of [...this.entries.keys()]) {
        if (this.busy.has(key) || !this.entries.has(key)) continue;
        const outcome = await this.settle(key, false);
        if (outcome.kind === 'queued') return;
        for (const listener of this.flushListeners) listener(outcome);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Stops sending (the user signs out or leaves): what is stored stays for their next session. */
  stop(): void {
    this.stopped = true;
  }

  start(): void {
    this.stopped = false;
  }

  /** Sends an image's saves, oldest first, until they are through or one cannot be sent. */
  private async settle(key: string, keepalive: boolean): Promise<SaveOutcome> {
    this.busy.add(key);
    try {
      for (;;) {
        // Only `settle` removes entries, and one runs per image at a time.
        const { head } = this.entries.get(key)!;
        let annotation: Annotation;
        try {
          if (this.stopped) throw new NetworkError(new Error('saving stopped'));
          annotation = await this.send(head, { keepalive });
        } catch (error) {
          if (error instanceof NetworkError) {
            this.unsent.add(key);
            this.notify();
            return { kind: 'queued' };
          }
          // The user's latest work is what the person resolves or is told about.
          const latest = this.entries.get(key)!;
          this.remove(key);
          const request = latest.next ?? latest.head;
          return isStale(error)
            ? { kind: 'conflict', request, error }
            : { kind: 'rejected', request, error };
        }
        const entry = this.entries.get(key)!;
        if (!entry.next) {
          this.remove(key);
          return { kind: 'saved', annotation };
        }
        // The newer save builds on the version the earlier one stored.
        this.entries.set(key, { head: { ...entry.next, baseVersion: annotation.version } });
        this.persist();
      }
    } finally {
      this.busy.delete(key);
    }
  }

  private remove(key: string): void {
    this.entries.delete(key);
    this.persist();
    if (this.unsent.delete(key)) this.notify();
  }

  private persist(): void {
    if (this.entries.size === 0) this.storage?.removeItem(this.storageKey);
    else this.storage?.setItem(this.storageKey, JSON.stringify([...this.entries.values()]));
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The key of an image's entry: the saves of one image go in order, one at a time. */
function keyOf({ collectionId, imageId }: Pick<SaveRequest, 'collectionId' | 'imageId'>): string {
  return `${collectionId}/${imageId}`;
}
