import { HttpError } from '../../http/problem.js';
import { WorkQueue } from '../../images/work-queue.js';
import type { Reply } from '../../threads/answer-once.js';
import { typescriptWorker } from '../../threads/typescript-worker.js';
import type { StudyInput, StudyOutput } from './analysis.js';
import type { AgreementJob } from './contour-thread.js';

const ENTRY = new URL('./agreement.worker.ts', import.meta.url);

export interface AgreementThreadOptions {
  /** analyses running at once, each on its own thread */
  readonly threads: number;
  /** analyses that may wait; more are refused with 429 */
  readonly maxWaiting: number;
  /** an analysis running longer ends its thread and is refused with 503 */
  readonly timeoutMs: number;
  readonly maxHeapMb: number;
  /**
   * studies of at least this many images share their contours with a second thread (so an
   * analysis uses two at most); smaller ones are done sooner than a thread starts
   */
  readonly shareContoursFrom: number;
}

export const DEFAULT_AGREEMENT_THREADS: AgreementThreadOptions = {
  threads: 1,
  maxWaiting: 8,
  timeoutMs: 120_000,
  maxHeapMb: 1024,
  shareContoursFrom: 1000,
};

/**
 * Runs reading-study analyses on worker threads: a fresh thread per analysis (ended with it,
 * so no memory outlives a request; a large study's also hands half its contours to one helper
 * thread, see contour-thread.ts), a bounded number at once and waiting, a time limit each.
 */
export class AgreementThreads {
  private readonly options: AgreementThreadOptions;
  private readonly queue: WorkQueue;

  constructor(options: Partial<AgreementThreadOptions> = {}) {
    this.options = { ...DEFAULT_AGREEMENT_THREADS, ...options };
    this.queue = new WorkQueue(
      'computing agreement',
      this.options.threads,
      this.options.maxWaiting,
    );
  }

  analyse(input: StudyInput): Promise<StudyOutput> {
    return this.queue.run(() => this.onThread(input));
  }

  private onThread(input: StudyInput): Promise<StudyOutput> {
    return new Promise<StudyOutput>((resolve, reject) => {
      const worker = typescriptWorker(ENTRY, {
        resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      });
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        action();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new HttpError(
                503,
                'agreement-too-costly',
                'Computing the agreement of this collection took too long; it was stopped.',
              ),
            ),
          ),
        this.options.timeoutMs,
      );
      worker.on('message', (reply: Reply<StudyOutput>) =>
        settle(() => (reply.ok ? resolve(reply.output) : reject(new Error(reply.message)))),
      );
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() => reject(new Error(`the agreement thread exited with code ${code}`))),
      );
      const job: AgreementJob = {
        input,
        shareContours: input.images.length >= this.options.shareContoursFrom,
        maxHeapMb: this.options.maxHeapMb,
      };
      worker.postMessage(job);
    });
  }
}
