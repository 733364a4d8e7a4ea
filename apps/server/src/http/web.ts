import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { problem } from './problem.js';
import { pathOf } from './request-path.js';

/**
 * Serves the built web app at `/` when `dist` exists; paths outside /api that match no file get
 * index.html so the client-side router can take them. Unknown /api paths are problem 404s.
 */
export async function web(app: FastifyInstance, options: { dist: string }) {
  const index = path.join(options.dist, 'index.html');
  const hasApp = fs.existsSync(index);
  if (hasApp) {
    await app.register(fastifyStatic, {
      root: options.dist,
      wildcard: false,
      // Source maps stay private even when a build left some behind (vite.config.ts makes none).
      allowedPath: (pathname) => !pathname.endsWith('.map'),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = pathOf(request);
    if (
      hasApp &&
      request.method === 'GET' &&
      !pathname.startsWith('/api/') &&
      pathname !== '/api' &&
      !pathname.endsWith('.map')
    ) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .type('application/problem+json')
      .send(problem(404, 'not-found', `No route ${request.method} ${pathname}.`));
  });
}
