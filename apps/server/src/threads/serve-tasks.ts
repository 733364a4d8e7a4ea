import { parentPort } from 'node:worker_threads';
import type { TaskReply, ThreadMessage } from './worker-pool.js';

/**
 * The body of a WorkerPool thread: says it is ready (its module loaded), then performs each task
 * it is sent, one at a time, and answers with its result or its failure (with `codeOf` the
 * error's code, for the pool's `failure`).
 */
export function serveTasks<T>(
  perform: (task: T) => unknown,
  codeOf: (error: unknown) => string | undefined = () => undefined,
): void {
  const port = parentPort!;
  port.postMessage({ ready: true } satisfies ThreadMessage);
  port.on('message', ({ id, task }: { id: number; task: T }) => {
    Promise.resolve()
      .then(() => perform(task))
      .then(
        (result) => port.postMessage({ id, ok: true, result } satisfies TaskReply),
        (error: unknown) =>
          port.postMessage({
            id,
            ok: false,
            code: codeOf(error),
            message: error instanceof Error ? error.message : String(error),
          } satisfies TaskReply),
      );
  });
}
