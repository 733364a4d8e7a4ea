/**
 * Runs a task per key in the background, `delayMs` after the first request since the key's last
 * run (later requests in that window join it). Tasks run one at a time, across keys, first due
 * first run: many busy studies queue behind each other instead of filling the agreement threads
 * that people's own requests need. A request for a key that is running schedules one more run
 * after it. Failures go to `log`, never to whoever asked, so a study's readers are never slowed
 * or failed by its analysis.
 */
export class BackgroundRefresh {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private due: number[] = [];
  private active: { key: number; done: Promise<void> } | undefined;
  private readonly again = new Set<number>();
  private closed = false;

  constructor(
    private readonly task: (key: number) => Promise<void>,
    private readonly delayMs: number,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  request(key: number): void {
    if (this.closed || this.timers.has(key) || this.due.includes(key)) return;
    if (this.active?.key === key) {
      this.again.add(key);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.due.push(key);
      this.next();
    }, this.delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Resolves once nothing is scheduled, due or running (tests and benchmarks wait on it). */
  async settled(): Promise<void> {
    while (this.active || this.due.length > 0 || this.timers.size > 0) {
      await (this.active?.done ?? new Promise((resolve) => setTimeout(resolve, this.delayMs)));
    }
  }

  /** Drops what is scheduled or due and waits for what runs. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.due = [];
    this.again.clear();
    await this.active?.done;
  }

  private next(): void {
    if (this.active || this.due.length === 0) return;
    const key = this.due.shift()!;
    const done = this.task(key)
      .catch((error: unknown) => this.log(`background refresh of ${key} failed`, error))
      .finally(() => {
        this.active = undefined;
        if (this.again.delete(key)) this.request(key);
        this.next();
      });
    this.active = { key, done };
  }
}
