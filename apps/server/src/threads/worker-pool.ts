import type { Worker } from 'node:worker_threads';
import { WorkQueue } from '../images/work-queue.js';
import { typescriptWorker } from './typescript-worker.js';

/** A task's answer from its thread (serve-tasks.ts): the result, or why it failed. */
export type TaskReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: string | undefined; message: string };

/** What a pool thread posts: once loaded, that it is ready; then its tasks' answers. */
export type ThreadMessage = { ready: true } | TaskReply;

export interface WorkerPoolOptions {
  /** the thread's module, serving tasks with serveTasks */
  readonly entry: URL;
  /** what the work is, for the 429 when too much waits */
  readonly what: string;
  /** threads, and so tasks running at once */
  readonly threads: number;
  /** tasks that may wait for a thread; more are refused with 429 */
  readonly maxWaiting: number;
  /** a task running longer (from when its thread has loaded) ends it and fails with tooCostly */
  readonly timeoutMs: number;
  /** the V8 heap of a thread in MiB; a task needing more ends it and fails with tooCostly */
  readonly maxHeapMb: number;
  /**
   * the space for a thread's new objects in MiB (V8's default where absent): larger spends less
   * time collecting for work that allocates many short-lived objects
   */
  readonly youngGenerationMb?: number;
  /** an idle thread ends after this long */
  readonly idleMs: number;
  /** the error of a task that took too long or too much memory (`why` says which) */
  readonly tooCostly: (why: string) => Error;
  /** the error of a task whose thread answered with a failure (default: its message) */
  readonly failure?: (code: string | undefined, message: string) => Error;
}

/**
 * A pool of worker threads for CPU-bound work that must not run on the event loop: at most
 * `threads` tasks at once, a bounded queue, a time limit per task and a heap limit per thread.
 * Threads start on first use, are reused (no start-up per task), and end when idle; an idle
 * thread does not keep the process alive.
 */
export class WorkerPool {
  private readonly queue: WorkQueue;
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly all = new Set<Worker>();
  /** threads that have loaded their module: a task's time limit counts from then */
  private readonly ready = new WeakSet<Worker>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.queue = new WorkQueue(options.what, options.threads, options.maxWaiting);
  }

  /** Runs `task` on a thread of the pool; its result, structured-cloned. */
  run<T>(task: unknown): Promise<T> {
    return this.queue.run(() => this.execute(task)) as Promise<T>;
  }

  /** Tasks running and waiting now. */
  get load(): { running: number; waiting: number } {
    return this.queue.load;
  }

  /** Threads started and not yet ended, busy or idle. */
  get threads(): number {
    return this.all.size;
  }

  /**
   * Starts a thread now where none is idle and the pool has room, so that a task about to come
   * (its caller still reading the database) does not wait for one to start; it idles meanwhile.
   */
  warm(): void {
    if (this.closed || this.idle.length > 0 || this.all.size >= this.options.threads) return;
    this.release(this.take());
  }

  /** Ends every thread; tasks still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.idle.splice(0)) clearTimeout(timer);
    await Promise.all([...this.all].map((worker) => worker.terminate()));
  }

  private take(): Worker {
    const idle = this.idle.pop();
    if (idle) {
      clearTimeout(idle.timer);
      return idle.worker;
    }
    const { maxHeapMb, youngGenerationMb } = this.options;
    const worker = typescriptWorker(this.options.entry, {
      resourceLimits: {
        maxOldGenerationSizeMb: maxHeapMb,
        ...(youngGenerationMb ? { maxYoungGenerationSizeMb: youngGenerationMb } : {}),
      },
    });
    this.all.add(worker);
    const onReady = (message: ThreadMessage) => {
      if (!('ready' in message)) return;
      this.ready.add(worker);
      worker.off('message', onReady);
    };
    worker.on('message', onReady);
    // Failures reach the task that caused them; this listener keeps one from crashing us.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      this.all.delete(worker);
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) clearTimeout(this.idle.splice(at, 1)[0]!.timer);
    });
    return worker;
  }

  private release(worker: Worker): void {
    if (this.closed) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    }, this.options.idleMs);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private execute(task: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${this.options.what}: the pool is closed`));
    const { tooCostly, failure = (_code, message) => new Error(message) } = this.options;
    const worker = this.take();
    worker.ref(); // a running task keeps the process alive
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (action: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        action();
      };
      const onMessage = (reply: ThreadMessage) => {
        if ('ready' in reply) return arm();
        if (reply.id !== id) return;
        finish(() => {
          this.release(worker);
          if (reply.ok) resolve(reply.result);
          else reject(failure(reply.code, reply.message));
        });
      };
      const onError = (error: Error) =>
        finish(() =>
          reject(
            (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? tooCostly(`needs more than ${this.options.maxHeapMb} MiB`)
              : error,
          ),
        );
      const onExit = (code: number) =>
        finish(() => reject(new Error(`${this.options.what}: a thread exited with code ${code}`)));
      // Counted from when the thread has loaded: its start under tsx is no part of the task.
      const arm = () => {
        timer = setTimeout(
          () =>
            finish(() => {
              void worker.terminate();
              reject(tooCostly(`takes longer than ${this.options.timeoutMs / 1000} s`));
            }),
          this.options.timeoutMs,
        );
      };
      if (this.ready.has(worker)) arm();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, task });
    });
  }
}
