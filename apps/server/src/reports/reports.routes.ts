import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { fileResponse, IdParam } from '../http/schemas.js';

const tags = ['reports'];

export const CompletenessReportSchema = Type.Object({
  collectionId: Type.Integer(),
  images: Type.Integer(),
  readersPerImage: Type.Integer(),
  done: Type.Integer({ description: 'images with readersPerImage submitted annotations' }),
  inProgress: Type.Integer(),
  todo: Type.Integer(),
  annotators: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      email: Type.String(),
      name: Type.String(),
      submitted: Type.Integer(),
      drafts: Type.Integer(),
      timeSpentMs: Type.Integer(),
      meanTimeMs: Type.Union([Type.Integer(), Type.Null()], {
        description: 'per submitted annotation',
      }),
    }),
  ),
});

export const reportsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const reports = app.services.reports;

  app.get(
    '/api/collections/:id/report',
    {
      schema: {
        operationId: 'getCompletenessReport',
        tags,
        params: IdParam,
        response: { 200: CompletenessReportSchema },
      },
    },
    (request) => reports.completeness(actorOf(request), request.params.id),
  );

  app.get(
    '/api/collections/:id/report.csv',
    {
      schema: {
        operationId: 'getCompletenessReportCsv',
        summary: 'The per-annotator part of the completeness report as CSV',
        tags,
        params: IdParam,
        response: { 200: fileResponse('one row per annotator', 'text/csv') },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .send(await reports.completenessCsv(actorOf(request), request.params.id)),
  );
  done();
};
