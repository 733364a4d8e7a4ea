import type { Actor } from './actor.js';
import type { AuthRepository } from './auth.repository.js';
import { TOKEN_DAYS, toApiToken, type ApiToken, type CreateApiToken } from './auth.dto.js';
import type { PasswordThrottle } from './password-throttle.js';
import { digest, hashPassword, randomToken, verifyPassword } from './secrets.js';
import { notFound, unauthorized } from '../http/problem.js';
import type { UsersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.service.js';
import type { User } from '../users/users.dto.js';

const DAY_MS = 86_400_000;
const SESSION_DAYS = 14;
const TOKEN_PREFIX = 'mlt_';
/** A token's last use is written at most this often, not on every request. */
const TOKEN_USE_RESOLUTION_MS = 60_000;

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
  /** the stored id (digest) of the cookie session, when the request came with one */
  sessionId?: string;
}

/** Sign-in with passwords, sessions and API tokens. */
export class AuthService {
  /** Verified against when the email is unknown, so both paths take the same time. */
  private readonly decoyHash = hashPassword(randomToken());

  constructor(
    private readonly auth: AuthRepository,
    private readonly users: UsersRepository,
    private readonly throttle: PasswordThrottle,
  ) {}

  /** Signs in from `address`; guessing is throttled per address and per address and email. */
  async login(email: string, password: string, address: string): Promise<Session> {
    const normalized = email.toLowerCase();
    const attempt = await this.throttle.attempt(address, `login\n${address}\n${normalized}`);
    const row = await this.users.findByEmail(normalized);
    const ok = await verifyPassword(row?.password_hash ?? (await this.decoyHash), password);
    if (!row || !ok || row.active !== 1) throw unauthorized('Wrong email or password.');
    await attempt.succeeded();
    await this.auth.deleteExpiredSessions(new Date().toISOString());
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS);
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
    if (credentials.bearer !== undefined) return this.authenticateToken(credentials.bearer);
    if (credentials.session !== undefined) {
      const sessionId = digest(credentials.session);
      const row = await this.auth.findSession(sessionId, new Date().toISOString());
      if (!row) return undefined;
      return {
        actor: { id: row.id, email: row.email, role: row.role },
        csrfToken: row.csrf_token,
        sessionId,
      };
    }
    return undefined;
  }

  private async authenticateToken(token: string): Promise<Authentication | undefined> {
    const row = await this.auth.findTokenUser(digest(token));
    if (!row) return undefined;
    const now = Date.now();
    if (Date.parse(row.expires_at) <= now)
      throw unauthorized(`This API token expired at ${row.expires_at}; create a new one.`);
    const staleBefore = new Date(now - TOKEN_USE_RESOLUTION_MS).toISOString();
    if (row.last_used_at === null || row.last_used_at < staleBefore)
      await this.auth.touchToken(row.token_id, new Date(now).toISOString(), staleBefore);
    return { actor: { id: row.id, email: row.email, role: row.role } };
  }

  async createToken(actor: Actor, input: CreateApiToken): Promise<ApiToken & { token: string }> {
    const token = TOKEN_PREFIX + randomToken();
    const days = input.expiresInDays ?? TOKEN_DAYS.default;
    const row = await this.auth.createToken({
      userId: actor.id,
      name: input.name,
      hash: digest(token),
      expiresAt: new Date(Date.now() + days * DAY_MS).toISOString(),
    });
    return { ...toApiToken(row), token };
  }

  async listTokens(actor: Actor): Promise<ApiToken[]> {
    return (await this.auth.listTokens(actor.id)).map(toApiToken);
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
