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

const UploadResult = Type.Object({
  id: Type.Integer(),
  outcome: Type.Union([Type.Literal('stored'), Type.Literal('duplicate')], {
    description: 'duplicate: the same DICOM instance was uploaded before; id is that image',
  }),
});

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
          'Upload one PNG, JPEG or DICOM file as multipart/form-data (field "file"; optional fields modality, mode, bodyPart, before or after the file, for what the file does not say)',
        description:
          'A DICOM instance uploaded before (the same SOP Instance UID) is not stored again: 200 with the existing image id and outcome "duplicate".',
        tags,
        consumes: ['multipart/form-data'],
        response: {
          200: UploadResult,
          201: UploadResult,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw badRequest('Send multipart/form-data with a file field.');
      // Every part is read, so fields after the file count too (a browser's FormData keeps the
      // order they were appended in).
      let data: Buffer | undefined;
      const fields = new Map<string, string>();
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') data = await part.toBuffer();
          else if (typeof part.value === 'string') fields.set(part.fieldname, part.value);
        }
      } catch (error) {
        asProblem(error);
      }
      if (!data) throw badRequest('The form has no file.');
      const field = (name: string) => fields.get(name)?.slice(0, 200) || null;
      const { id, duplicate } = await images.upload(actorOf(request), data, {
        modality: field('modality'),
        mode: field('mode'),
        bodyPart: field('bodyPart'),
      });
      return reply
        .status(duplicate ? 200 : 201)
        .send({ id, outcome: duplicate ? 'duplicate' : 'stored' });
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
    '/api/images/:id/frames/:frame/values',
    {
      schema: {
        operationId: 'getFrameValues',
        summary:
          "A greyscale DICOM frame's modality values (HU for CT), for windowing in the viewer",
        description:
          'Row by row, little-endian Int16 when every value is an integer in range, else Float32 ' +
          '(x-value-type). Headers: x-rows, x-columns, x-value-type, x-value-min, x-value-max, ' +
          'x-inverted (MONOCHROME1), x-unit (absent when unknown), x-window and x-auto-window ' +
          '("center,width": the file\'s or the modality\'s default, and the 1st to 99th ' +
          'percentile). Colour DICOM and PNG/JPEG images answer 415.',
        tags,
        params: Type.Object({
          ...IdParam.properties,
          frame: Type.Integer({ minimum: 0, maximum: 100000, description: '0-based' }),
        }),
        response: {
          200: Type.Unsafe<unknown>({
            description: 'the values',
            content: {
              'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
            },
          }),
        },
      },
    },
    async (request, reply) => {
      const { id, frame } = request.params;
      const { info, data } = await images.frameValues(actorOf(request), id, frame);
      const pair = (w: { center: number; width: number }) => `${w.center},${w.width}`;
      reply
        .type('application/octet-stream')
        .header('cache-control', 'private, max-age=86400')
        .header('x-rows', info.rows)
        .header('x-columns', info.columns)
        .header('x-value-type', info.type)
        .header('x-value-min', info.min)
        .header('x-value-max', info.max)
        .header('x-inverted', String(info.inverted))
        .header('x-window', pair(info.window))
        .header('x-auto-window', pair(info.auto));
      if (info.unit !== null) reply.header('x-unit', info.unit);
      return reply.send(data);
    },
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
