import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Headers every response carries: no MIME sniffing (uploaded files are served as what they
 * are), no framing (clickjacking), no referrer leaking image URLs to other sites.
 */
export const securityHeaders = fp(function securityHeaders(app: FastifyInstance) {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    done(null, payload);
  });
});
