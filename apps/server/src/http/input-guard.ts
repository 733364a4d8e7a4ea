import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest } from './problem.js';

type Test = (value: string | number) => boolean;

/** The JSON pointer of the first key or value (strings and numbers) failing `bad`, if any. */
function find(value: unknown, at: string, bad: Test, depth = 0): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return bad(value) ? at : undefined;
  if (typeof value !== 'object' || value === null || depth > 64 || Buffer.isBuffer(value))
    return undefined;
  for (const [key, child] of Object.entries(value)) {
    const pointer = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (bad(key)) return pointer;
    const found = find(child, pointer, bad, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function check(request: FastifyRequest, bad: Test, message: string) {
  const pointer =
    find(request.params, '/params', bad) ??
    find(request.query, '/querystring', bad) ??
    find(request.body, '/body', bad);
  return pointer ? badRequest(`The request has ${message}.`, [{ pointer, message }]) : undefined;
}

const hasNul: Test = (v) => typeof v === 'string' && v.includes('\u0000');
const notFinite: Test = (v) => typeof v === 'number' && !Number.isFinite(v);

/**
 * Input no field of ours accepts, refused before anything reaches a database: NUL characters
 * (PostgreSQL text cannot hold them) and numbers that overflow to Infinity (`1e999` in JSON, or
 * in a path once coerced), which JSON Schema range checks let through.
 */
export const inputGuard = fp(function inputGuard(app: FastifyInstance) {
  app.addHook('preValidation', (request, _reply, done) =>
    done(check(request, hasNul, 'a NUL character')),
  );
  app.addHook('preHandler', (request, _reply, done) =>
    done(check(request, notFinite, 'a number out of range')),
  );
});
