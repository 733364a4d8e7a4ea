import os from 'node:os';

/** Latency figures of one workload, in milliseconds. */
export interface Figures {
  name: string;
  requests: number;
  concurrency: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  perSecond: number;
  errors: number;
  /** 1-minute load average when the workload ended */
  load: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `request(worker, i)` `total` times from `concurrency` workers, each waiting for its answer
 * before sending the next (closed loop), after `warmup` unmeasured requests; or fewer, when
 * `stop` aborts first (a time window: `total` can be Infinity then). A request answers true
 * when the server's reply was the expected one; false counts as an error.
 */
export async function measure(
  name: string,
  options: { total: number; concurrency: number; warmup?: number; stop?: AbortSignal },
  request: (worker: number, i: number) => Promise<boolean>,
): Promise<Figures> {
  const { total, concurrency } = options;
  let next = 0;
  for (let i = 0; i < (options.warmup ?? 0); i++) await request(i % concurrency, -1 - i);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total && !options.stop?.aborted; i = next++) {
        const t0 = performance.now();
        const ok = await request(worker, i);
        latencies.push(performance.now() - t0);
        if (!ok) errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    concurrency,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    perSecond: latencies.length / seconds,
    errors,
    load: os.loadavg()[0]!,
  };
}

export function table(rows: Figures[]): string {
  const ms = (n: number) => n.toFixed(1);
  return [
    '| workload | requests | concurrency | p50 ms | p90 ms | p99 ms | max ms | req/s | errors | load (1 min) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.requests} | ${r.concurrency} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.perSecond.toFixed(0)} | ${r.errors} | ${r.load.toFixed(1)} |`,
    ),
  ].join('\n');
}
