/**
 * Runs a task per key in the background, `delayMs` after the first request since its last run
 * (later requests in that window join it), never twice at once for one key: a request that
 * arrives while its key runs schedules one more run after it. Failures go to `log`, never to
 * whoever asked, so a study's readers are never slowed or failed by its analysis.
 */
export class BackgroundRefresh {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly running = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private closed = false;

  constructor(
    private readonly task: (key: number) => Promise<void>,
    private readonly delayMs: number,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  request(key: number): void {
    if (this.closed) return;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => this.run(key), this.delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Resolves once nothing is scheduled or running (tests and benchmarks wait on it). */
  async settled(): Promise<void> {
    while (this.timers.size > 0 || this.running.size > 0) {
      await Promise.all(this.running.values());
      if (this.timers.size > 0 && this.running.size === 0)
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
  }

  /** Drops what is scheduled and waits for what runs. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.again.clear();
    await Promise.all(this.running.values());
  }

  private run(key: number): void {
    this.timers.delete(key);
    const done = this.task(key)
      .catch((error: unknown) => this.log(`background refresh of ${key} failed`, error))
      .finally(() => {
        this.running.delete(key);
        if (this.again.delete(key)) this.request(key);
      });
    this.running.set(key, done);
  }
}
