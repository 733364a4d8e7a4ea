import type { Kysely, Updateable } from 'kysely';
import type { DB, NewUserRow, UsersTable } from '../db/tables.js';
import { isUniqueViolation } from '../db/errors.js';

const publicColumns = ['id', 'email', 'name', 'role', 'active', 'expertise', 'created_at'] as const;

export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findByEmail(email: string) {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  findById(id: number) {
    return this.db
      .selectFrom('users')
      .select(publicColumns)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Users in id order after `afterId` (keyset pagination). */
  list(options: { afterId: number; limit: number; role?: string | undefined }) {
    let query = this.db
      .selectFrom('users')
      .select(publicColumns)
      .where('id', '>', options.afterId)
      .orderBy('id')
      .limit(options.limit);
    if (options.role) query = query.where('role', '=', options.role as UsersTable['role']);
    return query.execute();
  }

  /** Inserts a user; undefined when the email is taken (the unique index decides, race-free). */
  async create(user: NewUserRow) {
    try {
      return await this.db
        .insertInto('users')
        .values(user)
        .returning(publicColumns)
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  update(id: number, patch: Updateable<UsersTable>) {
    return this.db
      .updateTable('users')
      .set(patch)
      .where('id', '=', id)
      .returning(publicColumns)
      .executeTakeFirst();
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
