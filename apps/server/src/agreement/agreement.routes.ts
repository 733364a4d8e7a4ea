import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { Id, IdParam, fileResponse, ref } from '../http/schemas.js';
import {
  AgreementExportSchema,
  AdjudicationCaseSchema,
  AdjudicationQueueSchema,
  AgreementReportSchema,
  DecisionSchema,
  ReferenceSchema,
  SaveStudySettingsSchema,
  StudySettingsSchema,
} from './agreement.dto.js';

const tags = ['agreement'];
const ImageInCollection = Type.Object({ id: Id(), imageId: Id() });
const ReaderInCollection = Type.Object({ id: Id(), userId: Id() });

export const agreementRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const agreement = app.services.agreement;
  app.addHook('onClose', () => agreement.close());

  app.get(
    '/api/collections/:id/agreement',
    {
      schema: {
        operationId: 'getAgreementReport',
        summary: "Agreement between the collection's readers per task element, with intervals",
        tags,
        params: IdParam,
        response: { 200: ref(AgreementReportSchema) },
      },
    },
    (request) => agreement.report(actorOf(request), request.params.id),
  );

  app.get(
    '/api/collections/:id/agreement.csv',
    {
      schema: {
        operationId: 'getAgreementCsv',
        summary: 'The agreement tables as CSV, with per-image contour rows',
        tags,
        params: IdParam,
        response: { 200: fileResponse('one row per statistic', 'text/csv') },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="agreement-${request.params.id}.csv"`)
        .send(await agreement.csv(actorOf(request), request.params.id)),
  );

  app.get(
    '/api/collections/:id/agreement.json',
    {
      schema: {
        operationId: 'getAgreementJson',
        summary:
          "The agreement report with each image's contour per polygon tool: the adjudicated " +
          'reference where decided, else the consensus contour, and each reader against it',
        tags,
        params: IdParam,
        response: { 200: ref(AgreementExportSchema) },
      },
    },
    async (request, reply) =>
      reply
        .header('content-disposition', `attachment; filename="agreement-${request.params.id}.json"`)
        .send(await agreement.json(actorOf(request), request.params.id)),
  );

  app.get(
    '/api/collections/:id/reading-study',
    {
      schema: {
        operationId: 'getStudySettings',
        tags,
        params: IdParam,
        response: { 200: ref(StudySettingsSchema) },
      },
    },
    (request) => agreement.settings(actorOf(request), request.params.id),
  );

  app.put(
    '/api/collections/:id/reading-study',
    {
      schema: {
        operationId: 'saveStudySettings',
        tags,
        params: IdParam,
        body: SaveStudySettingsSchema,
        response: { 200: ref(StudySettingsSchema) },
      },
    },
    (request) => agreement.saveSettings(actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/collections/:id/paused-readers/:userId',
    {
      schema: {
        operationId: 'setReaderPaused',
        summary:
          'Pauses a reader in the collection (the work queue hands out nothing) or resumes one',
        tags,
        params: ReaderInCollection,
        body: Type.Object({ paused: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Type.Object({ userId: Type.Integer(), paused: Type.Boolean() }) },
      },
    },
    (request) =>
      agreement.setPaused(
        actorOf(request),
        request.params.id,
        request.params.userId,
        request.body.paused,
      ),
  );

  app.get(
    '/api/collections/:id/adjudication',
    {
      schema: {
        operationId: 'getAdjudicationQueue',
        summary: 'Images whose readers disagree beyond the thresholds, undecided first',
        tags,
        params: IdParam,
        response: { 200: AdjudicationQueueSchema },
      },
    },
    (request) => agreement.queue(actorOf(request), request.params.id),
  );

  app.get(
    '/api/collections/:id/adjudication/:imageId',
    {
      schema: {
        operationId: 'getAdjudicationCase',
        tags,
        params: ImageInCollection,
        response: { 200: AdjudicationCaseSchema },
      },
    },
    (request) => agreement.case(actorOf(request), request.params.id, request.params.imageId),
  );

  app.put(
    '/api/collections/:id/adjudication/:imageId',
    {
      schema: {
        operationId: 'decideAdjudication',
        summary: "Stores the senior reader's decision as the image's reference standard",
        tags,
        params: ImageInCollection,
        body: DecisionSchema,
        response: { 200: ref(ReferenceSchema) },
      },
    },
    (request) =>
      agreement.decide(actorOf(request), request.params.id, request.params.imageId, request.body),
  );
  done();
};
