import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, CSRF_COOKIE, SESSION_COOKIE } from '../http/authenticate.js';
import { IdParam, NoContent, ref } from '../http/schemas.js';
import { UserSchema } from '../users/users.dto.js';

const tags = ['auth'];
const LOGIN_LIMIT = { max: 10, timeWindow: '1 minute' };

const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const authRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const auth = app.services.auth;
  const secure = app.config.secureCookies;

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        // Counted per address and email after the body is parsed.
        rateLimit: {
          ...LOGIN_LIMIT,
          hook: 'preHandler',
          keyGenerator: (request) => {
            const body = request.body as { email?: unknown } | undefined;
            return `${request.ip}:${typeof body?.email === 'string' ? body.email.toLowerCase() : ''}`;
          },
        },
      },
      schema: {
        operationId: 'login',
        tags,
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            user: ref(UserSchema),
            csrfToken: Type.String({
              description: 'send it in the x-csrf-token header of state-changing requests',
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      const session = await auth.login(request.body.email, request.body.password);
      const cookie = { path: '/', sameSite: 'lax' as const, secure, expires: session.expiresAt };
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { operationId: 'logout', tags, response: { 204: NoContent } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { schema: { operationId: 'getMe', tags, response: { 200: ref(UserSchema) } } },
    (request) => auth.me(actorOf(request)),
  );

  app.get(
    '/api/me/tokens',
    { schema: { operationId: 'listApiTokens', tags, response: { 200: Type.Array(ApiToken) } } },
    (request) => auth.listTokens(actorOf(request)),
  );

  app.post(
    '/api/me/tokens',
    {
      schema: {
        operationId: 'createApiToken',
        summary: 'Create an API token for scripts; the token is shown only in this response',
        tags,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...ApiToken.properties, token: Type.String() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.createToken(actorOf(request), request.body.name)),
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      schema: {
        operationId: 'deleteApiToken',
        tags,
        params: IdParam,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await auth.deleteToken(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  done();
};
