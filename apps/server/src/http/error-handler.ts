import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError, problem, type Problem } from './problem.js';

function send(reply: FastifyReply, body: Problem) {
  return reply.status(body.status).type('application/problem+json').send(body);
}

/** Fastify's error code as a problem type slug (`FST_ERR_CTP_INVALID_TYPE` -> `fst-err-ctp-invalid-type`). */
function slugOf(error: FastifyError): string {
  return (error.code ?? 'bad-request').toLowerCase().replace(/_/g, '-');
}

/** Maps an ajv validation failure to field errors with JSON pointers into the request. */
function validationProblem(error: FastifyError): Problem {
  const where = error.validationContext ?? 'body';
  const errors = (error.validation ?? []).map((v) => {
    const missing =
      v.keyword === 'required' && typeof v.params.missingProperty === 'string'
        ? `/${v.params.missingProperty}`
        : '';
    return { pointer: `/${where}${v.instancePath}${missing}`, message: v.message ?? 'is invalid' };
  });
  return problem(400, 'validation', `The request ${where} is invalid.`, errors);
}

/** Errors Fastify meets before routing (a malformed URL, a bad content-type header). */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  void send(reply, problem(status, slugOf(error), error.message));
}

/**
 * Every error leaves as application/problem+json. Errors we raise carry their status; errors
 * from Fastify (validation, JSON parse, body too large, bad content type) keep their 4xx status;
 * anything else is logged and answered with a bare 500 without internals.
 */
export const errorHandler = fp(function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.headers) void reply.headers(error.headers);
      return send(reply, error.toProblem());
    }
    if (error.validation) return send(reply, validationProblem(error));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return send(reply, problem(status, slugOf(error), error.message));
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, problem(500, 'internal', 'The server failed to handle this request.'));
  });
});
