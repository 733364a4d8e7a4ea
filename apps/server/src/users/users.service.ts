import { normalizeExpertiseTerms, weakPasswordReason, type Expertise } from '@medlabel/schema';
import { isReader, type Actor } from '../auth/actor.js';
import type { PasswordThrottle } from '../auth/password-throttle.js';
import { hashPassword, randomToken, verifyPassword } from '../auth/secrets.js';
import type { UserRow } from '../db/tables.js';
import { HttpError, conflict, forbidden, invalid, notFound } from '../http/problem.js';
import type { CreateUser, UpdateUser, User } from './users.dto.js';
import type { UsersRepository } from './users.repository.js';
import type { AuthRepository } from '../auth/auth.repository.js';
import type { AssignmentsRepository } from '../assignments/assignments.repository.js';

type PublicUserRow = Omit<UserRow, 'password_hash'>;

/** Where a change comes from: its address (throttles password guesses), its session (kept). */
export interface RequestOrigin {
  address: string;
  sessionId?: string | undefined;
}

/** Refuses a password that breaks the policy with 422 naming the rule. */
function requireStrongPassword(password: string, email: string) {
  const reason = weakPasswordReason(password, email);
  if (reason !== undefined) throw invalid(reason, [{ pointer: '/body/password', message: reason }]);
}

/** Expertise in the vocabulary's words; 422 naming each specialty or modality outside it. */
function vocabularyExpertise(expertise: Expertise[]): Expertise[] {
  const checked = expertise.map((entry, i) =>
    normalizeExpertiseTerms(entry, ['body', 'expertise', i]),
  );
  const problems = checked.flatMap((c) => c.problems);
  if (problems.length > 0)
    throw invalid(
      problems.map((p) => p.message).join('; '),
      problems.map((p) => ({ pointer: p.path, message: p.message })),
    );
  return checked.map((c) => c.value);
}

export function toUser(row: PublicUserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    expertise: JSON.parse(row.expertise) as Expertise[],
    createdAt: row.created_at,
  };
}

/** User accounts: admins manage them; researchers may look them up to assign work. */
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthRepository,
    private readonly throttle: PasswordThrottle,
    private readonly assignments: AssignmentsRepository,
  ) {}

  async list(
    actor: Actor,
    query: { after?: number; limit?: number; role?: string },
  ): Promise<User[]> {
    if (isReader(actor.role)) throw forbidden('Annotators and reviewers cannot list users.');
    const rows = await this.users.list({
      afterId: query.after ?? 0,
      limit: query.limit ?? 100,
      role: query.role,
    });
    return rows.map(toUser);
  }

  async get(actor: Actor, id: number): Promise<User> {
    if (isReader(actor.role) && actor.id !== id)
      throw forbidden('Annotators and reviewers can only see themselves.');
    const row = await this.users.findById(id);
    if (!row) throw notFound('User');
    return toUser(row);
  }

  async create(actor: Actor, input: CreateUser): Promise<User> {
    if (actor.role !== 'admin') throw forbidden('Only admins create users.');
    requireStrongPassword(input.password, input.email);
    return this.insert({ ...input, expertise: vocabularyExpertise(input.expertise ?? []) });
  }

  /** Creates a user without an actor: for the first admin and the demo workspace. */
  async insert(input: CreateUser): Promise<User> {
    const email = input.email.toLowerCase();
    const row = await this.users.create({
      email,
      name: input.name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      active: 1,
      expertise: JSON.stringify(input.expertise ?? []),
      created_at: new Date().toISOString(),
    });
    if (!row) throw conflict(`A user with email ${email} exists.`);
    return toUser(row);
  }

  /**
   * Admins change anything; users change their own name and password. A new password signs the
   * user out of every other session and revokes all of their API tokens.
   */
  async update(actor: Actor, id: number, patch: UpdateUser, origin: RequestOrigin): Promise<User> {
    const self = actor.id === id;
    if (actor.role !== 'admin') {
      if (!self) throw forbidden('Only admins change other users.');
      if (patch.role !== undefined || patch.active !== undefined || patch.expertise !== undefined) {
        throw forbidden('Only admins change roles, the active flag and expertise.');
      }
    }
    const existing = await this.users.findById(id);
    if (!existing) throw notFound('User');
    if (patch.password !== undefined) {
      requireStrongPassword(patch.password, existing.email);
      if (self) await this.checkCurrentPassword(existing, patch.currentPassword, origin.address);
    }
    const losesAdmin =
      existing.role === 'admin' &&
      (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'));
    if (losesAdmin && (await this.users.countAdmins()) <= 1)
      throw conflict('The last active admin must stay.');
    if (patch.role === 'annotator' && existing.role !== 'annotator') {
      // Annotators do not review: the review assignments go first, by the people who gave them.
      const reviewed = await this.assignments.reviewedBy(id);
      if (reviewed.length > 0)
        throw conflict(
          `${existing.name} reviews collection(s) ${reviewed.join(', ')}: remove those review assignments before making them an annotator.`,
        );
    }
    const row = await this.users.update(id, {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
      ...(patch.expertise === undefined
        ? {}
        : { expertise: JSON.stringify(vocabularyExpertise(patch.expertise)) }),
      ...(patch.password === undefined
        ? {}
        : { password_hash: await hashPassword(patch.password) }),
    });
    if (!row) throw notFound('User');
    if (patch.password !== undefined) {
      // The session that changed its own password stays; an admin's reset signs out them all.
      await this.auth.deleteSessionsOf(id, self ? origin.sessionId : undefined);
      await this.auth.deleteTokensOf(id);
    } else if (patch.active === false) {
      await this.auth.deleteSessionsOf(id);
    }
    return toUser(row);
  }

  /**
   * A stolen session must not be enough to take over the account, nor to guess its password:
   * guesses are throttled per address and per user, like logins.
   */
  private async checkCurrentPassword(
    user: { id: number; email: string },
    current: string | undefined,
    address: string,
  ) {
    if (current === undefined) throw forbidden('Give your current password to change it.');
    const attempt = await this.throttle.attempt(address, `user\n${user.id}`);
    const row = await this.users.findByEmail(user.email);
    if (!row || !(await verifyPassword(row.password_hash, current)))
      throw forbidden('Give your current password to change it.');
    await attempt.succeeded();
  }

  /**
   * Makes sure the first admin exists. Returns the generated password when it had to invent one,
   * so that the caller prints it once.
   */
  async ensureAdmin(email: string, password: string | undefined): Promise<string | undefined> {
    if (await this.users.findByEmail(email.toLowerCase())) return undefined;
    const chosen = password ?? randomToken(12);
    try {
      await this.insert({ email, name: 'Administrator', password: chosen, role: 'admin' });
    } catch (error) {
      // Another process starting at once created the account first: its start prints it.
      if (error instanceof HttpError && error.status === 409) return undefined;
      throw error;
    }
    return password === undefined ? chosen : undefined;
  }
}
