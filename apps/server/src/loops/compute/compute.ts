import { typescriptWorker } from '../../threads/typescript-worker.js';
import type {
  ComputeMessage,
  PredictRequest,
  PredictResponse,
  TrainRequest,
  TrainResponse,
} from './protocol.js';

export type ComputeProgress = Extract<ComputeMessage, { type: 'progress' | 'validation' }>;

const ENTRY = new URL('./compute.worker.ts', import.meta.url);

/**
 * Runs one request on a fresh worker thread and ends the thread with it: a cancelled job
 * terminates the thread mid-epoch, and no model memory outlives its job.
 */
function runOnThread<T extends ComputeMessage>(
  request: TrainRequest | PredictRequest,
  options: { signal?: AbortSignal; onProgress?: (progress: ComputeProgress) => void },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    options.signal?.throwIfAborted();
    const worker = typescriptWorker(ENTRY);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      action();
    };
    const onAbort = () =>
      settle(() =>
        reject(
          options.signal!.reason instanceof Error ? options.signal!.reason : new Error('aborted'),
        ),
      );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ComputeMessage) => {
      if (message.type === 'progress' || message.type === 'validation')
        options.onProgress?.(message);
      else if (message.type === 'error') settle(() => reject(new Error(message.message)));
      else settle(() => resolve(message as T));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the compute thread exited with code ${code}`))),
    );
    worker.postMessage(request);
  });
}

export function trainOnThread(
  request: Omit<TrainRequest, 'type'>,
  options: { signal?: AbortSignal; onProgress?: (progress: ComputeProgress) => void } = {},
): Promise<TrainResponse> {
  return runOnThread<TrainResponse>({ type: 'train', ...request }, options);
}

export function predictOnThread(
  request: Omit<PredictRequest, 'type'>,
  options: { signal?: AbortSignal } = {},
): Promise<PredictResponse> {
  return runOnThread<PredictResponse>({ type: 'predict', ...request }, options);
}
