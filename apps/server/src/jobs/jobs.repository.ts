import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { DB, JobRow, JobState } from '../db/tables.js';
import { isUniqueViolation } from '../db/errors.js';

export interface NewJob {
  kind: string;
  loopId: number | null;
  payload: unknown;
  /** A job with this key is created at most once; a second enqueue returns the first. */
  dedupeKey?: string | undefined;
  maxAttempts: number;
  createdBy: number | null;
}

const ACTIVE: JobState[] = ['queued', 'running'];

/** The jobs table: enqueue, claim under a lease, heartbeat, progress and the end of a job. */
export class JobsRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  findById(id: number) {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The loop's queued or running job, if any. */
  activeForLoop(loopId: number) {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('loop_id', '=', loopId)
      .where('state', 'in', ACTIVE)
      .executeTakeFirst();
  }

  latestForLoop(loopId: number) {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('loop_id', '=', loopId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Inserts a queued job, in the caller's transaction when given. Answers the existing job when
   * the dedupe key was used before, and `busy` when the loop already has an active job.
   */
  async enqueue(
    job: NewJob,
    trx: Kysely<DB> | Transaction<DB> = this.db,
  ): Promise<{ job: JobRow; created: boolean } | { busy: JobRow }> {
    if (job.dedupeKey !== undefined) {
      const existing = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('dedupe_key', '=', job.dedupeKey)
        .executeTakeFirst();
      if (existing) return { job: existing, created: false };
    }
    const insert = () =>
      trx
        .insertInto('jobs')
        .values({
          kind: job.kind,
          loop_id: job.loopId,
          payload: JSON.stringify(job.payload),
          dedupe_key: job.dedupeKey ?? null,
          state: 'queued',
          max_attempts: job.maxAttempts,
          created_by: job.createdBy,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    // In a caller's transaction a failed insert aborts it on PostgreSQL: a savepoint keeps it.
    try {
      return { job: await this.withSavepoint(trx, insert), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const byKey =
      job.dedupeKey === undefined
        ? undefined
        : await trx
            .selectFrom('jobs')
            .selectAll()
            .where('dedupe_key', '=', job.dedupeKey)
            .executeTakeFirst();
    if (byKey) return { job: byKey, created: false };
    const active = job.loopId === null ? undefined : await this.activeIn(trx, job.loopId);
    if (!active) throw new Error('the job conflicts with one that no longer exists');
    return { busy: active };
  }

  /**
   * Takes the oldest job that is queued, or running under a lease that ran out (its worker
   * died), for `worker` until `leaseUntil`. On PostgreSQL, SKIP LOCKED lets several workers
   * claim at once without waiting on each other.
   */
  async claim(
    kinds: readonly string[],
    worker: string,
    leaseUntil: Date,
  ): Promise<JobRow | undefined> {
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const claimable = (eb: ExpressionBuilder<DB, 'jobs'>) =>
        eb.or([
          eb('state', '=', 'queued'),
          eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
        ]);
      const candidate = await trx
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', kinds)
        .where(claimable)
        .orderBy('id')
        .limit(1)
        .$if(this.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
        .executeTakeFirst();
      if (!candidate) return undefined;
      return (
        trx
          .updateTable('jobs')
          .set((eb) => ({
            state: 'running',
            worker,
            lease_until: leaseUntil.toISOString(),
            attempts: eb('attempts', '+', 1),
            started_at: sql<string>`coalesce(started_at, ${now})`,
          }))
          .where('id', '=', candidate.id)
          // Checked again under the row lock: another claim may have won meanwhile.
          .where(claimable)
          .returningAll()
          .executeTakeFirst()
      );
    });
  }

  /** Extends the lease; undefined when the worker lost it (another took the job over). */
  async heartbeat(id: number, worker: string, leaseUntil: Date) {
    const row = await this.db
      .updateTable('jobs')
      .set({ lease_until: leaseUntil.toISOString() })
      .where('id', '=', id)
      .where('worker', '=', worker)
      .where('state', '=', 'running')
      .returning('cancel_requested')
      .executeTakeFirst();
    return row && { cancelRequested: row.cancel_requested === 1 };
  }

  async progress(id: number, worker: string, progress: unknown) {
    await this.db
      .updateTable('jobs')
      .set({ progress: JSON.stringify(progress) })
      .where('id', '=', id)
      .where('worker', '=', worker)
      .where('state', '=', 'running')
      .execute();
  }

  /**
   * Ends the worker's run of a job: done, failed, cancelled, or queued again for a retry. A job
   * that is done may hand on to the `next` one in the same transaction (the loop's next step).
   * A job that did not succeed frees its dedupe key, so the step can be asked for again.
   */
  async finish(
    id: number,
    worker: string,
    end: { state: JobState; error?: string; result?: unknown; next?: NewJob | undefined },
  ): Promise<boolean> {
    const final = end.state !== 'queued';
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('jobs')
        .set({
          state: end.state,
          error: end.error ?? null,
          ...(end.result === undefined ? {} : { result: JSON.stringify(end.result) }),
          worker: final ? worker : null,
          lease_until: null,
          ...(final ? { finished_at: new Date().toISOString() } : {}),
          ...(final && end.state !== 'done' ? { dedupe_key: null } : {}),
        })
        .where('id', '=', id)
        .where('worker', '=', worker)
        .where('state', '=', 'running')
        .executeTakeFirst();
      const ended = Number(result.numUpdatedRows) === 1;
      if (ended && end.state === 'done' && end.next) await this.enqueue(end.next, trx);
      return ended;
    });
  }

  /** Marks a job that ran out of attempts as failed (its worker kept dying). */
  async exhaust(id: number, worker: string, attempts: number) {
    await this.finish(id, worker, {
      state: 'failed',
      error: `The job was interrupted ${attempts - 1} time(s) (its worker stopped) and was given up.`,
    });
  }

  /**
   * A queued job is cancelled at once; a running one is flagged, which its worker hears at its next
   * heartbeat (or at once, through JobRunner.cancel, when it runs in this process).
   */
  async requestCancel(id: number): Promise<JobRow | undefined> {
    const now = new Date().toISOString();
    await this.db
      .updateTable('jobs')
      .set({ state: 'cancelled', finished_at: now, dedupe_key: null })
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .execute();
    await this.db
      .updateTable('jobs')
      .set({ cancel_requested: 1 })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();
    return this.findById(id);
  }

  private activeIn(trx: Kysely<DB> | Transaction<DB>, loopId: number) {
    return trx
      .selectFrom('jobs')
      .selectAll()
      .where('loop_id', '=', loopId)
      .where('state', 'in', ACTIVE)
      .executeTakeFirst();
  }

  /** Runs `work` so that its failure leaves the surrounding transaction usable. */
  private async withSavepoint<T>(
    trx: Kysely<DB> | Transaction<DB>,
    work: () => Promise<T>,
  ): Promise<T> {
    if (!trx.isTransaction || this.dialect !== 'postgres') return work();
    await sql`savepoint job_enqueue`.execute(trx);
    try {
      const value = await work();
      await sql`release savepoint job_enqueue`.execute(trx);
      return value;
    } catch (error) {
      await sql`rollback to savepoint job_enqueue`.execute(trx);
      throw error;
    }
  }
}
