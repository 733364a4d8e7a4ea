import { HttpError } from '../../http/problem.js';
import { WorkerPool } from '../../threads/worker-pool.js';
import type { StudyInput, StudyOutput, Wanted } from './analysis.js';
import type { AgreementJob } from './summary-thread.js';

const ENTRY = new URL('./agreement.worker.ts', import.meta.url);

export interface AgreementThreadOptions {
  /** analyses running at once, each on its own thread */
  readonly threads: number;
  /** analyses that may wait; more are refused with 429 */
  readonly maxWaiting: number;
  /** an analysis running longer ends its thread and is refused with 503 */
  readonly timeoutMs: number;
  readonly maxHeapMb: number;
  /** an idle agreement thread ends after this long */
  readonly idleMs: number;
  /**
   * from this many images to summarise, half go to a second thread (so an analysis uses two at
   * most); fewer are done sooner than a thread starts
   */
  readonly shareSummariesFrom: number;
}

export const DEFAULT_AGREEMENT_THREADS: AgreementThreadOptions = {
  threads: 1,
  maxWaiting: 8,
  timeoutMs: 120_000,
  maxHeapMb: 1024,
  idleMs: 300_000,
  shareSummariesFrom: 1000,
};

/**
 * Runs reading-study analyses on a pool of worker threads (kept a while between analyses, so
 * that a study whose summaries are stored does not wait for a thread to start; one with many
 * images to summarise hands half of them to a helper thread, see summary-thread.ts), a bounded
 * number at once and waiting, a time and heap limit each.
 */
export class AgreementThreads {
  private readonly options: AgreementThreadOptions;
  private readonly pool: WorkerPool;

  constructor(options: Partial<AgreementThreadOptions> = {}) {
    this.options = { ...DEFAULT_AGREEMENT_THREADS, ...options };
    this.pool = new WorkerPool({
      ...this.options,
      entry: ENTRY,
      what: 'computing agreement',
      // An analysis parses and aggregates a summary per image: short-lived objects, fewer
      // collections with room for them (measured: a fifth less CPU than V8's default).
      youngGenerationMb: 96,
      tooCostly: (why) =>
        new HttpError(
          503,
          'agreement-too-costly',
          `Computing the agreement of this collection ${why}; it was stopped.`,
        ),
    });
  }

  /** The study's analysis: the report, and what else is wanted (nothing by default). */
  analyse(
    input: StudyInput,
    wanted: Wanted = { csv: false, outlines: false },
  ): Promise<StudyOutput> {
    const job: AgreementJob = {
      input,
      wanted,
      shareFrom: this.options.shareSummariesFrom,
      maxHeapMb: this.options.maxHeapMb,
    };
    return this.pool.run<StudyOutput>(job);
  }

  /** Starts an agreement thread ahead of an analysis where none is idle (see WorkerPool.warm). */
  warm(): void {
    this.pool.warm();
  }

  /** Ends its threads; analyses still running fail. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
