import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { badRequest } from '../http/problem.js';
import { IdParam, PageQuery, ref } from '../http/schemas.js';
import { PixelsQuery, PixelsResponses, pixelsWanted, sendPixels } from './image-reply.js';
import { ImageSchema, ImportResultSchema, NewImageSchema } from './images.dto.js';

const tags = ['images'];

/** Multipart parse errors without a status (a missing boundary, a cut stream) are bad requests. */
function asProblem(error: unknown): never {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status < 500) throw error;
  throw badRequest(`The multipart body is malformed: ${(error as Error).message}`);
}
const MAX_UPLOAD = 50 * 1024 * 1024;

const UploadForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'a PNG, JPEG or DICOM Part 10 file' }),
  modality: Type.Optional(Type.String()),
  mode: Type.Optional(Type.String()),
  bodyPart: Type.Optional(Type.String()),
});

export const imagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const images = app.services.images;
  app.addHook('onClose', () => images.close());
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 20 } });
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/images',
    {
      schema: {
        operationId: 'listImages',
        tags,
        querystring: Type.Object(PageQuery),
        response: { 200: Type.Array(ref(ImageSchema)) },
      },
    },
    (request) => images.list(actorOf(request), request.query),
  );

  app.post(
    '/api/images',
    {
      schema: {
        operationId: 'importImages',
        summary:
          'Import images by URL (our /api/files/ or an allowed image host), with their metadata',
        tags,
        body: Type.Object(
          { images: Type.Array(NewImageSchema, { minItems: 1 }) },
          { additionalProperties: false },
        ),
        response: { 201: ImportResultSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ ids: await images.import(actorOf(request), request.body.images) }),
  );

  app.post(
    '/api/images/import-csv',
    {
      schema: {
        operationId: 'importImagesCsv',
        summary:
          'Import images from CSV: header url,width,height[,modality,mode,body_part,study_uid,series_uid,...]',
        tags,
        body: { content: { 'text/csv': { schema: Type.String({ minLength: 1 }) } } },
        response: { 201: ImportResultSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ ids: await images.importCsv(actorOf(request), request.body as string) }),
  );

  app.post(
    '/api/images/upload',
    {
      // Documented only: the multipart stream is read by the handler, not validated up front.
      config: {
        swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: UploadForm }, url }),
      },
      schema: {
        operationId: 'uploadImage',
        summary:
          'Upload one PNG or JPEG as multipart/form-data (field "file"; optional fields modality, mode, bodyPart)',
        tags,
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw badRequest('Send multipart/form-data with a file field.');
      const file = await request.file().catch(asProblem);
      if (!file) throw badRequest('The form has no file.');
      const data = await file.toBuffer().catch(asProblem);
      const field = (name: string) => {
        const value = file.fields[name];
        return value &&
          !Array.isArray(value) &&
          value.type === 'field' &&
          typeof value.value === 'string'
          ? value.value.slice(0, 200)
          : null;
      };
      const id = await images.upload(actorOf(request), data, {
        modality: field('modality'),
        mode: field('mode'),
        bodyPart: field('bodyPart'),
      });
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/api/images/:id',
    {
      schema: {
        operationId: 'getImage',
        tags,
        params: IdParam,
        response: { 200: ref(ImageSchema) },
      },
    },
    (request) => images.get(actorOf(request), request.params.id),
  );

  app.get(
    '/api/files/:name',
    {
      schema: {
        operationId: 'getImageFile',
        summary: 'The pixels of an uploaded image, or a JPEG thumbnail of its first frame',
        tags,
        params: Type.Object({ name: Type.String({ maxLength: 64 }) }),
        querystring: PixelsQuery,
        response: PixelsResponses,
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { frame, thumb } = pixelsWanted(request.query);
      const actor = actorOf(request);
      // An imported URL may name one of our files that was never uploaded: 404, not 500.
      const file =
        thumb === undefined
          ? await images.file(actor, name, frame)
          : await images.thumbnail(actor, name, thumb);
      return sendPixels(request, reply, file);
    },
  );
};
