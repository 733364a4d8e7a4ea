import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { buildFixture, type Fixture } from './support/fixture.js';

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operationId: string;
}

/** Values that break naive parsers: huge, negative, fractional, encoded traversal, NUL, unicode. */
const hostileText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e309',
    'NaN',
    '2147483648',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '\u0000',
    'null',
    '[]',
    '{}',
    '"',
    "'; drop table users; --",
    '\ud800',
  ),
);

const hostileJson = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string(),
  fc.constantFrom(
    '{',
    '[1,2',
    '{"a":',
    '"\\u0000"',
    '{"payload":{"labels":["\\u0000"]}}',
    'null',
    '1e999',
    '{"__proto__":{"x":1}}',
  ),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'text/plain',
  'text/csv',
  'multipart/form-data',
  'application/xml',
);

/** Search queries that parse but stress the translation to SQL. */
const hostileQueries = fc.constantFrom(
  'created:2024-02-30',
  'created:>9999-12-31',
  'type:user created:<0001-01-01',
  'width:>1e400',
  'height:<-0',
  'frames:>=99999999999999999999',
  'label:"%_\\"',
  'type:annotation annotator:"a@b" -status:done source:model',
  'type:collection template:"x" collection:y',
  'type:template specialty:x',
  'type:image type:user',
  '-type:image',
);

/** A request to the operation with every part chosen by fast-check; ids of real rows too. */
const requestFor = (op: Operation, ids: string[]) =>
  fc.record({
    params: fc.array(fc.oneof(hostileText, fc.constantFrom(...ids)), {
      minLength: 4,
      maxLength: 4,
    }),
    query: fc.dictionary(
      fc.constantFrom('q', 'limit', 'after', 'offset', 'predicted', 'mine', 'role', 'x'),
      fc.oneof(hostileText, hostileQueries),
      { maxKeys: 4 },
    ),
    body: op.method === 'GET' ? fc.constant(undefined) : fc.option(hostileJson, { nil: undefined }),
    contentType,
  });

/** Percent-encodes a path segment; a lone surrogate becomes an invalid UTF-8 escape, hostile too. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function fill(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/\{\w+\}/g, () => encode(values[i++] ?? '1'));
}

for (const dialect of DIALECTS) {
  describe(`malformed input answers 4xx problem+json, never 5xx (${dialect})`, () => {
    let t: TestApp;
    let f: Fixture;
    let operations: Operation[];

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      f = await buildFixture(t);
      const document = (await t.app.inject({ url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { operationId: string }>>;
      }>();
      operations = Object.entries(document.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({
          method: method.toUpperCase() as Operation['method'],
          path,
          operationId: op.operationId,
        })),
      );
    });
    afterAll(() => t.close());

    it('every documented route, with hostile ids, query strings and bodies', async () => {
      expect(operations.length).toBeGreaterThan(40);
      const ids = [
        f.collectionId,
        f.templateId,
        f.annotationId,
        ...f.imageIds,
        f.ids.assigned,
        1,
      ].map(String);
      ids.push(f.fileName);
      for (const op of operations) {
        if (op.operationId === 'logout') continue; // would end the admin session the others use
        await fc.assert(
          fc.asyncProperty(requestFor(op, ids), async (r) => {
            const search = new URLSearchParams(r.query).toString();
            const response = await t.app.inject({
              method: op.method,
              url: fill(op.path, r.params) + (search ? `?${search}` : ''),
              headers: {
                ...f.callers.admin,
                ...(r.body === undefined ? {} : { 'content-type': r.contentType }),
              },
              ...(r.body === undefined ? {} : { payload: r.body }),
            });
            const context = `${op.method} ${op.path} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
            expect(response.statusCode, context).toBeLessThan(500);
            if (response.statusCode >= 400) {
              expect(String(response.headers['content-type']), context).toMatch(
                /^application\/problem\+json/,
              );
              expect(response.json<{ status: number }>().status, context).toBe(response.statusCode);
            }
          }),
          { numRuns: 40 },
        );
      }
    });

    it('unknown routes and methods are problem 404s', async () => {
      for (const url of ['/api/nope', '/api/collections/1/nope', '/api/../etc/passwd', '/api']) {
        const response = await t.app.inject({ url, headers: f.callers.admin });
        expect(response.statusCode, url).toBe(404);
        expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
      }
      const wrongMethod = await t.app.inject({
        method: 'PATCH',
        url: '/api/me',
        headers: f.callers.admin,
      });
      expect(wrongMethod.statusCode).toBe(404);
    });

    it('lists at most 50 field errors and counts the rest', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: f.callers.admin,
        payload: { images: Array.from({ length: 400 }, () => 'x') },
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      const body = response.json<{ detail: string; errors: unknown[] }>();
      expect(body.errors).toHaveLength(50);
      expect(body.detail).toMatch(/The first 50 of \d{3,} problems are listed\.$/);
    });

    it('a body over the limit is a problem 413', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/images',
        headers: { ...f.callers.admin, 'content-type': 'application/json' },
        payload: `{"images":[${'"x",'.repeat(3_000_000)}"x"]}`,
      });
      expect(response.statusCode).toBe(413);
      expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    });
  });
}
