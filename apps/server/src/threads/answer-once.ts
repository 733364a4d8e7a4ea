import { parentPort } from 'node:worker_threads';

/** What a one-shot thread posts back: its answer, or why it failed. */
export type Reply<T> = { ok: true; output: T } | { ok: false; message: string };

/** A one-shot thread's body: answers the first message with `compute`'s result, or its error. */
export function answerOnce<M, T>(compute: (message: M) => T | Promise<T>): void {
  const port = parentPort!;
  const answer = async (message: M) => {
    try {
      port.postMessage({ ok: true, output: await compute(message) } satisfies Reply<T>);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      port.postMessage({ ok: false, message: reason } satisfies Reply<T>);
    }
  };
  port.once('message', (message: M) => void answer(message));
}
