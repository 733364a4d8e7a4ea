import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loadConfig, openDatabase, type Database } from '@medlabel/server';
import { ApiError, createMedlabelClient, NetworkError, unwrap } from '../src/index.js';

// The client against the real server application, through app.inject instead of a socket.
let app: FastifyInstance;
let database: Database;
let dataDir: string;
const ADMIN = { email: 'admin@example.org', password: 'correct horse battery' };

function injectFetch(input: Request): Promise<Response> {
  return input.text().then(async (body) => {
    const url = new URL(input.url);
    const response = await app.inject({
      method: input.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(input.headers.entries()),
      ...(body ? { payload: body } : {}),
    });
    return new Response(response.statusCode === 204 ? null : response.body, {
      status: response.statusCode,
      headers: response.headers as Record<string, string>,
    });
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-client-'));
  database = await openDatabase({ sqliteFile: ':memory:' });
  app = await buildApp({ config: { ...loadConfig({}), dataDir, demo: false }, database });
  await app.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('api client', () => {
  const client = createMedlabelClient({
    baseUrl: 'http://medlabel.test',
    fetch: injectFetch as typeof fetch,
  });

  it('returns typed data on success', async () => {
    const login = unwrap(await client.POST('/api/auth/login', { body: ADMIN }));
    expect(login.user.email).toBe(ADMIN.email);
    expect(login.csrfToken.length).toBeGreaterThan(10);
  });

  it('throws ApiError with the problem details on an error status', async () => {
    const failure = client.POST('/api/auth/login', {
      body: { email: ADMIN.email, password: 'wrong' },
    });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    const error = (await failure.catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(401);
    expect(error.problem.title).toBeTruthy();
    expect(error.isConflict).toBe(false);
  });

  it('refuses anonymous calls and accepts the bearer token of scripts', async () => {
    await expect(client.GET('/api/me')).rejects.toMatchObject({ status: 401 });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const cookies = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const created = await app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { cookie: cookies, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
      payload: { name: 'script' },
    });
    const scripted = createMedlabelClient({
      baseUrl: 'http://medlabel.test',
      fetch: injectFetch as typeof fetch,
      token: created.json<{ token: string }>().token,
    });
    expect(unwrap(await scripted.GET('/api/me')).email).toBe(ADMIN.email);
  });

  it('reports an unreachable server as a NetworkError', async () => {
    const offline = createMedlabelClient({
      baseUrl: 'http://medlabel.test',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(offline.GET('/api/health')).rejects.toBeInstanceOf(NetworkError);
  });
});
