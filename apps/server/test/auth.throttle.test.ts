import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, PASSWORD, type TestApp } from './support/app.js';
import { createPostgresDatabase, DIALECTS, openTestDatabase } from './support/database.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { PasswordThrottle } from '../src/auth/password-throttle.js';
import { PasswordThrottleRepository } from '../src/auth/password-throttle.repository.js';
import { HttpError } from '../src/http/problem.js';

/** Each test guesses from its own address, so that counts of one do not spill into another. */
const login = (app: FastifyInstance, address: string, email: string, password: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: address,
    payload: { email, password },
  });

for (const dialect of DIALECTS) {
  describe(`password guessing is throttled in the database (${dialect})`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.user('target@example.org', 'annotator');
      await t.user('changer@example.org', 'researcher');
    });
    afterAll(() => t.close());

    it('stops one address that tries many emails, not the other addresses', async () => {
      const codes = [];
      for (let i = 0; i < 25; i++)
        codes.push((await login(t.app, '10.0.0.1', `user${i}@example.org`, 'a guess')).statusCode);
      expect(codes).toEqual([...Array<number>(20).fill(401), ...Array<number>(5).fill(429)]);

      const refused = await login(t.app, '10.0.0.1', 'target@example.org', PASSWORD);
      expectProblem(refused, 429);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await login(t.app, '10.0.0.2', 'target@example.org', PASSWORD)).statusCode).toBe(200);
    });

    it('stops guesses at one account from an address, even the right password, until it waits', async () => {
      for (let i = 0; i < 10; i++)
        expectProblem(await login(t.app, '10.0.1.1', 'target@example.org', `guess ${i}`), 401);
      expectProblem(await login(t.app, '10.0.1.1', 'target@example.org', PASSWORD), 429);
      // The same address may still sign in to another account.
      expect((await login(t.app, '10.0.1.1', 'changer@example.org', PASSWORD)).statusCode).toBe(
        200,
      );
    });

    it('forgets an account’s failures once its right password is given', async () => {
      for (let i = 0; i < 9; i++)
        expectProblem(await login(t.app, '10.0.2.1', 'target@example.org', `typo ${i}`), 401);
      expect((await login(t.app, '10.0.2.1', 'target@example.org', PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 9; i++)
        expectProblem(await login(t.app, '10.0.2.1', 'target@example.org', `typo ${i}`), 401);
    });

    it('throttles guesses of the current password with a signed-in session', async () => {
      const caller = await t.login('changer@example.org');
      const me = (await t.app.inject({ url: '/api/me', headers: caller })).json<{ id: number }>();
      const change = (currentPassword: string, remoteAddress: string) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/users/${me.id}`,
          headers: caller,
          remoteAddress,
          payload: { password: 'a brand new passphrase', currentPassword },
        });
      for (let i = 0; i < 10; i++) expectProblem(await change(`guess ${i}`, '10.0.3.1'), 403);
      const refused = await change(PASSWORD, '10.0.3.1');
      expectProblem(refused, 429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Counted per user: moving to another address does not give the thief more guesses.
      expectProblem(await change(PASSWORD, '10.0.3.2'), 429);
    });
  });
}

describe('password throttle across processes and at once (postgres)', () => {
  let url: string;
  const databases: Database[] = [];
  const apps: FastifyInstance[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-throttle-'));

  /** One more server process's app on the shared database. */
  async function server(): Promise<FastifyInstance> {
    const database = await openDatabase({ url });
    databases.push(database);
    const config = loadConfig({
      MEDLABEL_DATA_DIR: dataDir,
      MEDLABEL_WEB_DIST: path.join(dataDir, 'no-web'),
      MEDLABEL_JOBS: 'external',
    });
    const app = await buildApp({ config, database });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    url = await createPostgresDatabase();
    const first = await server();
    await first.services.users.insert({
      email: 'shared@example.org',
      name: 'Shared',
      password: PASSWORD,
      role: 'annotator',
    });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares the counts between two servers on one database', async () => {
    const [a, b] = [apps[0]!, await server()];
    for (let i = 0; i < 5; i++)
      expectProblem(await login(a, '10.1.0.1', 'shared@example.org', `guess ${i}`), 401);
    for (let i = 0; i < 5; i++)
      expectProblem(await login(b, '10.1.0.1', 'shared@example.org', `guess ${i}`), 401);
    expectProblem(await login(a, '10.1.0.1', 'shared@example.org', PASSWORD), 429);
    expectProblem(await login(b, '10.1.0.1', 'shared@example.org', PASSWORD), 429);
  });

  it('lets exactly the allowed number of concurrent guesses through', async () => {
    // 15 stay under the address's limit (20), so only the account's (10) decides.
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        login(apps[i % 2]!, '10.1.0.2', 'shared@example.org', `guess ${i}`),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
  });
});

for (const dialect of DIALECTS) {
  describe(`PasswordThrottle windows (${dialect})`, () => {
    let database: Database;
    let now = Date.parse('2030-01-01T00:00:00Z');
    let throttle: PasswordThrottle;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      const limit = { attempts: 2, windowMs: 60_000 };
      throttle = new PasswordThrottle(
        new PasswordThrottleRepository(database.db),
        { perAddress: { attempts: 3, windowMs: 60_000 }, perAccount: limit },
        () => now,
      );
    });
    afterAll(() => database.close());

    const refusal = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      return error instanceof HttpError ? error : undefined;
    };

    it('refuses until the window ends, with Retry-After counted to its end', async () => {
      await throttle.attempt('a', 'x');
      now += 20_000;
      await throttle.attempt('a', 'x');
      now += 10_000;
      const refused = await refusal(throttle.attempt('a', 'x'));
      expect(refused?.status).toBe(429);
      expect(refused?.headers).toEqual({ 'retry-after': '30' });
      now += 30_000;
      expect(await refusal(throttle.attempt('a', 'x'))).toBeUndefined();
    });

    it('takes a success back from the address’s count', async () => {
      for (let i = 0; i < 5; i++) await (await throttle.attempt('b', `ok ${i}`)).succeeded();
      await throttle.attempt('b', 'y');
      await throttle.attempt('b', 'y');
      expect((await refusal(throttle.attempt('b', 'y')))?.status).toBe(429);
    });

    it('deletes the rows of ended windows as successes come', async () => {
      now += 120_000;
      await (await throttle.attempt('c', 'z')).succeeded();
      const rows = await database.db.selectFrom('password_throttle').select('key').execute();
      expect(rows).toHaveLength(1);
    });
  });
}

describe('the client address the throttle counts by', () => {
  /** Ten wrong guesses at one account from the client `forwardedFor`, through the proxy 10.9.0.1. */
  const guessThroughProxy = async (t: TestApp, forwardedFor: string) => {
    for (let i = 0; i < 10; i++) {
      const guess = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.0.1',
        headers: { 'x-forwarded-for': forwardedFor },
        payload: { email: 'proxied@example.org', password: `guess ${i}` },
      });
      expectProblem(guess, 401);
    }
  };
  const signIn = (t: TestApp, forwardedFor: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.9.0.1',
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email: 'proxied@example.org', password: PASSWORD },
    });

  it.each(['10.9.0.0/24', '1'])(
    'is the forwarded client with MEDLABEL_TRUST_PROXY=%s',
    async (trust) => {
      const t = await createTestApp('sqlite', { MEDLABEL_TRUST_PROXY: trust });
      try {
        await t.user('proxied@example.org', 'annotator');
        await guessThroughProxy(t, '198.51.100.7');
        expectProblem(await signIn(t, '198.51.100.7'), 429);
        // Another client behind the same proxy is not locked out by the first one's guesses.
        expect((await signIn(t, '198.51.100.8')).statusCode).toBe(200);
      } finally {
        await t.close();
      }
    },
  );

  it('is the connection’s address by default, whatever X-Forwarded-For claims', async () => {
    const t = await createTestApp('sqlite');
    try {
      await t.user('proxied@example.org', 'annotator');
      await guessThroughProxy(t, '198.51.100.7');
      // A new claimed address does not buy more guesses.
      expectProblem(await signIn(t, '198.51.100.8'), 429);
    } finally {
      await t.close();
    }
  });
});
