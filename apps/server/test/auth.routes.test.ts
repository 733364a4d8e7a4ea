import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  expectProblem,
  PASSWORD,
  type Caller,
  type TestApp,
} from './support/app.js';
import { DIALECTS } from './support/database.js';
import { digest } from '../src/auth/secrets.js';

for (const dialect of DIALECTS) {
  describe(`sessions, CSRF and API tokens (${dialect})`, () => {
    let t: TestApp;

    /** A new API token of the signed-in caller, with the headers that send it. */
    async function token(caller: Caller, name: string) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: caller,
        payload: { name },
      });
      const { id, token: secret } = created.json<{ id: number; token: string }>();
      return { id, headers: { authorization: `Bearer ${secret}` } };
    }

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.user('reader@example.org', 'annotator');
      await t.user('scripter@example.org', 'researcher');
    });
    afterAll(() => t.close());

    it('signs in with an httpOnly SameSite session cookie and signs out', async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'READER@example.org', password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const session = login.cookies.find((c) => c.name === 'medlabel_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      const csrf = login.cookies.find((c) => c.name === 'medlabel_csrf')!;
      expect(csrf.httpOnly).toBeUndefined();
      expect(csrf.value).toBe(login.json<{ csrfToken: string }>().csrfToken);
      const cookie = `medlabel_session=${session.value}`;
      expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).json()).toMatchObject({
        email: 'reader@example.org',
      });

      expectProblem(
        await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } }),
        403,
      );
      const logout = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, 'x-csrf-token': csrf.value },
      });
      expect(logout.statusCode).toBe(204);
      expectProblem(await t.app.inject({ url: '/api/me', headers: { cookie } }), 401);
    });

    it('refuses wrong passwords and unknown users alike', async () => {
      for (const payload of [
        { email: 'reader@example.org', password: 'wrong password' },
        { email: 'nobody@example.org', password: PASSWORD },
      ]) {
        const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
        expectProblem(response, 401);
        expect(response.json<{ detail: string }>().detail).toBe('Wrong email or password.');
      }
    });

    it('authenticates scripts with bearer tokens stored as digests, without CSRF', async () => {
      const caller = await t.login('reader@example.org');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: caller,
        payload: { name: 'script' },
      });
      const { token, id } = created.json<{ token: string; id: number }>();
      expect(token).toMatch(/^mlt_/);
      const stored = await t.database.db
        .selectFrom('api_tokens')
        .select('token_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(digest(token));
      const bearer = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(200);
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: bearer,
        payload: { name: 'second' },
      });
      expect(post.statusCode).toBe(201);
      expectProblem(
        await t.app.inject({ url: '/api/me', headers: { authorization: 'Bearer mlt_forged' } }),
        401,
      );
      expectProblem(
        await t.app.inject({ url: '/api/me', headers: { authorization: 'Basic abc' } }),
        401,
      );
      await t.app.inject({ method: 'DELETE', url: `/api/me/tokens/${id}`, headers: caller });
      expectProblem(await t.app.inject({ url: '/api/me', headers: bearer }), 401);
    });

    it('needs the current password to change your own', async () => {
      await t.user('changer@example.org', 'researcher');
      const caller = await t.login('changer@example.org');
      const me = (await t.app.inject({ url: '/api/me', headers: caller })).json<{ id: number }>();
      const change = (payload: object) =>
        t.app.inject({ method: 'PATCH', url: `/api/users/${me.id}`, headers: caller, payload });
      expectProblem(await change({ password: 'a brand new password' }), 403);
      expectProblem(
        await change({ password: 'a brand new password', currentPassword: 'wrong' }),
        403,
      );
      expect(
        (await change({ password: 'a brand new password', currentPassword: PASSWORD })).statusCode,
      ).toBe(200);
      expect((await t.login('changer@example.org', 'a brand new password')).cookie).toBeDefined();
    });

    it('signs out every session of a user who is deactivated', async () => {
      await t.user('admin@example.org', 'admin');
      const admin = await t.login('admin@example.org');
      const reader = await t.login('reader@example.org');
      const me = (await t.app.inject({ url: '/api/me', headers: reader })).json<{ id: number }>();
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${me.id}`,
        headers: admin,
        payload: { active: false },
      });
      expect(patch.json()).toMatchObject({ active: false });
      expectProblem(await t.app.inject({ url: '/api/me', headers: reader }), 401);
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'reader@example.org', password: PASSWORD },
        }),
        401,
      );
    });

    it('gives API tokens the lifetime their creator chooses, 90 days by default, 365 at most', async () => {
      const caller = await t.login('scripter@example.org');
      const create = (payload: object) =>
        t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: caller, payload });
      const days = (expiresAt: string) => (Date.parse(expiresAt) - Date.now()) / 86_400_000;
      const byDefault = (await create({ name: 'default' })).json<{ expiresAt: string }>();
      expect(days(byDefault.expiresAt)).toBeCloseTo(90, 1);
      const week = await create({ name: 'week', expiresInDays: 7 });
      expect(week.statusCode).toBe(201);
      expect(days(week.json<{ expiresAt: string }>().expiresAt)).toBeCloseTo(7, 1);
      expectProblem(await create({ name: 'forever', expiresInDays: 366 }), 400);
      expectProblem(await create({ name: 'never', expiresInDays: 0 }), 400);
    });

    it('refuses an expired API token with 401', async () => {
      const bearer = await token(await t.login('scripter@example.org'), 'expiring');
      expect((await t.app.inject({ url: '/api/me', headers: bearer.headers })).statusCode).toBe(
        200,
      );
      await t.database.db
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', bearer.id)
        .execute();
      const refused = await t.app.inject({ url: '/api/me', headers: bearer.headers });
      expectProblem(refused, 401);
      expect(refused.json<{ detail: string }>().detail).toMatch(/expired/);
    });

    it('lists tokens with creation, expiry and last use, written at most once a minute', async () => {
      const caller = await t.login('scripter@example.org');
      const bearer = await token(caller, 'listed');
      const listed = async () => {
        const list = await t.app.inject({ url: '/api/me/tokens', headers: caller });
        return list
          .json<{ id: number; createdAt: string; expiresAt: string; lastUsedAt: string | null }[]>()
          .find((listedToken) => listedToken.id === bearer.id)!;
      };
      const fresh = await listed();
      expect(fresh.lastUsedAt).toBeNull();
      expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.parse(fresh.createdAt));

      await t.app.inject({ url: '/api/me', headers: bearer.headers });
      const used = (await listed()).lastUsedAt!;
      expect(Date.now() - Date.parse(used)).toBeLessThan(10_000);

      const setLastUse = (msAgo: number) =>
        t.database.db
          .updateTable('api_tokens')
          .set({ last_used_at: new Date(Date.now() - msAgo).toISOString() })
          .where('id', '=', bearer.id)
          .execute();
      await setLastUse(30_000);
      const recent = (await listed()).lastUsedAt;
      await t.app.inject({ url: '/api/me', headers: bearer.headers });
      expect((await listed()).lastUsedAt).toBe(recent);
      await setLastUse(90_000);
      await t.app.inject({ url: '/api/me', headers: bearer.headers });
      expect(Date.now() - Date.parse((await listed()).lastUsedAt!)).toBeLessThan(10_000);
    });

    it('revokes your tokens and other sessions when you change your password, not this session', async () => {
      await t.user('rotator@example.org', 'annotator');
      const here = await t.login('rotator@example.org');
      const elsewhere = await t.login('rotator@example.org');
      const bearer = await token(here, 'laptop script');
      const me = (await t.app.inject({ url: '/api/me', headers: here })).json<{ id: number }>();
      const change = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${me.id}`,
        headers: here,
        payload: { password: 'a rotated passphrase', currentPassword: PASSWORD },
      });
      expect(change.statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/me', headers: here })).statusCode).toBe(200);
      expectProblem(await t.app.inject({ url: '/api/me', headers: elsewhere }), 401);
      expectProblem(await t.app.inject({ url: '/api/me', headers: bearer.headers }), 401);
      expect(
        (await t.app.inject({ url: '/api/me/tokens', headers: here })).json<unknown[]>(),
      ).toEqual([]);
    });

    it('revokes every token and session of a user whose password an admin resets', async () => {
      await t.user('reset-admin@example.org', 'admin');
      const id = await t.user('forgetful@example.org', 'annotator');
      const session = await t.login('forgetful@example.org');
      const bearer = await token(session, 'script');
      const admin = await t.login('reset-admin@example.org');
      const reset = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: admin,
        payload: { password: 'an admin chosen passphrase' },
      });
      expect(reset.statusCode).toBe(200);
      expectProblem(await t.app.inject({ url: '/api/me', headers: session }), 401);
      expectProblem(await t.app.inject({ url: '/api/me', headers: bearer.headers }), 401);
      expect(
        (await t.login('forgetful@example.org', 'an admin chosen passphrase')).cookie,
      ).toBeDefined();
    });

    it('answers 409, never 500, when two admins create the same email at once', async () => {
      await t.user('admin2@example.org', 'admin');
      const admin = await t.login('admin2@example.org');
      const create = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: admin,
          payload: {
            email: 'twin@example.org',
            name: 'Twin',
            role: 'annotator',
            password: PASSWORD,
          },
        });
      const answers = await Promise.all([create(), create(), create()]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
      for (const conflict of answers.filter((a) => a.statusCode === 409))
        expectProblem(conflict, 409);
    });
  });
}
