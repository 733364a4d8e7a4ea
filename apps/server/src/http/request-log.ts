import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One log line per response, at a level that follows its status: server errors at error, client
 * errors at info (failed logins, refused access, bad input are what an operator looks for),
 * everything else at debug (MEDLABEL_LOG_LEVEL=debug gives the full access log). The line names
 * the route pattern, not the URL, so search text and ids in query strings stay out of the logs.
 */
export const requestLog = fp(function requestLog(app: FastifyInstance) {
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    request.log[level](
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
});
