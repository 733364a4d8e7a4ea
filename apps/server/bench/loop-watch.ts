import type { Client } from '../test/crash/client.js';

/** What the benchmark reads of GET /api/loops/{id}. */
export interface LoopView {
  phase: string;
  job: {
    kind: string;
    state: string;
    progress: { phase?: string; epoch?: number; epochs?: number };
    error: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
  } | null;
}

/**
 * Polls the loop every `pollMs` until `done(view)`. A failed or cancelled job, or the deadline,
 * throws.
 */
export async function watchLoop(
  client: Client,
  loopId: number,
  done: (view: LoopView) => boolean,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<LoopView> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const view = await client.ok<LoopView>('GET', `/api/loops/${loopId}`);
    if (done(view)) return view;
    if (view.phase === 'failed' || view.phase === 'cancelled')
      throw new Error(`the loop's ${view.job?.kind} job ended ${view.phase}: ${view.job?.error}`);
    if (Date.now() > deadline) throw new Error(`the loop stayed ${view.phase}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

/** Seconds between two of a job's ISO timestamps. */
export function secondsBetween(from: string | null, to: string | null): number {
  return from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : NaN;
}
