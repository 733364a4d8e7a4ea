import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { Id, IdParam, NoContent, ref } from '../http/schemas.js';
import { PixelsQuery, PixelsResponses, pixelsWanted, sendPixels } from '../images/image-reply.js';
import { ImportResultSchema } from '../images/images.dto.js';
import {
  ImageSourceSchema,
  ImportSeriesSchema,
  NewImageSourceSchema,
  PushResultSchema,
  SeriesQuerySchema,
  SourceSeriesSchema,
  UpdateImageSourceSchema,
} from './sources.dto.js';
import { sourceImageUrl } from './sources.service.js';

const tags = ['image sources'];

export const sourcesRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const { sources, images } = app.services;

  app.get(
    '/api/sources',
    {
      schema: {
        operationId: 'listImageSources',
        tags,
        response: { 200: Type.Array(ref(ImageSourceSchema)) },
      },
    },
    (request) => sources.list(actorOf(request)),
  );

  app.post(
    '/api/sources',
    {
      schema: {
        operationId: 'registerImageSource',
        summary: 'Register a DICOMweb server as an image source (admins)',
        tags,
        body: NewImageSourceSchema,
        response: { 201: ref(ImageSourceSchema) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sources.register(actorOf(request), request.body)),
  );

  app.patch(
    '/api/sources/:id',
    {
      schema: {
        operationId: 'updateImageSource',
        summary: 'Rename a source, change its base URL or its Authorization header (admins)',
        tags,
        params: IdParam,
        body: UpdateImageSourceSchema,
        response: { 200: ref(ImageSourceSchema) },
      },
    },
    (request) => sources.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/sources/:id',
    {
      schema: {
        operationId: 'deleteImageSource',
        summary: 'Delete an image source no image refers to (admins; 409 while images stay on it)',
        tags,
        params: IdParam,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await sources.delete(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/sources/:id/series',
    {
      schema: {
        operationId: 'searchImageSource',
        summary: 'Search a source for series (QIDO-RS) on fields that name no patient',
        tags,
        params: IdParam,
        querystring: SeriesQuerySchema,
        response: { 200: Type.Array(ref(SourceSeriesSchema)) },
      },
    },
    (request) => sources.searchSeries(actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/sources/:id/series/import',
    {
      schema: {
        operationId: 'importSourceSeries',
        summary:
          'Index the image instances of series as images whose pixels stay on the source (make a collection of the ids)',
        tags,
        params: IdParam,
        body: ImportSeriesSchema,
        response: { 201: ImportResultSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        ids: await sources.importSeries(actorOf(request), request.params.id, request.body.series),
      }),
  );

  app.get(
    '/api/sources/:id/instances/:instanceUid',
    {
      schema: {
        operationId: 'getSourceImageFile',
        summary:
          'The pixels of an image on a source, retrieved by our server (WADO-RS) and cached; the browser never talks to the source',
        tags,
        params: Type.Object({
          ...IdParam.properties,
          instanceUid: Type.String({ maxLength: 64, pattern: '^[0-9]+(\\.[0-9]+)*$' }),
        }),
        querystring: PixelsQuery,
        response: PixelsResponses,
      },
    },
    async (request, reply) => {
      const { id, instanceUid } = request.params;
      const file = await images.pixels(
        actorOf(request),
        sourceImageUrl(id, instanceUid),
        pixelsWanted(request.query),
      );
      return sendPixels(request, reply, file);
    },
  );
  app.post(
    '/api/sources/:id/reports',
    {
      schema: {
        operationId: 'pushReportsToSource',
        summary:
          "Store a collection's annotations as DICOM SR (one TID 1500 measurement report per study) on the source (STOW-RS)",
        tags,
        params: IdParam,
        body: Type.Object({ collectionId: Id() }, { additionalProperties: false }),
        response: { 200: ref(PushResultSchema) },
      },
    },
    (request) =>
      sources.pushReports(actorOf(request), request.params.id, request.body.collectionId),
  );

  done();
};
