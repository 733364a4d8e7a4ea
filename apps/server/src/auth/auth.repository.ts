import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

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

  async deleteSessionsOf(userId: number) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async createToken(token: { userId: number; name: string; hash: string }) {
    return this.db
      .insertInto('api_tokens')
      .values({
        user_id: token.userId,
        name: token.name,
        token_hash: token.hash,
        created_at: new Date().toISOString(),
      })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  findTokenUser(hash: string) {
    return this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id as token_id', 'users.id', 'users.email', 'users.role'])
      .where('api_tokens.token_hash', '=', hash)
      .where('users.active', '=', 1)
      .executeTakeFirst();
  }

  listTokens(userId: number) {
    return this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at'])
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
}
