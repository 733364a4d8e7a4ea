import type { FastifyInstance } from 'fastify';

export interface HealthWatch {
  /** Stops probing; answers the worst delay and how many probes ran and failed. */
  stop(): Promise<{ worstMs: number; probes: number; failed: number }>;
}

/**
 * Asks /api/health every `everyMs` while hostile work runs and records how late each answer
 * came, counted from when the probe was due: a blocked event loop delays the timer and the
 * answer alike, so the worst delay is how long the server could not answer anyone.
 */
export function watchHealth(app: FastifyInstance, everyMs = 25): HealthWatch {
  let stopped = false;
  let worstMs = 0;
  let probes = 0;
  let failed = 0;
  const loop = (async () => {
    while (!stopped) {
      const due = performance.now() + everyMs;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      const response = await app.inject({ url: '/api/health' });
      probes++;
      if (response.statusCode !== 200) failed++;
      worstMs = Math.max(worstMs, performance.now() - due);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { worstMs, probes, failed };
    },
  };
}
