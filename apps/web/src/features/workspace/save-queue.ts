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
}

export type SaveOutcome =
  | { readonly kind: 'saved'; readonly annotation: Annotation }
  | { readonly kind: 'queued' }
  | { readonly kind: 'conflict'; readonly request: SaveRequest; readonly error: ApiError }
  | { readonly kind: 'rejected'; readonly request: SaveRequest; readonly error: unknown };

export type SendSave = (request: SaveRequest) => Promise<Annotation>;

const STORAGE_KEY = 'medlabel.pendingSaves';

/**
 * Saves that never lose work: a save that cannot reach the server is kept (in memory and in
 * localStorage, the latest per image) and retried by `flush` until it goes through; a stale
 * write comes back as a conflict for the user to resolve; other refusals throw.
 */
export class SaveQueue {
  private readonly pending = new Map<string, SaveRequest>();
  private readonly listeners = new Set<() => void>();
  private flushing = false;

  constructor(
    private readonly send: SendSave,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null,
    /** Called for each queued save that went through (or conflicted) during a flush. */
    private readonly onFlushed: (outcome: SaveOutcome) => void = () => undefined,
  ) {
    const stored = storage?.getItem(STORAGE_KEY);
    if (stored)
      for (const request of JSON.parse(stored) as SaveRequest[])
        this.pending.set(keyOf(request), request);
  }

  get size(): number {
    return this.pending.size;
  }

  /** The queued save of an image, if its last save could not reach the server. */
  queued(collectionId: number, imageId: number): SaveRequest | undefined {
    return this.pending.get(keyOf({ collectionId, imageId }));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async save(request: SaveRequest): Promise<SaveOutcome> {
    try {
      const annotation = await this.send(request);
      this.remove(keyOf(request));
      return { kind: 'saved', annotation };
    } catch (error) {
      if (error instanceof NetworkError) {
        this.pending.set(keyOf(request), request);
        this.changed();
        return { kind: 'queued' };
      }
      if (error instanceof ApiError && error.isConflict) {
        this.remove(keyOf(request));
        return { kind: 'conflict', request, error };
      }
      throw error;
    }
  }

  /** Retries every queued save in order; stops at the first one that still cannot get through. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const request of [...this.pending.values()]) {
        const outcome = await this.save(request).catch((error: unknown): SaveOutcome => {
          this.remove(keyOf(request));
          return { kind: 'rejected', request, error };
        });
        if (outcome.kind === 'queued') return;
        this.onFlushed(outcome);
      }
    } finally {
      this.flushing = false;
    }
  }

  private remove(key: string): void {
    if (this.pending.delete(key)) this.changed();
  }

  private changed(): void {
    this.storage?.setItem(STORAGE_KEY, JSON.stringify([...this.pending.values()]));
    for (const listener of this.listeners) listener();
  }
}

/** The key of an image's queued save: the latest save per image is kept. */
function keyOf({ collectionId, imageId }: Pick<SaveRequest, 'collectionId' | 'imageId'>): string {
  return `${collectionId}/${imageId}`;
}
