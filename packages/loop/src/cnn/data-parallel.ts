/**
 * Synchronous data-parallel training on worker threads (the wasm backend runs one thread, so
 * this is how a fit uses more than one core). Each worker holds a copy of the network; the
 * weights live once, in shared memory. Every step, worker k takes the k-th contiguous part of
 * the batch's rows (and their augmentation draws), computes its gradients, writes them weighted
 * by its share of the batch into its slot of shared memory, and waits at a barrier (Atomics);
 * then it sums the slots (in slot order) over its own range of the parameters only and applies
 * Adam (adam.ts) to that range of the shared weights; after a second barrier every worker loads
 * the new weights into its network. So the reduction and the update are split between the
 * workers, no weights are sent anywhere, and the result does not depend on which worker is
 * faster. The calling thread plans each epoch's steps and waits; it reads the shared weights
 * between epochs.
 *
 * Starting a worker (TypeScript loader, TensorFlow.js, wasm) takes seconds, so idle groups of
 * workers are kept per thread count and reused by later fits, of any network; they do not keep
 * the process alive.
 *
 * Numerics: the step's gradient is the full batch's (sum of the parts' weighted means, so float
 * rounding differs), but each worker draws dropout masks for its own rows: a fit with 2 threads
 * is reproducible from its seed, yet differs from the same fit with 1 thread (within noise).
 */
// eslint-disable-next-line no-restricted-imports -- threads for computing, no I/O
import { Worker } from 'node:worker_threads';
import type { LabeledSamples } from '../classifier.js';
import type { ArchitectureOptions } from './architecture.js';
import type { StepPlan } from './train-step.js';

export interface WorkerSetup {
  readonly entry: string;
  readonly index: number;
  readonly threads: number;
  readonly wasmDir?: string | undefined;
  /** One int32: how many workers reached the barrier in this fit. */
  readonly arrivals: SharedArrayBuffer;
}

export interface NetworkSpec {
  readonly inputShape: [number, number, number];
  readonly classCount: number;
  readonly architecture: ArchitectureOptions;
}

/** A worker's part of one step: its rows, the step's index in the fit, the batch's row count. */
export type WorkerStep = StepPlan & { step: number; batchRows: number };

export type WorkerRequest =
  | {
      type: 'fit';
      network: NetworkSpec;
      data: LabeledSamples;
      /** The trainable weights, flat (train-step.ts' flatWeights order): float32. */
      weights: SharedArrayBuffer;
      /** threads x parameter-count float32 slots. */
      gradients: SharedArrayBuffer;
    }
  | { type: 'epoch'; steps: WorkerStep[] };

export type WorkerReply =
  { type: 'ready' } | { type: 'loss'; loss: number } | { type: 'error'; message: string };

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./gradient-worker.ts', import.meta.url);

/** A copy of the data in shared memory, so every worker reads the same bytes. */
function shared(data: LabeledSamples): LabeledSamples {
  const values = new Float32Array(new SharedArrayBuffer(data.values.byteLength));
  values.set(data.values);
  const labels = new Int32Array(new SharedArrayBuffer(data.labels.byteLength));
  labels.set(data.labels);
  return { shape: data.shape, count: data.count, values, labels };
}

/** Idle trainers by thread count and wasm folder. */
const idle = new Map<string, DataParallelTrainer[]>();

export class DataParallelTrainer {
  private readonly arrivals: Int32Array;
  private steps = 0;
  /** The fit's weights (flatWeights order), in shared memory. */
  private shared = new Float32Array(new SharedArrayBuffer(0));

  private constructor(
    private readonly key: string,
    private readonly workers: readonly Worker[],
    arrivals: SharedArrayBuffer,
  ) {
    this.arrivals = new Int32Array(arrivals);
  }

  /**
   * An idle trainer of `threads` workers, or new ones; `begin` a fit on it, and `end` the fit
   * to give it back (or `terminate` it).
   */
  static async acquire(threads: number, wasmDir?: string): Promise<DataParallelTrainer> {
    const key = `${threads}:${wasmDir ?? ''}`;
    const reused = idle.get(key)?.pop();
    if (reused !== undefined) return reused;
    const arrivals = new SharedArrayBuffer(4);
    const workers = Array.from({ length: threads }, (_, index) => {
      const setup: WorkerSetup = { entry: ENTRY.href, index, threads, wasmDir, arrivals };
      return new Worker(BOOTSTRAP, { workerData: setup });
    });
    const trainer = new DataParallelTrainer(key, workers, arrivals);
    try {
      await Promise.all(workers.map((worker) => trainer.next(worker)));
    } catch (error) {
      trainer.terminate();
      throw error;
    }
    return trainer;
  }

  /** Starts a fit of this network from these weights (flatWeights order), fresh Adam. */
  async begin(network: NetworkSpec, data: LabeledSamples, weights: Float32Array): Promise<void> {
    for (const worker of this.workers) worker.ref();
    this.steps = 0;
    Atomics.store(this.arrivals, 0, 0);
    this.shared = new Float32Array(new SharedArrayBuffer(weights.byteLength));
    this.shared.set(weights);
    const request: WorkerRequest = {
      type: 'fit',
      network,
      data: shared(data),
      weights: this.shared.buffer,
      gradients: new SharedArrayBuffer(this.workers.length * weights.byteLength),
    };
    await this.all(() => request);
  }

  /**
   * The steps of one epoch, sent at once (the plans do not depend on training), so that the
   * workers meet only at their barrier and never wait for this thread between steps. Resolves
   * to the sum of the batches' mean losses. An abort stops the workers (they start afresh).
   */
  async epoch(plans: readonly StepPlan[], signal?: AbortSignal): Promise<number> {
    const threads = this.workers.length;
    const onAbort = () => this.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    const first = this.steps;
    this.steps += plans.length;
    try {
      const losses = await this.all((k) => ({
        type: 'epoch',
        steps: plans.map((plan, i) => {
          const n = plan.rows.length;
          const [from, to] = [Math.floor((k * n) / threads), Math.floor(((k + 1) * n) / threads)];
          return {
            ...plan,
            step: first + i,
            batchRows: n,
            rows: plan.rows.slice(from, to),
            transforms: plan.transforms?.slice(from * 8, to * 8),
          };
        }),
      }));
      return losses.reduce((sum, reply) => sum + (reply.type === 'loss' ? reply.loss : 0), 0);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A copy of the current weights (flatWeights order); call between epochs. */
  weights(): Float32Array {
    return this.shared.slice();
  }

  /** Ends the fit and gives the workers back for later fits; idle, they let the process exit. */
  end(): void {
    for (const worker of this.workers) worker.unref();
    const list = idle.get(this.key) ?? [];
    list.push(this);
    idle.set(this.key, list);
  }

  /** Stops the workers (after a fit that failed or was cancelled mid-way). */
  terminate(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private all(request: (k: number) => WorkerRequest): Promise<WorkerReply[]> {
    return Promise.all(
      this.workers.map((worker, k) => {
        const reply = this.next(worker);
        worker.postMessage(request(k));
        return reply;
      }),
    );
  }

  private next(worker: Worker): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: WorkerReply) => {
        cleanup();
        if (reply.type === 'error') reject(new Error(`CNN training thread: ${reply.message}`));
        else resolve(reply);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`a CNN training thread exited with code ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }
}
