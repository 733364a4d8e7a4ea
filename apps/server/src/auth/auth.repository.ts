import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

const tokenColumns = ['id', 'name', 'created_at', 'expires_at', 'last_used_at'] as const;

/** Sessions and API tokens (both stored as digests). */
export class AuthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async createSession(session: {
    id: string;
    userId: number;
    csrfToken: string;
    expiresAt: string;
  }) {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** The live session with its active user, or undefined. */
  findSession(id: string, now: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.csrf_token', 'users.id', 'users.email', 'users.role'])
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', 1)
      .executeTakeFirst();
  }

  async deleteExpiredSessions(now: string) {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  async deleteSession(id: string) {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Signs a user out everywhere, or everywhere but the session `exceptId`. */
  async deleteSessionsOf(userId: number, exceptId?: string) {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
    await query.execute();
  }

  async createToken(token: { userId: number; name: string; hash: string; expiresAt: string }) {
    return this.db
      .insertInto('api_tokens')
      .values({
        user_id: token.userId,
        name: token.name,
        token_hash: token.hash,
        created_at: new Date().toISOString(),
        expires_at: token.expiresAt,
        last_used_at: null,
      })
      .returning(tokenColumns)
      .executeTakeFirstOrThrow();
  }

  /** The token with its active user, expired or not. */
  findTokenUser(hash: string) {
    return this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'api_tokens.id as token_id',
        'api_tokens.expires_at',
        'api_tokens.last_used_at',
        'users.id',
        'users.email',
        'users.role',
      ])
      .where('api_tokens.token_hash', '=', hash)
      .where('users.active', '=', 1)
      .executeTakeFirst();
  }

  /**
   * Records a use of the token unless one after `staleBefore` is recorded already: most requests
   * then write nothing, and concurrent ones write once.
   */
  async touchToken(id: number, now: string, staleBefore: string) {
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
      .execute();
  }

  listTokens(userId: number) {
    return this.db
      .selectFrom('api_tokens')
      .select(tokenColumns)
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
  }

  async deleteToken(userId: number, id: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('api_tokens')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteTokensOf(userId: number) {
    await this.db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  }
}
