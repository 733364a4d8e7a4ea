import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { badRequest } from '../http/problem.js';
import { fileResponse } from '../http/schemas.js';
import { THUMB_SIZES, type ImageFile } from './image-files.js';

/** `?frame=` or `?thumb=` of every route that serves an image's pixels. */
export const PixelsQuery = Type.Object({
  frame: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100000,
      description: 'frame of a multi-frame (DICOM) image',
    }),
  ),
  thumb: Type.Optional(
    Type.Union(
      THUMB_SIZES.map((size) => Type.Literal(size)),
      {
        description:
          'a JPEG thumbnail whose longer side is this many pixels (never enlarged), of frame 0; made once and cached',
      },
    ),
  ),
});
export type PixelsQuery = Static<typeof PixelsQuery>;

export const PixelsResponses = {
  200: fileResponse('the pixels', 'image/png', 'image/jpeg'),
  304: Type.Null({ description: 'unchanged since the ETag sent in If-None-Match' }),
};

/** What to read: a frame, or a thumbnail of frame 0 (never both). */
export function pixelsWanted(query: PixelsQuery) {
  if (query.thumb !== undefined && query.frame)
    throw badRequest('A thumbnail shows frame 0; drop frame.');
  return query;
}

/** Sends pixels with a private cache header and an ETag, or 304 when the client has them. */
export async function sendPixels(request: FastifyRequest, reply: FastifyReply, file: ImageFile) {
  // Served files never change, so size and modification time identify the bytes.
  const etag = `"${file.size.toString(16)}-${Math.floor(file.modifiedMs).toString(16)}"`;
  reply.type(file.type).header('cache-control', 'private, max-age=86400').header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
  return reply.send(await file.open());
}
