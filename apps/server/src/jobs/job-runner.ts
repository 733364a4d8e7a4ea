import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { JobRow } from '../db/tables.js';
import type { JobsRepository, NewJob } from './jobs.repository.js';

/** What a running job may report: a phase and, while training, the epoch and loss. */
export interface JobProgress {
  phase: string;
  epoch?: number;
  epochs?: number;
  /** 0..1 of the phase */
  fraction?: number;
  loss?: number;
  /** V's accuracy after the epoch, with the weights so far */
  validationAccuracy?: number;
  message?: string;
}

export interface JobContext {
  /** Aborted when the job is cancelled or its lease was taken over. */
  readonly signal: AbortSignal;
  /** Throttled: stored at most twice a second, the newest within half a second. */
  progress(progress: JobProgress): void;
}

/**
 * Runs one kind of job. Jobs are at-least-once (a worker that dies mid-job leaves it to be
 * claimed again once its lease runs out), so a handler must be idempotent: it checks what an
 * earlier run already stored and writes its results under unique keys.
 */
export type JobHandler = (job: JobRow, context: JobContext) => Promise<JobOutcome>;

export interface JobOutcome {
  /** Stored with the job, for the UI. */
  result?: unknown;
  /** The job that follows, enqueued in the transaction that marks this one done. */
  next?: NewJob | undefined;
}

const PROGRESS_INTERVAL_MS = 500;

/** A failure that a retry would only repeat (bad data, a missing image): no more attempts. */
export class PermanentJobError extends Error {}

export interface JobRunnerOptions {
  /** How long a claim holds without a heartbeat; a dead worker's job is retried after it. */
  leaseMs?: number;
  heartbeatMs?: number;
  /** How often an idle runner looks for work (wake() skips the wait). */
  pollMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Claims jobs from the jobs table and runs their handlers, one at a time: in the server's own
 * process on the embedded default, or in `medlabel worker` processes beside several servers.
 */
export class JobRunner {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private current: { jobId: number; controller: AbortController } | undefined;

  constructor(
    private readonly jobs: JobsRepository,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(250, Math.floor(this.leaseMs / 3));
    this.pollMs = options.pollMs ?? 1_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Looks for work now (after an enqueue in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Stops the job in hand now when it is `jobId`, whose cancellation was just asked for in this
   * process; a job that another process runs hears of it at its next heartbeat.
   */
  cancel(jobId: number): void {
    if (this.current?.jobId === jobId) this.current.controller.abort(new CancelledError());
  }

  /** Stops claiming, aborts the job in hand (it is retried elsewhere) and waits for the loop. */
  async stop(): Promise<void> {
    this.running = false;
    this.current?.controller.abort(new Error('the worker is stopping'));
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let job: JobRow | undefined;
      try {
        job = await this.jobs.claim(Object.keys(this.handlers), this.workerId, this.leaseEnd());
      } catch (error) {
        this.options.log?.('claiming a job failed', error);
      }
      if (job) await this.execute(job);
      else await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private leaseEnd(): Date {
    return new Date(Date.now() + this.leaseMs);
  }

  private async execute(job: JobRow): Promise<void> {
    if (job.attempts > job.max_attempts) {
      await this.jobs.exhaust(job.id, this.workerId, job.attempts);
      return;
    }
    const controller = new AbortController();
    this.current = { jobId: job.id, controller };
    let lastProgress = 0;
    let pending: JobProgress | undefined;
    let trailing: NodeJS.Timeout | undefined;
    let progressWrite: Promise<void> = Promise.resolve();
    const flushProgress = () => {
      clearTimeout(trailing);
      trailing = undefined;
      if (!pending) return;
      const progress = pending;
      pending = undefined;
      lastProgress = Date.now();
      progressWrite = progressWrite
        .then(() => this.jobs.progress(job.id, this.workerId, progress))
        .catch((error: unknown) => this.options.log?.('storing job progress failed', error));
    };
    const heartbeat = setInterval(() => {
      flushProgress();
      this.jobs.heartbeat(job.id, this.workerId, this.leaseEnd()).then(
        (beat) => {
          if (!beat) controller.abort(new Error('the job was taken over by another worker'));
          else if (beat.cancelRequested) controller.abort(new CancelledError());
        },
        (error: unknown) => this.options.log?.('job heartbeat failed', error),
      );
    }, this.heartbeatMs);
    const context: JobContext = {
      signal: controller.signal,
      progress: (progress) => {
        pending = progress;
        const wait = lastProgress + PROGRESS_INTERVAL_MS - Date.now();
        if (wait <= 0) flushProgress();
        // The newest progress is stored at the end of the interval at the latest.
        else trailing ??= setTimeout(flushProgress, wait);
      },
    };
    try {
      const handler = this.handlers[job.kind]!;
      const outcome = await handler(job, context);
      flushProgress();
      await progressWrite;
      await this.jobs.finish(job.id, this.workerId, {
        state: 'done',
        result: outcome.result ?? null,
        next: outcome.next,
      });
    } catch (error) {
      await progressWrite;
      await this.settleFailure(job, controller.signal, error);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(trailing);
      this.current = undefined;
    }
  }

  private async settleFailure(job: JobRow, signal: AbortSignal, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    if (signal.aborted && signal.reason instanceof CancelledError) {
      await this.jobs.finish(job.id, this.workerId, { state: 'cancelled', error: 'Cancelled.' });
      return;
    }
    if (signal.aborted && !this.running) {
      // This process is stopping: give the job back for another worker.
      await this.jobs.finish(job.id, this.workerId, { state: 'queued', error: message });
      return;
    }
    if (signal.aborted) return; // taken over: the other worker owns the job now
    this.options.log?.(`job ${job.id} (${job.kind}) failed`, error);
    const retry = !(error instanceof PermanentJobError) && job.attempts < job.max_attempts;
    await this.jobs.finish(job.id, this.workerId, {
      state: retry ? 'queued' : 'failed',
      error: message,
    });
  }
}

class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
