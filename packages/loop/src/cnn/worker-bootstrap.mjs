// Starts a data-parallel gradient worker: registers tsx's loader in this thread (a worker's
// --import does not apply to its own entry on Node 20), then imports the TypeScript entry.
// eslint-disable-next-line no-restricted-imports -- a thread for computing, no I/O
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
