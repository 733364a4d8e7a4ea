import type { Kysely } from 'kysely';
import type { DB } from './tables.js';

/** Installation-wide values in the `settings` table, shared by every server process. */
export class SettingsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /**
   * The value of `key`, storing `proposed` when it has none. One statement decides: when two
   * processes propose at once, both get the value that was stored first.
   */
  async getOrInsert(key: string, proposed: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value: proposed, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const stored = await this.get(key);
    if (stored === undefined) throw new Error(`setting ${key} vanished after it was stored`);
    return stored;
  }
}
