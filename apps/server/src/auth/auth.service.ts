import type { Actor } from './actor.js';
import type { AuthRepository } from './auth.repository.js';
import { digest, hashPassword, randomToken, verifyPassword } from './secrets.js';
import { notFound, unauthorized } from '../http/problem.js';
import type { UsersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.service.js';
import type { User } from '../users/users.dto.js';

const SESSION_DAYS = 14;
const TOKEN_PREFIX = 'mlt_';

export interface Session {
  /** the cookie value; only its digest is stored */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
}

export interface Authentication {
  actor: Actor;
  /** set for cookie sessions: state-changing requests must echo it in a header */
  csrfToken?: string;
}

/** Sign-in with passwords, sessions and API tokens. */
export class AuthService {
  /** Verified against when the email is unknown, so both paths take the same time. */
  private readonly decoyHash = hashPassword(randomToken());

  constructor(
    private readonly auth: AuthRepository,
    private readonly users: UsersRepository,
  ) {}

  async login(email: string, password: string): Promise<Session> {
    const row = await this.users.findByEmail(email.toLowerCase());
    const ok = await verifyPassword(row?.password_hash ?? (await this.decoyHash), password);
    if (!row || !ok || row.active !== 1) throw unauthorized('Wrong email or password.');
    await this.auth.deleteExpiredSessions(new Date().toISOString());
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await this.auth.createSession({
      id: digest(token),
      userId: row.id,
      csrfToken,
      expiresAt: expiresAt.toISOString(),
    });
    return { token, csrfToken, expiresAt, user: toUser(row) };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.auth.deleteSession(digest(sessionToken));
  }

  /** Resolves a bearer token or else a session cookie to an actor. */
  async authenticate(credentials: {
    bearer?: string;
    session?: string;
  }): Promise<Authentication | undefined> {
    if (credentials.bearer !== undefined) {
      const row = await this.auth.findTokenUser(digest(credentials.bearer));
      return row ? { actor: { id: row.id, email: row.email, role: row.role } } : undefined;
    }
    if (credentials.session !== undefined) {
      const row = await this.auth.findSession(
        digest(credentials.session),
        new Date().toISOString(),
      );
      if (!row) return undefined;
      return { actor: { id: row.id, email: row.email, role: row.role }, csrfToken: row.csrf_token };
    }
    return undefined;
  }

  async createToken(actor: Actor, name: string) {
    const token = TOKEN_PREFIX + randomToken();
    const row = await this.auth.createToken({ userId: actor.id, name, hash: digest(token) });
    return { id: row.id, name: row.name, createdAt: row.created_at, token };
  }

  async listTokens(actor: Actor) {
    const rows = await this.auth.listTokens(actor.id);
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async deleteToken(actor: Actor, id: number): Promise<void> {
    if (!(await this.auth.deleteToken(actor.id, id))) throw notFound('Token');
  }

  async me(actor: Actor): Promise<User> {
    const row = await this.users.findById(actor.id);
    if (!row) throw unauthorized();
    return toUser(row);
  }
}
