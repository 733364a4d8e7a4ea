import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool, type WorkerPoolOptions } from '../src/threads/worker-pool.js';
import type { ProbeTask } from './support/pool-probe.worker.js';

const OPTIONS: WorkerPoolOptions = {
  entry: new URL('./support/pool-probe.worker.ts', import.meta.url),
  what: 'probing',
  threads: 1,
  maxWaiting: 1,
  timeoutMs: 30_000,
  maxHeapMb: 64,
  idleMs: 60_000,
  tooCostly: (why) => new Error(`too costly: ${why}`),
  failure: (code, message) => new Error(`${code}: ${message}`),
};

describe('worker pool', () => {
  let pool: WorkerPool;
  afterEach(() => pool.close());

  it('starts a thread ahead of a task and runs every task on it', async () => {
    pool = new WorkerPool(OPTIONS);
    pool.warm();
    expect(pool.threads).toBe(1);
    const first = await pool.run<number>({ kind: 'who' } satisfies ProbeTask);
    pool.warm(); // one is idle: nothing more starts
    const second = await pool.run<number>({ kind: 'who' } satisfies ProbeTask);
    expect(second).toBe(first);
    expect(pool.threads).toBe(1);
  });

  it("gives a task's failure with its code, and keeps the thread", async () => {
    pool = new WorkerPool(OPTIONS);
    const before = await pool.run<number>({ kind: 'who' } satisfies ProbeTask);
    await expect(pool.run({ kind: 'fail' } satisfies ProbeTask)).rejects.toThrow('PROBE: refused');
    expect(await pool.run<number>({ kind: 'who' } satisfies ProbeTask)).toBe(before);
  });

  it('ends a thread that runs past the time limit and refuses the task as too costly', async () => {
    pool = new WorkerPool({ ...OPTIONS, timeoutMs: 300 });
    const before = await pool.run<number>({ kind: 'who' } satisfies ProbeTask);
    await expect(pool.run({ kind: 'spin', ms: 5000 } satisfies ProbeTask)).rejects.toThrow(
      'too costly: takes longer than 0.3 s',
    );
    const after = await pool.run<number>({ kind: 'who' } satisfies ProbeTask);
    expect(after).not.toBe(before);
  });

  it('refuses beyond the waiting room with 429', async () => {
    pool = new WorkerPool(OPTIONS);
    const running = pool.run({ kind: 'spin', ms: 500 } satisfies ProbeTask);
    const waiting = pool.run({ kind: 'who' } satisfies ProbeTask);
    await expect(pool.run({ kind: 'who' } satisfies ProbeTask)).rejects.toMatchObject({
      status: 429,
    });
    await Promise.all([running, waiting]);
  });
});
