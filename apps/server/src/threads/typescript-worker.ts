import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);

/**
 * A worker thread running a TypeScript module (`entry`, a file URL): the bootstrap registers
 * tsx's loader in the new thread, since a worker's --import does not apply to its own entry on
 * Node 20.
 */
export function typescriptWorker(
  entry: URL,
  options: Omit<WorkerOptions, 'workerData'> = {},
): Worker {
  return new Worker(BOOTSTRAP, { ...options, workerData: { entry: entry.href } });
}
