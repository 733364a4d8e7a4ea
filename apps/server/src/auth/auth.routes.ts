import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, CSRF_COOKIE, SESSION_COOKIE } from '../http/authenticate.js';
import { IdParam, NoContent, ref } from '../http/schemas.js';
import { UserSchema } from '../users/users.dto.js';
import { ApiTokenSchema, CreateApiTokenSchema } from './auth.dto.js';

const tags = ['auth'];

export const authRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const auth = app.services.auth;
  const secure = app.config.secureCookies;

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        operationId: 'login',
        summary: 'Sign in; wrong passwords are limited per address and per address and email (429)',
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
      const { email, password } = request.body;
      const session = await auth.login(email, password, request.ip);
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
    {
      schema: {
        operationId: 'listApiTokens',
        tags,
        response: { 200: Type.Array(ref(ApiTokenSchema)) },
      },
    },
    (request) => auth.listTokens(actorOf(request)),
  );

  app.post(
    '/api/me/tokens',
    {
      schema: {
        operationId: 'createApiToken',
        summary: 'Create an API token for scripts; the token is shown only in this response',
        tags,
        body: CreateApiTokenSchema,
        response: { 201: Type.Object({ ...ApiTokenSchema.properties, token: Type.String() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.createToken(actorOf(request), request.body)),
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
