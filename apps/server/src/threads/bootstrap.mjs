// Starts a TypeScript worker thread: registers tsx's loader in this thread, then imports the
// entry named in workerData (a worker's --import does not apply to its own entry on Node 20).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
