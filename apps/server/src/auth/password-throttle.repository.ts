import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/** Counters of password attempts in fixed windows, one row per key. */
export class PasswordThrottleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counts one attempt of `key` and returns the count and end of its window, in one statement so
   * that concurrent requests in any process each get their own number. A window that ended
   * starts again at 1 and ends at `newWindowEnds`.
   */
  count(key: string, now: string, newWindowEnds: string) {
    return this.db
      .insertInto('password_throttle')
      .values({ key, failures: 1, window_ends: newWindowEnds })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => {
          const ended = eb('password_throttle.window_ends', '<=', now);
          return {
            failures: eb
              .case()
              .when(ended)
              .then(1)
              .else(eb('password_throttle.failures', '+', 1))
              .end(),
            window_ends: eb
              .case()
              .when(ended)
              .then(newWindowEnds)
              .else(eb.ref('password_throttle.window_ends'))
              .end(),
          };
        }),
      )
      .returning(['failures', 'window_ends'])
      .executeTakeFirstOrThrow();
  }

  /** Takes back one counted attempt of `key` (it succeeded). */
  async uncount(key: string) {
    await this.db
      .updateTable('password_throttle')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  async delete(key: string) {
    await this.db.deleteFrom('password_throttle').where('key', '=', key).execute();
  }

  async deleteEnded(now: string) {
    await this.db.deleteFrom('password_throttle').where('window_ends', '<=', now).execute();
  }
}
