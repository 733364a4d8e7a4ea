import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import type { JobRow } from '../src/db/tables.js';
import { JobsRepository } from '../src/jobs/jobs.repository.js';
import { JobRunner, PermanentJobError, type JobHandler } from '../src/jobs/job-runner.js';
import { DIALECTS, openTestDatabase } from './support/database.js';

const job = (kind: string, dedupeKey?: string) => ({
  kind,
  loopId: null,
  payload: {},
  dedupeKey,
  maxAttempts: 3,
  createdBy: null,
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out at ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`durable jobs (${dialect})`, () => {
    let database: Database;
    let jobs: JobsRepository;
    const runners: JobRunner[] = [];
    const run = (handlers: Record<string, JobHandler>, leaseMs = 400) => {
      const runner = new JobRunner(jobs, handlers, { leaseMs, heartbeatMs: 100, pollMs: 50 });
      runners.push(runner);
      runner.start();
      return runner;
    };
    const state = (id: number) =>
      until(
        () => jobs.findById(id),
        () => true,
      ) as Promise<JobRow>;
    const settled = (id: number) =>
      until(
        () => jobs.findById(id),
        (row) => row !== undefined && !['queued', 'running'].includes(row.state),
      ) as Promise<JobRow>;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      jobs = new JobsRepository(database.db, dialect);
    });
    afterAll(async () => {
      await Promise.all(runners.map((r) => r.stop()));
      await database.close();
    });

    it('enqueues a step once per dedupe key, and again after it failed', async () => {
      const first = await jobs.enqueue(job('once', 'k1'));
      const second = await jobs.enqueue(job('once', 'k1'));
      expect('job' in first && 'job' in second && second.job.id === first.job.id).toBe(true);
      expect('created' in second && second.created).toBe(false);
      run({ once: () => Promise.reject(new PermanentJobError('bad data')) });
      const failed = await settled((first as { job: JobRow }).job.id);
      expect(failed).toMatchObject({ state: 'failed', error: 'bad data', attempts: 1 });
      const again = await jobs.enqueue(job('once', 'k1'));
      expect('created' in again && again.created).toBe(true);
    });

    it('retries a job whose worker died once its lease runs out, and gives up after max attempts', async () => {
      const { job: orphan } = (await jobs.enqueue(job('orphan'))) as { job: JobRow };
      // A worker claims it and dies: nobody extends the lease.
      await jobs.claim(['orphan'], 'dead-worker', new Date(Date.now() + 300));
      let runs = 0;
      run({
        orphan: () => {
          runs++;
          return Promise.resolve({ result: { ok: true } });
        },
      });
      const done = await settled(orphan.id);
      expect(done).toMatchObject({ state: 'done', attempts: 2, result: '{"ok":true}' });
      expect(runs).toBe(1);

      const { job: doomed } = (await jobs.enqueue(job('doomed'))) as { job: JobRow };
      for (let attempt = 0; attempt < 3; attempt++) {
        await until(
          () => jobs.claim(['doomed'], `dead-${attempt}`, new Date(Date.now() + 100)),
          (row) => row !== undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      run({ doomed: () => Promise.resolve({}) });
      const given = await settled(doomed.id);
      expect(given.state).toBe('failed');
      expect(given.error).toMatch(/interrupted 3 time/);
    });

    it('retries a failing job up to its attempts, then fails it with the error', async () => {
      const { job: flaky } = (await jobs.enqueue(job('flaky'))) as { job: JobRow };
      let calls = 0;
      run({
        flaky: () => {
          calls++;
          return calls < 3 ? Promise.reject(new Error('transient')) : Promise.resolve({});
        },
      });
      expect(await settled(flaky.id)).toMatchObject({ state: 'done', attempts: 3 });
    });

    it('cancels a running job at its next heartbeat and hands on a next job when done', async () => {
      const { job: long } = (await jobs.enqueue(job('long'))) as { job: JobRow };
      run({
        long: (_job, context) =>
          new Promise((_resolve, reject) =>
            context.signal.addEventListener('abort', () => reject(new Error('stopped'))),
          ),
        first: () => Promise.resolve({ next: job('second') }),
        second: () => Promise.resolve({ result: 'second ran' }),
      });
      await until(
        () => state(long.id),
        (row) => row.state === 'running',
      );
      await jobs.requestCancel(long.id);
      expect(await settled(long.id)).toMatchObject({ state: 'cancelled' });
      const { job: first } = (await jobs.enqueue(job('first'))) as { job: JobRow };
      await settled(first.id);
      const second = await until(
        () =>
          database.db
            .selectFrom('jobs')
            .selectAll()
            .where('kind', '=', 'second')
            .executeTakeFirst(),
        (row) => row?.state === 'done',
      );
      expect(second!.result).toBe('"second ran"');
    });

    it('gives every job to exactly one of several concurrent workers', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 20; i++)
        ids.push(((await jobs.enqueue(job('shared'))) as { job: JobRow }).job.id);
      const ranBy = new Map<number, string[]>();
      const handler =
        (name: string): JobHandler =>
        (row) => {
          ranBy.set(row.id, [...(ranBy.get(row.id) ?? []), name]);
          return new Promise((resolve) => setTimeout(() => resolve({}), 20));
        };
      for (const name of ['w1', 'w2', 'w3']) run({ shared: handler(name) }, 5_000);
      for (const id of ids) expect((await settled(id)).state).toBe('done');
      expect([...ranBy.values()].every((names) => names.length === 1)).toBe(true);
      expect(ranBy.size).toBe(20);
    });
  });
}
