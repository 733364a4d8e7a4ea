/**
 * Recently loaded grid pages by key, so paging forward (the common case) finds the next page
 * already fetched: the workspace prefetches the neighbours of the page on screen. Entries
 * expire after `ttlMs` so other readers' progress shows up again.
 */
export class PageCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.value;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    // A failed load is not kept: the next get tries again.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
