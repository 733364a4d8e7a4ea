import { HttpError } from '../http/problem.js';

/**
 * Runs at most `concurrency` tasks at once and lets at most `maxWaiting` more wait, in order;
 * beyond that a task is refused at once with 429, so a burst of expensive requests queues in
 * bounded memory and the work it asks for stays bounded too.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** what the work is, for the 429's detail */
    private readonly what: string,
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  /** Tasks running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting.length < this.maxWaiting) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new HttpError(
        429,
        'busy',
        `The server is ${this.what} as much as it can at once; try again in a few seconds.`,
      );
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiting task, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * Concurrent calls with one key share one run: the first starts it, the others get its
 * promise, and the key is free again once it settles (its result is cached elsewhere).
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
