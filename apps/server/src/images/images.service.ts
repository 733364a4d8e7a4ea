import { Value } from '@sinclair/typebox/value';
import { isReader, type Actor } from '../auth/actor.js';
import type { ImageRow, NewImageRow } from '../db/tables.js';
import { HttpError, badRequest, forbidden, notFound } from '../http/problem.js';
import { parseCsv } from '@medlabel/csv';
import { decodeFrameValues, MAX_VALUE_SAMPLES, type FrameValuesInfo } from './frame-values.js';
import { NewImageSchema, type Image, type NewImage } from './images.dto.js';
import type { ImagesRepository } from './images.repository.js';
import { FILES_URL, type ImageFile, type ImageFiles, type ThumbSize } from './image-files.js';
import { locationOf, type ImageSources } from './image-source.js';

const MAX_IMPORT = 10_000;
/** Imported metadata of one image, as stored JSON (a DICOM upload's is about 500 bytes). */
export const MAX_METADATA_BYTES = 64 * 1024;

export function toImage(row: ImageRow): Image {
  return {
    id: row.id,
    url: row.url,
    width: row.width,
    height: row.height,
    frames: row.frames,
    modality: row.modality,
    mode: row.mode,
    bodyPart: row.body_part,
    studyUid: row.study_uid,
    seriesUid: row.series_uid,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

/** Columns of an import CSV that fill image fields; any other column becomes metadata. */
const CSV_FIELDS: Record<string, keyof NewImage> = {
  url: 'url',
  width: 'width',
  height: 'height',
  frames: 'frames',
  modality: 'modality',
  mode: 'mode',
  body_part: 'bodyPart',
  bodypart: 'bodyPart',
  study_uid: 'studyUid',
  series_uid: 'seriesUid',
};

/** Images: import by URL list (JSON or CSV) or upload, and read with access checks. */
export class ImagesService {
  constructor(
    private readonly images: ImagesRepository,
    private readonly files: ImageFiles,
    private readonly sources: ImageSources,
    private readonly allowedHosts: string[],
  ) {}

  async get(actor: Actor, id: number): Promise<Image> {
    return toImage(await this.visibleRow(actor, id));
  }

  async list(actor: Actor, query: { after?: number; limit?: number }): Promise<Image[]> {
    if (isReader(actor.role))
      throw forbidden('Annotators and reviewers see images through their collections.');
    const rows = await this.images.list({ afterId: query.after ?? 0, limit: query.limit ?? 100 });
    return rows.map(toImage);
  }

  async import(actor: Actor, images: NewImage[]): Promise<number[]> {
    if (isReader(actor.role)) throw forbidden('Annotators and reviewers cannot import images.');
    if (images.length > MAX_IMPORT)
      throw badRequest(`Import at most ${MAX_IMPORT} images at once.`);
    return this.images.insertMany(this.rows(actor, images));
  }

  /** A CSV with a header row: url,width,height plus optional attributes and metadata columns. */
  importCsv(actor: Actor, text: string): Promise<number[]> {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (error) {
      throw badRequest(`The CSV is malformed: ${(error as Error).message}.`);
    }
    const [header, ...body] = rows;
    if (!header || !header.includes('url'))
      throw badRequest('The CSV needs a header row with a url column.');
    const images = body.map((cells, r) => {
      const image: Record<string, unknown> = { metadata: {} };
      header.forEach((column, c) => {
        const value = cells[c] ?? '';
        const field = CSV_FIELDS[column.trim().toLowerCase()];
        if (field === 'width' || field === 'height' || field === 'frames') {
          const n = Number(value);
          if (!Number.isInteger(n) || n < 1) {
            throw badRequest('The CSV has an invalid size.', [
              { pointer: `/body/${r + 1}/${column}`, message: 'must be a positive integer' },
            ]);
          }
          image[field] = n;
        } else if (field) image[field] = value === '' ? null : value;
        else if (value !== '') (image.metadata as Record<string, string>)[column] = value;
      });
      if (typeof image.width !== 'number' || typeof image.height !== 'number') {
        throw badRequest('Every CSV row needs width and height.', [
          { pointer: `/body/${r + 1}`, message: 'width and height are required' },
        ]);
      }
      // The limits of the JSON route (sizes, lengths, metadata keys) hold for CSV rows too.
      const error = Value.Errors(NewImageSchema, image).First();
      if (error) {
        throw badRequest('A CSV row is outside the limits of an image.', [
          { pointer: `/body/${r + 1}${error.path}`, message: error.message },
        ]);
      }
      return image as unknown as NewImage;
    });
    return this.import(actor, images);
  }

  /** Stores an uploaded PNG, JPEG or DICOM file; attributes the file carries win over the form's. */
  async upload(
    actor: Actor,
    data: Buffer,
    attributes: Pick<NewImage, 'modality' | 'mode' | 'bodyPart'>,
  ): Promise<{ id: number; duplicate: boolean }> {
    if (isReader(actor.role)) throw forbidden('Annotators and reviewers cannot upload images.');
    // The same DICOM instance uploaded again (a folder picked twice) is reported, not stored.
    const stored = await this.files.store(data, (uid) => this.images.findUpload(uid));
    if ('duplicateOf' in stored) return { id: stored.duplicateOf, duplicate: true };
    const { instanceUid, ...image } = stored;
    const [row] = this.rows(actor, [
      {
        ...attributes,
        ...image,
        modality: image.modality ?? attributes.modality ?? null,
        bodyPart: image.bodyPart ?? attributes.bodyPart ?? null,
      },
    ]);
    // Two uploads of one instance at once both pass the look-up above: the unique index on the
    // instance lets one row in, and the other upload's files go.
    const inserted = await this.images.insertUpload({ ...row!, instance_uid: instanceUid ?? null });
    if ('id' in inserted) return { id: inserted.id, duplicate: false };
    await this.files.discard(image.url);
    return { id: inserted.duplicateOf, duplicate: true };
  }

  /** An uploaded file (or one frame of it) the actor may see. */
  file(actor: Actor, name: string, frame = 0): Promise<ImageFile> {
    if (!this.files.isFileName(name)) throw notFound('File');
    return this.pixels(actor, FILES_URL + name, { frame });
  }

  /** A thumbnail (of frame 0) of an uploaded file the actor may see. */
  thumbnail(actor: Actor, name: string, size: ThumbSize): Promise<ImageFile> {
    if (!this.files.isFileName(name)) throw notFound('File');
    return this.pixels(actor, FILES_URL + name, { thumb: size });
  }

  /**
   * A frame, or the thumbnail of frame 0, of the image at `url` (our file, or an instance on a
   * registered source) when the actor may see it, read through the image's source.
   */
  async pixels(
    actor: Actor,
    url: string,
    want: { frame?: number; thumb?: ThumbSize },
  ): Promise<ImageFile> {
    const images = await this.visibleAt(actor, url);
    const frame = want.frame ?? 0;
    if (frame >= Math.max(...images.map((r) => r.frames))) throw notFound('Frame');
    const location = locationOf(images[0]!);
    return want.thumb === undefined
      ? this.sources.frame(location, frame)
      : this.sources.thumbnail(location, want.thumb);
  }

  /**
   * The modality values of frame `frame` of a greyscale DICOM upload the actor may see (HU for
   * CT), for a viewer that windows them itself. Other images answer 415: their pixels are all.
   */
  async frameValues(
    actor: Actor,
    id: number,
    frame: number,
  ): Promise<{ info: FrameValuesInfo; data: Buffer }> {
    const image = await this.visibleRow(actor, id);
    if (frame >= image.frames) throw notFound('Frame');
    if (image.width * image.height > MAX_VALUE_SAMPLES) {
      throw new HttpError(
        413,
        'values-too-large',
        `Frames of ${image.width}x${image.height} pixels are over the ${MAX_VALUE_SAMPLES} values sent at once; load the rendered frame.`,
      );
    }
    const bytes = await this.sources.values(locationOf(image), frame);
    if (!bytes) {
      throw new HttpError(
        415,
        'no-modality-values',
        'Only DICOM images have modality values; this image is its pixels.',
      );
    }
    return decodeFrameValues(bytes);
  }

  /**
   * The DICOM file of the image at `url`, wherever it stays (for exports, which check access
   * themselves); undefined when it has none.
   */
  async dicomAt(url: string): Promise<Buffer | undefined> {
    const [image] = await this.images.findByUrl(url);
    return image ? this.sources.dicom(locationOf(image)) : undefined;
  }

  /** Ends the image files' worker threads (when the server closes). */
  close(): Promise<void> {
    return this.files.close();
  }

  /** Checked rows of new images: URLs ours or on an allowed host, metadata within its bound. */
  private rows(actor: Actor, images: NewImage[]): NewImageRow[] {
    images.forEach((image, i) => this.checkUrl(image.url, `/body/images/${i}/url`));
    const now = new Date().toISOString();
    return images.map((image, i) => {
      const metadata = JSON.stringify(image.metadata ?? {});
      if (metadata.length > MAX_METADATA_BYTES) {
        throw badRequest('Image metadata is too large.', [
          {
            pointer: `/body/images/${i}/metadata`,
            message: `${metadata.length} characters as JSON; at most ${MAX_METADATA_BYTES}`,
          },
        ]);
      }
      return {
        url: image.url,
        width: image.width,
        height: image.height,
        frames: image.frames ?? 1,
        modality: image.modality ?? null,
        mode: image.mode ?? null,
        body_part: image.bodyPart ?? null,
        study_uid: image.studyUid ?? null,
        series_uid: image.seriesUid ?? null,
        metadata,
        created_by: actor.id,
        created_at: now,
      };
    });
  }

  /** The image's row, when the actor may see it (else 404). */
  private async visibleRow(actor: Actor, id: number): Promise<ImageRow> {
    const row = await this.images.findById(id);
    if (!row) throw notFound('Image');
    if (!(await this.images.anyVisible([id], actor))) throw notFound('Image');
    return row;
  }

  /** The images at `url`, when the actor may see one of them (else 404). */
  private async visibleAt(actor: Actor, url: string) {
    const images = await this.images.findByUrl(url);
    if (images.length === 0) throw notFound('File');
    if (
      !(await this.images.anyVisible(
        images.map((r) => r.id),
        actor,
      ))
    )
      throw notFound('File');
    return images;
  }

  /** Our own files, or http(s) URLs on an allowed image host: the server never fetches others. */
  private checkUrl(url: string, pointer: string) {
    if (url.startsWith(FILES_URL) && this.files.isFileName(url.slice(FILES_URL.length))) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('An image URL is invalid.', [{ pointer, message: 'not a URL' }]);
    }
    const okScheme = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    if (!okScheme || !this.allowedHosts.includes(parsed.host.toLowerCase())) {
      throw badRequest('An image URL points outside the allowed image hosts.', [
        { pointer, message: `host ${parsed.host || '(none)'} is not in MEDLABEL_IMAGE_HOSTS` },
      ]);
    }
  }
}
