import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ReferenceSchema } from '../agreement/agreement.dto.js';
import { actorOf } from '../http/authenticate.js';
import { HttpError } from '../http/problem.js';
import { fileResponse, IdParam, ref, TemplateDefinition } from '../http/schemas.js';
import { AnnotationSchema } from '../annotations/annotations.dto.js';
import { CollectionSchema } from '../collections/collections.dto.js';
import { ImageSchema } from '../images/images.dto.js';
import { zip, type ZipEntry } from './zip.js';
import type { Actor } from '../auth/actor.js';
import { FieldsByName, MeasurementSchema, PixelSpacingSchema } from './exports.dto.js';

const tags = ['exports'];

const attachment = (id: number, extension: string) =>
  `attachment; filename="collection-${id}.${extension}"`;

export const exportsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const exports = app.services.exports;

  app.get(
    '/api/collections/:id/export.json',
    {
      schema: {
        operationId: 'exportCollectionJson',
        tags,
        params: IdParam,
        response: {
          200: Type.Object({
            collection: ref(CollectionSchema),
            templates: Type.Array(
              Type.Object({
                templateId: Type.Integer(),
                version: Type.Integer(),
                definition: ref(TemplateDefinition),
              }),
            ),
            images: Type.Array(ref(ImageSchema)),
            references: Type.Array(ref(ReferenceSchema), {
              description: 'reference standards senior readers decided, with their provenance',
            }),
            annotations: Type.Array(
              Type.Intersect([
                ref(AnnotationSchema),
                Type.Object({
                  annotatorEmail: Type.Union([Type.String(), Type.Null()]),
                  prediction: Type.Union(
                    [
                      Type.Object({
                        id: Type.Integer(),
                        loopId: Type.Integer(),
                        round: Type.Union([Type.Integer(), Type.Null()]),
                        label: Type.Union([Type.String(), Type.Null()]),
                        modelVersion: Type.String(),
                        probability: Type.Union([Type.Number(), Type.Null()]),
                        threshold: Type.Union([Type.Number(), Type.Null()]),
                      }),
                      Type.Null(),
                    ],
                    {
                      description:
                        'the labeling-loop prediction the label is, or was confirmed or corrected from',
                    },
                  ),
                  fields: FieldsByName,
                  pixelSpacing: Type.Union([ref(PixelSpacingSchema), Type.Null()]),
                  measurements: Type.Array(ref(MeasurementSchema)),
                }),
              ]),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const body = await exports.json(actorOf(request), request.params.id);
      return reply.header('content-disposition', attachment(request.params.id, 'json')).send(body);
    },
  );

  app.get(
    '/api/collections/:id/export.csv',
    {
      schema: {
        operationId: 'exportCollectionCsv',
        tags,
        params: IdParam,
        response: { 200: fileResponse('one row per annotation', 'text/csv') },
      },
    },
    async (request, reply) => {
      const body = await exports.csv(actorOf(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(request.params.id, 'csv'))
        .send(body);
    },
  );

  app.get(
    '/api/collections/:id/export.coco.json',
    {
      schema: {
        operationId: 'exportCollectionCoco',
        summary: 'COCO instances of the submitted polygons, keypoints and rulers',
        tags,
        params: IdParam,
        response: {
          200: Type.Object({
            info: Type.Object({ description: Type.String(), version: Type.String() }),
            images: Type.Array(
              Type.Object({
                id: Type.Integer(),
                file_name: Type.String(),
                width: Type.Integer(),
                height: Type.Integer(),
              }),
            ),
            categories: Type.Array(
              Type.Object({
                id: Type.Integer(),
                name: Type.String(),
                supercategory: Type.String(),
                keypoints: Type.Optional(Type.Array(Type.String())),
                skeleton: Type.Optional(Type.Array(Type.Array(Type.Integer()))),
              }),
            ),
            annotations: Type.Array(
              Type.Object(
                { id: Type.Integer(), image_id: Type.Integer(), category_id: Type.Integer() },
                { additionalProperties: true },
              ),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const body = await exports.coco(actorOf(request), request.params.id);
      return reply
        .header('content-disposition', attachment(request.params.id, 'coco.json'))
        .send(body);
    },
  );
  /** GET export.<kind>.zip: a ZIP of the DICOM files the exports service makes of a collection. */
  const dicomZip = (
    kind: 'sr' | 'seg',
    schema: { operationId: string; summary: string; description: string },
    files: (actor: Actor, collectionId: number) => Promise<ZipEntry[]>,
  ) =>
    app.get(
      `/api/collections/:id/export.${kind}.zip`,
      {
        schema: {
          ...schema,
          tags,
          params: IdParam,
          response: { 200: fileResponse('a ZIP of DICOM Part 10 files', 'application/zip') },
        },
      },
      async (request, reply) =>
        reply
          .type('application/zip')
          .header('content-disposition', attachment(request.params.id, `${kind}.zip`))
          .send(zip(await files(actorOf(request), request.params.id))),
    );

  dicomZip(
    'sr',
    {
      operationId: 'exportCollectionSr',
      summary: 'DICOM SR (TID 1500 measurement reports) of the annotations of DICOM uploads',
      description:
        "A ZIP with one Comprehensive SR per study (`<StudyInstanceUID>.sr.dcm`) of the submitted annotations of the collection's DICOM uploads: image labels, contours with area and perimeter, rulers, polylines and keypoints, referencing the de-identified instances.",
    },
    async (actor, id) =>
      (await exports.dicomSr(actor, id)).map((f) => ({
        name: `${f.studyInstanceUid}.sr.dcm`,
        bytes: f.bytes,
      })),
  );
  dicomZip(
    'seg',
    {
      operationId: 'exportCollectionSeg',
      summary: 'DICOM SEG of the contours of the annotations of DICOM uploads',
      description:
        'A ZIP with one binary Segmentation per series (`<SeriesInstanceUID>.seg.dcm`): a segment per tool, label and reader, the submitted contours rasterised on the referenced frames of the de-identified instances.',
    },
    async (actor, id) =>
      (await exports.dicomSeg(actor, id)).map((f) => ({
        name: `${f.seriesInstanceUid}.seg.dcm`,
        bytes: f.bytes,
      })),
  );

  // An SR or SEG comes back as its Part 10 bytes (application/dicom), at most 10 MiB.
  app.addContentTypeParser(
    'application/dicom',
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );

  /** A route that saves the annotations of a DICOM object medlabel exported as predictions. */
  const dicomImport = (
    kind: 'sr' | 'seg',
    schema: { operationId: string; summary: string; description: string },
    predictions: (
      actor: Actor,
      collectionId: number,
      bytes: Uint8Array,
    ) => ReturnType<typeof exports.reportPredictions>,
  ) =>
    app.post(
      `/api/collections/:id/import.${kind}`,
      {
        schema: {
          ...schema,
          tags,
          params: IdParam,
          consumes: ['application/dicom'],
          response: {
            200: Type.Object({
              saved: Type.Integer({
                description: 'annotations saved (one per image and observer)',
              }),
              unmatched: Type.Array(Type.String(), {
                description: 'SOP Instance UIDs of referenced images the collection does not hold',
              }),
            }),
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        // Another content type reaches us parsed (JSON's -1 is a number): only bytes are DICOM.
        if (!Buffer.isBuffer(request.body))
          throw new HttpError(415, 'unsupported-media-type', 'Send the file as application/dicom.');
        const { batches, unmatched } = await predictions(
          actor,
          request.params.id,
          new Uint8Array(request.body),
        );
        let saved = 0;
        for (const batch of batches)
          saved += (await app.services.annotations.savePredictions(actor, request.params.id, batch))
            .saved;
        return { saved, unmatched };
      },
    );

  dicomImport(
    'sr',
    {
      operationId: 'importCollectionSr',
      summary: 'Import a measurement report medlabel exported (application/dicom, 10 MiB at most)',
      description:
        "The report's annotations of the collection's images (matched by the de-identified SOP Instance UID) are saved as submitted model annotations named `sr:<observer>` (e.g. `sr:Reader-12`): its image labels and shapes, as the export wrote them. `unmatched` lists the instances the collection does not hold.",
    },
    (actor, id, bytes) => exports.reportPredictions(actor, id, bytes),
  );
  dicomImport(
    'seg',
    {
      operationId: 'importCollectionSeg',
      summary: 'Import a segmentation medlabel exported (application/dicom, 10 MiB at most)',
      description:
        "The segmentation's contours on the collection's images (matched by the de-identified SOP Instance UID) are saved as submitted model annotations named `seg:<observer>` (e.g. `seg:Reader-12`): each region of a segment's mask on a frame comes back as a polygon of the segment's tool and label along the pixel edges, which fills the same pixels (contours of one segment that overlapped on a frame come back as one; a region's holes are filled). `unmatched` lists the instances the collection does not hold.",
    },
    (actor, id, bytes) => exports.segmentationPredictions(actor, id, bytes),
  );
  done();
};
