import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, PASSWORD, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { digest } from '../src/auth/secrets.js';

for (const dialect of DIALECTS) {
  describe(`sessions, CSRF, API tokens and the login limit (${dialect})`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.user('reader@example.org', 'annotator');
      await t.user('limited@example.org', 'annotator');
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

    it('limits login attempts per address and email', async () => {
      const attempt = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'limited@example.org', password: 'guess' },
        });
      for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(401);
      expectProblem(await attempt(), 429);
      // Another account from the same address is not locked out.
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: 'reader@example.org', password: PASSWORD },
          })
        ).statusCode,
      ).toBe(200);
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
