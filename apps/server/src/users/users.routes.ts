import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { IdParam, PageQuery, ref } from '../http/schemas.js';
import { CreateUserSchema, RoleSchema, UpdateUserSchema, UserSchema } from './users.dto.js';

const tags = ['users'];

export const usersRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const users = app.services.users;

  app.get(
    '/api/users',
    {
      schema: {
        operationId: 'listUsers',
        tags,
        querystring: Type.Object({ ...PageQuery, role: Type.Optional(RoleSchema) }),
        response: { 200: Type.Array(ref(UserSchema)) },
      },
    },
    (request) => users.list(actorOf(request), request.query),
  );

  app.post(
    '/api/users',
    {
      schema: {
        operationId: 'createUser',
        tags,
        body: CreateUserSchema,
        response: { 201: ref(UserSchema) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await users.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/users/:id',
    {
      schema: { operationId: 'getUser', tags, params: IdParam, response: { 200: ref(UserSchema) } },
    },
    (request) => users.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        tags,
        params: IdParam,
        body: UpdateUserSchema,
        response: { 200: ref(UserSchema) },
      },
    },
    (request) =>
      users.update(actorOf(request), request.params.id, request.body, {
        address: request.ip,
        sessionId: request.auth?.sessionId,
      }),
  );
  done();
};
