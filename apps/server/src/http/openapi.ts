import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import { Problem } from './problem.js';
import { sharedSchemas } from './schemas.js';
import { CSRF_HEADER, SESSION_COOKIE } from './authenticate.js';

/**
 * The OpenAPI 3 document at /api/openapi.json. Named schemas become components; every /api
 * route documents its problem responses and the security it needs.
 */
export const openapi = fp(async function openapi(app: FastifyInstance) {
  for (const schema of [Problem, ...sharedSchemas]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'medlabel API',
        version: '0.1.0',
        description: `Sessions use the ${SESSION_COOKIE} cookie; state-changing requests with it must send the ${CSRF_HEADER} header (the csrfToken from login). Scripts use bearer API tokens. Errors are application/problem+json.`,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.schema?.hide) return;
    const problemRef = {
      description: 'Problem details',
      content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
    };
    route.schema = {
      ...route.schema,
      ...(route.config?.public ? { security: [] } : {}),
      response: { ...(route.schema?.response as object), '4xx': problemRef, '5xx': problemRef },
    };
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, () =>
    app.swagger(),
  );
});
