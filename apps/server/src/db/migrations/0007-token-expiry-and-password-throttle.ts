// Frozen once shipped: never edit it; add the next file instead. It imports only kysely and
// types, so later changes to live code cannot change what it does.
import type { Kysely } from 'kysely';

/** The tables this migration writes, as they were then. */
interface Tables {
  api_tokens: { expires_at: string | null };
}

/** Tokens made before expiry existed get the default lifetime of new tokens, from now. */
const EXISTING_TOKEN_DAYS = 90;

export async function up(db: Kysely<unknown>): Promise<void> {
  // API tokens expire and say when they were last used. The column stays nullable because
  // SQLite cannot add a NOT NULL column without a default; every row gets a value below.
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('api_tokens').addColumn('last_used_at', 'text').execute();
  const expiresAt = new Date(Date.now() + EXISTING_TOKEN_DAYS * 86_400_000).toISOString();
  await (db as Kysely<Tables>).updateTable('api_tokens').set({ expires_at: expiresAt }).execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  // Failed password attempts per key (an address, or an address and an account) in a fixed
  // window, shared by every server process on the database. Keys are digests: no addresses or
  // typed emails in clear.
  await db.schema
    .createTable('password_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_ends', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_throttle_window_ends')
    .on('password_throttle')
    .column('window_ends')
    .execute();
}
