// Issue #9, hostile input at the HTTP layer: requests in absolute form, deeply nested JSON,
// and the headers every answer carries (CSP, no-store on the API, no public source maps).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../../web/vite.config.js';
import { MAX_JSON_DEPTH } from '../src/http/input-guard.js';
import { createTestApp, expectProblem, type Caller, type TestApp } from './support/app.js';
import { multipart, png } from './support/fixture.js';
import { deepJson } from './support/hostile-files.js';

/** Sends one raw HTTP/1.1 request and answers the status, headers and body. */
async function raw(
  port: number,
  requestLine: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const head = Object.entries({
    host: `127.0.0.1:${port}`,
    connection: 'close',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      // Written, not ended: the server closes the connection once it has answered.
      socket.write(`${requestLine}\r\n${head}\r\n${body}`);
    });
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (out += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
  });
  const [top, ...rest] = text.split('\r\n\r\n');
  const [status, ...lines] = top!.split('\r\n');
  return {
    status: Number(status!.split(' ')[1]),
    headers: Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)]),
    ),
    body: rest.join('\r\n\r\n'),
  };
}

describe('requests in absolute form', () => {
  let t: TestApp;
  let admin: Caller;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.user('admin@example.org', 'admin');
    admin = await t.login('admin@example.org');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => t.close());

  const newUser = (email: string) =>
    JSON.stringify({
      email,
      name: 'Mallory',
      password: 'absolute-form-0f-a-request',
      role: 'admin',
    });

  it('authenticate the caller like the origin form', async () => {
    const url = `http://127.0.0.1:${port}/api/users`;
    // Signed in: the hook ran and found the session (before the fix: 401, no caller at all).
    const listed = await raw(port, `GET ${url} HTTP/1.1`, { cookie: admin.cookie! });
    expect(listed.status, listed.body).toBe(200);
    expect(JSON.parse(listed.body)).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: 'admin@example.org' })]),
    );
    // Anonymous: 401 problem.
    const anonymous = await raw(port, `GET ${url} HTTP/1.1`, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('check the CSRF header on state-changing cookie requests', async () => {
    const url = `http://127.0.0.1:${port}/api/users`;
    const headers = { cookie: admin.cookie!, 'content-type': 'application/json' };
    const forged = await raw(port, `POST ${url} HTTP/1.1`, headers, newUser('m1@example.org'));
    expect(forged.status, forged.body).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ type: 'https://medlabel.dev/problems/csrf' });
    const sent = await raw(
      port,
      `POST ${url} HTTP/1.1`,
      { ...headers, 'x-csrf-token': admin['x-csrf-token']! },
      newUser('m2@example.org'),
    );
    expect(sent.status, sent.body).toBe(201);
  });

  it('answer an unknown API path with a problem, not the web app', async () => {
    const response = await raw(port, `GET http://127.0.0.1:${port}/api/nothing HTTP/1.1`, {});
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('deeply nested JSON', () => {
  let t: TestApp;
  let researcher: Caller;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.user('res@example.org', 'researcher');
    researcher = await t.login('res@example.org');
  });
  afterAll(() => t.close());

  const importWith = (metadata: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/images',
      headers: { ...researcher, 'content-type': 'application/json' },
      payload: `{"images":[{"url":"/api/files/${'0'.repeat(32)}.png","width":1,"height":1,"metadata":{"a":${metadata}}}]}`,
    });

  it('is refused with 400 before it is parsed (4,300 levels overflowed the stack: 500)', async () => {
    for (const depth of [4300, 100_000]) {
      const response = await importWith(deepJson(depth));
      expectProblem(response, 400);
      expect(response.json()).toMatchObject({
        type: 'https://medlabel.dev/problems/json-too-deep',
      });
    }
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels, and brackets inside strings`, async () => {
    // The body's own levels: the object, images, the image, metadata.
    const response = await importWith(deepJson(MAX_JSON_DEPTH - 4));
    expect(response.statusCode, response.body).toBe(201);
    const quoted = await importWith(JSON.stringify('[{'.repeat(5000) + '\\"'));
    expect(quoted.statusCode, quoted.body).toBe(201);
  });
});

describe('security headers', () => {
  let t: TestApp;
  let researcher: Caller;
  let dist: string;

  beforeAll(async () => {
    // A built web app with a source map left in it, as `sourcemap: true` used to make.
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'assets/app.js'), 'console.log(1);\n');
    fs.writeFileSync(path.join(dist, 'assets/app.js.map'), '{"sources":["secret.ts"]}');
    t = await createTestApp('sqlite', {
      MEDLABEL_WEB_DIST: dist,
      MEDLABEL_IMAGE_HOSTS: 'images.example.org,pacs.example.org:8443',
    });
    await t.user('res@example.org', 'researcher');
    researcher = await t.login('res@example.org');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('marks API answers no-store, problems included, and forbids them every resource', async () => {
    for (const [url, status] of [
      ['/api/health', 200],
      ['/api/me', 200],
      ['/api/images/999', 404],
      ['/api/nothing', 404],
    ] as const) {
      const response = await t.app.inject({ url, headers: researcher });
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(response.headers['content-security-policy'], url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
    }
    const anonymous = await t.app.inject({ url: '/api/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it('keeps the private caching of image files', async () => {
    const body = multipart(await png());
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/images/upload',
      headers: { ...researcher, ...body.headers },
      payload: body.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.headers['cache-control']).toBe('no-store');
    const image = await t.app.inject({
      url: `/api/images/${uploaded.json<{ id: number }>().id}`,
      headers: researcher,
    });
    const url = image.json<{ url: string }>().url;
    for (const query of ['', '?thumb=128']) {
      const file = await t.app.inject({ url: url + query, headers: researcher });
      expect(file.statusCode).toBe(200);
      expect(file.headers['cache-control']).toBe('private, max-age=86400');
    }
  });

  it('gives the web app a Content-Security-Policy that names the image hosts', async () => {
    for (const url of ['/', '/collections/3', '/assets/app.js']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      const policy = String(response.headers['content-security-policy']);
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain(
        "img-src 'self' data: blob: https://images.example.org http://images.example.org https://pacs.example.org:8443 http://pacs.example.org:8443",
      );
    }
  });

  it('serves no source map, and production builds make none', async () => {
    const map = await t.app.inject({ url: '/assets/app.js.map' });
    expectProblem(map, 404);
    expect(map.body).not.toContain('secret.ts');
    expect(viteConfig.build?.sourcemap).toBe(false);
  });
});
