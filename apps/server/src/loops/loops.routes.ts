import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { IdParam, ref } from '../http/schemas.js';
import {
  CreateLoopSchema,
  DashboardSchema,
  ListLoopsQuery,
  LoopSchema,
  ModelSchema,
  ModelsQuery,
} from './loops.dto.js';

const tags = ['loops'];

export const loopsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const loops = app.services.loops;

  app.post(
    '/api/loops',
    {
      schema: {
        operationId: 'createLoop',
        summary:
          "Create a labeling loop on a collection the caller manages; V is drawn from people's labels and the first model's training is queued",
        tags,
        body: CreateLoopSchema,
        response: { 201: ref(LoopSchema) },
      },
    },
    async (request, reply) => {
      const loop = await loops.create(actorOf(request), request.body);
      return reply.code(201).send(loop);
    },
  );

  app.get(
    '/api/loops',
    {
      schema: {
        operationId: 'listLoops',
        summary: 'Loops of the collections the caller manages',
        tags,
        querystring: ListLoopsQuery,
        response: { 200: Type.Array(ref(LoopSchema)) },
      },
    },
    (request) => loops.list(actorOf(request), request.query.collectionId),
  );

  app.get(
    '/api/loops/:id',
    {
      schema: {
        operationId: 'getLoop',
        summary: 'The loop, its phase and its active (else latest) job with progress',
        tags,
        params: IdParam,
        response: { 200: ref(LoopSchema) },
      },
    },
    (request) => loops.get(actorOf(request), request.params.id),
  );

  app.get(
    '/api/loops/:id/dashboard',
    {
      schema: {
        operationId: 'getLoopDashboard',
        summary: "Each round's model, batch, review and audit figures, and the loop's totals",
        tags,
        params: IdParam,
        response: { 200: ref(DashboardSchema) },
      },
    },
    (request) => loops.dashboard(actorOf(request), request.params.id),
  );

  app.get(
    '/api/loops/:id/models',
    {
      schema: {
        operationId: 'listLoopModels',
        summary: 'Every model version of the loop with its training set, metrics and calibration',
        tags,
        params: IdParam,
        querystring: ModelsQuery,
        response: { 200: Type.Array(ref(ModelSchema)) },
      },
    },
    (request) => loops.models(actorOf(request), request.params.id, request.query.labels ?? false),
  );

  app.post(
    '/api/loops/:id/train',
    {
      schema: {
        operationId: 'trainLoop',
        summary:
          'Queue the next model once the newest batch is reviewed (409 while a job runs or the review is open)',
        tags,
        params: IdParam,
        response: { 200: ref(LoopSchema) },
      },
    },
    (request) => loops.train(actorOf(request), request.params.id),
  );

  app.post(
    '/api/loops/:id/prelabel',
    {
      schema: {
        operationId: 'prelabelLoop',
        summary:
          'Queue the pre-labeling of the next batch with the newest model (409 while a job runs or a batch is under review)',
        tags,
        params: IdParam,
        response: { 200: ref(LoopSchema) },
      },
    },
    (request) => loops.prelabel(actorOf(request), request.params.id),
  );

  app.post(
    '/api/loops/:id/cancel',
    {
      schema: {
        operationId: 'cancelLoopJob',
        summary: "Cancel the loop's queued or running job",
        tags,
        params: IdParam,
        response: { 200: ref(LoopSchema) },
      },
    },
    (request) => loops.cancel(actorOf(request), request.params.id),
  );
  done();
};
