import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest, HttpError } from './problem.js';

/**
 * JSON bodies nested deeper than this are refused before they are parsed: nothing of ours
 * nests beyond a few levels, and code that walks a document recursively (JSON.stringify of
 * imported metadata, validators) overflows the stack at a few thousand.
 */
export const MAX_JSON_DEPTH = 64;

/** Does the JSON text open more than `max` arrays or objects inside each other? (One pass.) */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

type Test = (value: string | number) => boolean;

/**
 * The path (keys, innermost first) to the first key or value (strings and numbers) failing
 * `bad`, if any. Builds no string on the way: a 100,000-vertex polygon is walked in ~10 ms.
 */
function find(value: unknown, bad: Test, depth = 0): string[] | undefined {
  if (typeof value === 'string' || typeof value === 'number') return bad(value) ? [] : undefined;
  if (typeof value !== 'object' || value === null || depth > 64 || Buffer.isBuffer(value))
    return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], bad, depth + 1);
      if (found) return (found.push(String(i)), found);
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (bad(key)) return [key];
    const found = find((value as Record<string, unknown>)[key], bad, depth + 1);
    if (found) return (found.push(key), found);
  }
  return undefined;
}

const pointerOf = (at: string, path: string[]) =>
  at +
  path
    .reverse()
    .map((key) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');

/** JSON bodies whose text holds no `\u0000` escape, so no NUL once parsed: not walked for one. */
const nulFree = new WeakSet<FastifyRequest>();

function check(request: FastifyRequest, bad: Test, message: string) {
  const skipBody = bad === hasNul && nulFree.has(request);
  const places = [
    ['/params', request.params],
    ['/querystring', request.query],
    ['/body', skipBody ? undefined : request.body],
  ] as const;
  for (const [at, value] of places) {
    const path = find(value, bad);
    if (path) {
      const pointer = pointerOf(at, path);
      return badRequest(`The request has ${message}.`, [{ pointer, message }]);
    }
  }
  return undefined;
}

const hasNul: Test = (v) => typeof v === 'string' && v.includes('\u0000');
const notFinite: Test = (v) => typeof v === 'number' && !Number.isFinite(v);

/**
 * JSON nested deeper than MAX_JSON_DEPTH, refused before it is parsed, and input no field of
 * ours accepts, refused before anything reaches a database: NUL characters
 * (PostgreSQL text cannot hold them) and numbers that overflow to Infinity (`1e999` in JSON, or
 * in a path once coerced), which JSON Schema range checks let through.
 */
export const inputGuard = fp(function inputGuard(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = raw as string;
    if (jsonDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new HttpError(
          400,
          'json-too-deep',
          `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`,
        ),
        undefined,
      );
      return;
    }
    // JSON text holds a NUL only as the escape \u0000 (a raw control character is invalid).
    if (!body.includes('\\u0000')) nulFree.add(request);
    void parseJson(request, body, done);
  });
  app.addHook('preValidation', (request, _reply, done) =>
    done(check(request, hasNul, 'a NUL character')),
  );
  app.addHook('preHandler', (request, _reply, done) =>
    done(check(request, notFinite, 'a number out of range')),
  );
});
