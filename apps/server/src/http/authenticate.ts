import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../auth/actor.js';
import type { Authentication } from '../auth/auth.service.js';
import { HttpError, unauthorized } from './problem.js';

export const SESSION_COOKIE = 'medlabel_session';
/** Readable by the page's script, which echoes it in CSRF_HEADER (double submit). */
export const CSRF_COOKIE = 'medlabel_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authentication | undefined;
  }
  interface FastifyContextConfig {
    /** the route answers without a signed-in user */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
  return match[1];
}

/** The signed-in actor of a request that passed authentication. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw unauthorized();
  return request.auth.actor;
}

/**
 * Resolves the caller from a bearer token or the session cookie, refuses anonymous calls to
 * non-public routes, and checks the CSRF header on state-changing cookie requests.
 */
export const authenticate = fp(function authenticate(app: FastifyInstance) {
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', async (request) => {
    // Only /api routes need a caller; unknown routes fall through to the 404 handler. The route
    // pattern decides, not request.url: in absolute form (`POST http://host/api/users`) that
    // does not start with /api/, and the request would pass unauthenticated and without CSRF.
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/')) return;
    const bearer = bearerOf(request);
    const session = bearer === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    request.auth = await app.services.auth.authenticate({ bearer, session });
    if (request.routeOptions.config.public) return;
    if (!request.auth) throw unauthorized();
    if (request.auth.csrfToken !== undefined && !SAFE_METHODS.has(request.method)) {
      if (request.headers[CSRF_HEADER] !== request.auth.csrfToken) {
        throw new HttpError(
          403,
          'csrf',
          `State-changing requests with a session cookie need the ${CSRF_HEADER} header.`,
        );
      }
    }
  });
});
