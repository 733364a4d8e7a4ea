import { weakPasswordReason } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  expectProblem,
  PASSWORD,
  type Caller,
  type TestApp,
} from './support/app.js';
import { DIALECTS } from './support/database.js';
import { loadConfig } from '../src/config.js';
import { DEMO_READERS, DEMO_PASSWORD, DEMO_RESEARCHER } from '../src/demo/demo-users.js';

/** Weak passwords for margaret@example.org, each with the rule it breaks. */
const WEAK: [password: string, rule: RegExp][] = [
  ['short pass', /at least 12 characters/],
  ['zzzzzzzzzzzzzzzz', /one character repeated/],
  ['Password1234', /most common passwords/],
  ['margaret-2024!', /part of the email address before the @/],
];

describe('the password policy', () => {
  it.each(WEAK)('refuses %j', (password, rule) => {
    expect(weakPasswordReason(password, 'margaret@example.org')).toMatch(rule);
  });

  it('accepts a long passphrase, and the demo and test passwords', () => {
    expect(weakPasswordReason('correct horse battery', 'margaret@example.org')).toBeUndefined();
    expect(weakPasswordReason(PASSWORD, 'admin@example.org')).toBeUndefined();
    for (const user of [DEMO_RESEARCHER, ...Object.values(DEMO_READERS)])
      expect(weakPasswordReason(DEMO_PASSWORD, user.email)).toBeUndefined();
  });

  it('holds the first admin’s MEDLABEL_ADMIN_PASSWORD to it, before the server starts', () => {
    const env = { MEDLABEL_ADMIN_EMAIL: 'chief@example.org' };
    expect(() => loadConfig({ ...env, MEDLABEL_ADMIN_PASSWORD: 'chief-of-staff-1' })).toThrow(
      'MEDLABEL_ADMIN_PASSWORD is refused: The password must not contain the part of the email address before the @.',
    );
    expect(() => loadConfig({ ...env, MEDLABEL_ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/);
    expect(loadConfig({ ...env, MEDLABEL_ADMIN_PASSWORD: PASSWORD }).adminPassword).toBe(PASSWORD);
  });
});

for (const dialect of DIALECTS) {
  describe(`weak passwords are refused with 422 (${dialect})`, () => {
    let t: TestApp;
    let admin: Caller;
    let margaret: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.user('admin@example.org', 'admin');
      margaret = await t.user('margaret@example.org', 'annotator');
      admin = await t.login('admin@example.org');
    });
    afterAll(() => t.close());

    const expectRule = (response: Awaited<ReturnType<TestApp['app']['inject']>>, rule: RegExp) => {
      expectProblem(response, 422);
      const body = response.json<{ detail: string; errors: { pointer: string }[] }>();
      expect(body.detail).toMatch(rule);
      expect(body.errors).toEqual([expect.objectContaining({ pointer: '/body/password' })]);
    };

    it.each(WEAK)('when an admin creates a user with %j', async (password, rule) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { email: 'margaret@example.com', name: 'M', role: 'annotator', password },
      });
      expectRule(response, rule);
    });

    it.each(WEAK)('when an admin resets a password to %j', async (password, rule) => {
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${margaret}`,
        headers: admin,
        payload: { password },
      });
      expectRule(response, rule);
    });

    it.each(WEAK)(
      'when users change their own to %j, which stays unchanged',
      async (password, rule) => {
        const own = await t.login('margaret@example.org');
        const response = await t.app.inject({
          method: 'PATCH',
          url: `/api/users/${margaret}`,
          headers: own,
          payload: { password, currentPassword: PASSWORD },
        });
        expectRule(response, rule);
        expect((await t.login('margaret@example.org')).cookie).toBeDefined();
      },
    );

    it('accepts a strong password', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: {
          email: 'new@example.org',
          name: 'New',
          role: 'annotator',
          password: 'a strong enough passphrase',
        },
      });
      expect(response.statusCode).toBe(201);
    });
  });
}
