import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isPart10, type ReadReport, type SegmentationContours } from '@medlabel/dicom';
import sharp from 'sharp';
import { HttpError, badRequest, notFound } from '../http/problem.js';
import { DirectoryFileStore, type FileStore } from '../storage/file-store.js';
import type { DerivedStudy, SeriesSegmentation } from '../exports/dicom-derived.js';
import { DicomWorkers, type DicomWorkerOptions } from './dicom-workers.js';
import { isJpeg, isPng, stripJpeg, stripPng } from './strip-metadata.js';
import { SingleFlight, WorkQueue } from './work-queue.js';

/** Uploaded pixels are stored under random names; served at /api/files/<name>. */
export const FILES_URL = '/api/files/';
const NAME = /^([a-f0-9]{32})\.(png|jpg)$/;

/** Thumbnail sizes served on `?thumb=`: the longer side in pixels (a small set keeps the cache small). */
export const THUMB_SIZES = [128, 256] as const;
export type ThumbSize = (typeof THUMB_SIZES)[number];

/**
 * Pixels of one uploaded PNG or JPEG: 2^25 (5792 x 5792), the DICOM limit of samples a frame
 * (DICOM_LIMITS.frameSamples), so every stored image, frame and thumbnail source decodes
 * within the same bound. Checked from the header, before anything is decoded.
 */
export const MAX_IMAGE_PIXELS = 2 ** 25;

/** A stored upload: where the client loads it and what the file said about itself. */
export interface StoredImage {
  url: string;
  width: number;
  height: number;
  frames: number;
  modality?: string | null;
  bodyPart?: string | null;
  studyUid?: string | null;
  seriesUid?: string | null;
  metadata?: Record<string, unknown>;
  /** a DICOM upload's de-identified SOP Instance UID */
  instanceUid?: string;
}

/** A stored file ready to serve: its type, size and modification time (for an ETag), its bytes. */
export interface ImageFile {
  type: 'image/png' | 'image/jpeg';
  size: number;
  modifiedMs: number;
  open(): Promise<Readable>;
}

export interface ImageFilesOptions {
  /** the DICOM worker threads */
  dicom?: Partial<DicomWorkerOptions>;
  /** PNG and JPEG work with sharp (upload checks, thumbnails): at once, and waiting */
  images?: { concurrency: number; maxWaiting: number };
}

/** Two at once leaves two of libuv's four threads to file, database and password work. */
const IMAGE_WORK = { concurrency: 2, maxWaiting: 256 };

/** sharp options for every decode: the pixel limit, and warnings (a truncated file) are errors. */
const DECODE = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'warning' } as const;

/**
 * Uploaded images: stores PNG and JPEG without their metadata and DICOM de-identified, renders
 * frames and thumbnails once each, and serves them. Every decode runs off the event loop, DICOM
 * on worker threads and PNG/JPEG on sharp's, each with bounded concurrency and a bounded queue.
 */
export class ImageFiles {
  private readonly storage: FileStore;
  private readonly dicom: DicomWorkers;
  private readonly imageWork: WorkQueue;
  private readonly renders = new SingleFlight<ImageFile>();
  private secret: Promise<string> | undefined;

  constructor(
    /** where the files live: a FileStore, or a directory (DirectoryFileStore) */
    files: FileStore | string,
    /**
     * The de-identification secret, or where to get it on the first DICOM upload (the server
     * keeps it in the database, so that every process pseudonymises alike).
     */
    private readonly secretSource: string | (() => Promise<string>),
    options: ImageFilesOptions = {},
  ) {
    this.storage = typeof files === 'string' ? new DirectoryFileStore(files) : files;
    this.dicom = new DicomWorkers(options.dicom);
    const images = options.images ?? IMAGE_WORK;
    this.imageWork = new WorkQueue('decoding images', images.concurrency, images.maxWaiting);
  }

  /**
   * Stores a PNG, a JPEG or a DICOM file. DICOM is de-identified before anything is written and
   * kept beside a PNG of its first frame; other frames render on request. PNG and JPEG lose
   * their metadata and must decode whole within MAX_IMAGE_PIXELS. A DICOM instance that
   * `existing` knows (by its de-identified SOP Instance UID) is not stored again: its image id
   * comes back as `duplicateOf`.
   */
  store(data: Buffer): Promise<StoredImage>;
  store(
    data: Buffer,
    existing: (sopInstanceUid: string) => Promise<number | undefined>,
  ): Promise<StoredImage | { duplicateOf: number }>;
  async store(
    data: Buffer,
    existing?: (sopInstanceUid: string) => Promise<number | undefined>,
  ): Promise<StoredImage | { duplicateOf: number }> {
    if (data.length === 0) throw new HttpError(400, 'empty-upload', 'The upload is empty.');
    const base = randomBytes(16).toString('hex');
    if (isPart10(data)) {
      const dicom = await this.dicom.importDicom(data, await this.deidSecret());
      const uid = dicom.metadata.sopInstanceUid;
      const duplicateOf = typeof uid === 'string' ? await existing?.(uid) : undefined;
      if (duplicateOf !== undefined) return { duplicateOf };
      await this.storage.put(`${base}.dcm`, dicom.dicom, { durable: true });
      await this.storage.put(`${base}.png`, dicom.png, { durable: true });
      return {
        url: `${FILES_URL}${base}.png`,
        width: dicom.width,
        height: dicom.height,
        frames: dicom.frames,
        modality: dicom.modality,
        bodyPart: dicom.bodyPart,
        studyUid: dicom.studyUid,
        seriesUid: dicom.seriesUid,
        metadata: dicom.metadata,
        ...(typeof uid === 'string' ? { instanceUid: uid } : {}),
      };
    }
    const format = isPng(data) ? 'png' : isJpeg(data) ? 'jpeg' : undefined;
    if (!format) throw badRequest('Upload PNG, JPEG or DICOM images.');
    const clean = await this.imageWork.run(() => cleanImage(data, format));
    const name = `${base}.${format === 'png' ? 'png' : 'jpg'}`;
    await this.storage.put(name, clean.bytes, { durable: true });
    return { url: FILES_URL + name, width: clean.width, height: clean.height, frames: 1 };
  }

  /** Removes what store() wrote for the upload at `url` (one that lost a race to a duplicate). */
  async discard(url: string): Promise<void> {
    const match = NAME.exec(url.slice(FILES_URL.length));
    if (!match) return;
    await Promise.all([`${match[1]}.dcm`, match[0]].map((key) => this.storage.remove(key)));
  }

  /** Is this a name we could have issued? (Nothing else ever reaches the store.) */
  isFileName(name: string): boolean {
    return NAME.test(name);
  }

  /**
   * The modality values of frame `frame` of a DICOM upload, encoded (frame-values.ts): decoded
   * on the DICOM threads once and kept. Undefined when `name` is no DICOM upload.
   */
  async frameValues(name: string, frame: number): Promise<Buffer | undefined> {
    const match = NAME.exec(name);
    const dicomKey = `${match?.[1]}.dcm`;
    if (!match || !(await this.storage.stat(dicomKey))) return undefined;
    const key = `${match[1]}.v${frame}.bin`;
    await this.rendered(key, async () => {
      const dicom = await this.storage.get(dicomKey);
      if (!dicom) throw notFound('File');
      return this.dicom.frameValues(dicom, frame);
    });
    return (await this.storage.get(key)) ?? notFoundError('Frame');
  }

  /** A stored file, or frame `frame` of a DICOM upload, rendered once and kept. */
  async file(name: string, frame = 0): Promise<ImageFile> {
    const match = NAME.exec(name);
    if (!match) throw notFound('File');
    if (frame === 0) return (await this.cached(name)) ?? notFoundError('File');
    return this.rendered(`${match[1]}.f${frame}.png`, async () => {
      const dicom = await this.storage.get(`${match[1]}.dcm`);
      if (!dicom) throw notFound('Frame');
      return this.dicom.renderFrame(dicom, frame);
    });
  }

  /**
   * A JPEG thumbnail (longer side `size`, never enlarged) of a stored file, made on first
   * request and kept. A DICOM upload's stored PNG is its frame 0, so that is what it shows.
   */
  async thumbnail(name: string, size: ThumbSize): Promise<ImageFile> {
    const match = NAME.exec(name);
    if (!match) throw notFound('File');
    return this.rendered(`${match[1]}.t${size}.jpg`, async () => {
      const source = await this.storage.get(name);
      if (!source) throw notFound('File');
      return this.thumbnailOf(source, size);
    });
  }

  /** A JPEG thumbnail (longer side `size`, never enlarged) of PNG or JPEG bytes, on sharp's threads. */
  thumbnailOf(source: Buffer, size: ThumbSize): Promise<Buffer> {
    return this.imageWork.run(() =>
      sharp(source, DECODE)
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#000000' })
        .jpeg({ quality: 80 })
        .toBuffer()
        .catch((error: unknown) => {
          throw new HttpError(
            422,
            'image-damaged',
            `The stored image cannot be decoded: ${(error as Error).message}`,
          );
        }),
    );
  }

  /** The modality values of frame `frame` of DICOM Part 10 bytes, encoded, on the DICOM threads. */
  dicomValues(bytes: Uint8Array, frame: number): Promise<Buffer> {
    return this.dicom.frameValues(bytes, frame);
  }

  /** Renders frame `frame` of DICOM Part 10 bytes as PNG, on the DICOM threads. */
  renderDicom(bytes: Uint8Array, frame: number): Promise<Buffer> {
    return this.dicom.renderFrame(bytes, frame);
  }

  /** The stored de-identified DICOM file of an upload; undefined for PNG and JPEG uploads. */
  async dicomFile(name: string): Promise<Buffer | undefined> {
    const match = NAME.exec(name);
    return match ? this.storage.get(`${match[1]}.dcm`) : undefined;
  }

  /** A study's annotations as a DICOM SR measurement report, on the DICOM threads. */
  studyReport(study: DerivedStudy): Promise<Uint8Array> {
    return this.dicom.studyReport(study);
  }

  /** A study's contours as DICOM SEG, one per series, on the DICOM threads. */
  studySegmentations(study: DerivedStudy): Promise<SeriesSegmentation[]> {
    return this.dicom.studySegmentations(study);
  }

  /** The annotations of a measurement report medlabel wrote, read on the DICOM threads. */
  readReport(bytes: Uint8Array): Promise<ReadReport> {
    return this.dicom.readReport(bytes);
  }

  /** The contours of a segmentation medlabel wrote, read on the DICOM threads. */
  readSegmentation(bytes: Uint8Array): Promise<SegmentationContours[]> {
    return this.dicom.readSegmentation(bytes);
  }

  /** Ends the DICOM threads. */
  close(): Promise<void> {
    return this.dicom.close();
  }

  private async cached(key: string): Promise<ImageFile | undefined> {
    const info = await this.storage.stat(key);
    if (!info) return undefined;
    return {
      type: key.endsWith('.png') ? 'image/png' : 'image/jpeg',
      size: info.size,
      modifiedMs: info.modifiedMs,
      open: async () => (await this.storage.read(key)) ?? notFoundError('File'),
    };
  }

  /** The cached render under `key`, or one render shared by every request that wants it now. */
  private async rendered(key: string, render: () => Promise<Buffer>): Promise<ImageFile> {
    return (
      (await this.cached(key)) ??
      this.renders.run(key, async () => {
        const again = await this.cached(key); // finished while this request looked
        if (again) return again;
        await this.storage.put(key, await render());
        return (await this.cached(key)) ?? notFoundError('File');
      })
    );
  }

  /** The secret, fetched once; a failed fetch is tried again on the next upload. */
  private deidSecret(): Promise<string> {
    if (!this.secret) {
      const source = this.secretSource;
      const pending = typeof source === 'string' ? Promise.resolve(source) : source();
      pending.catch(() => {
        if (this.secret === pending) this.secret = undefined;
      });
      this.secret = pending;
    }
    return this.secret;
  }
}

function notFoundError(what: string): never {
  throw notFound(what);
}

/**
 * Checks an upload and returns what is stored: the header must be readable and within
 * MAX_IMAGE_PIXELS, the metadata goes (a JPEG that EXIF says to rotate is turned upright and
 * re-encoded, since dropping its EXIF would turn it), and the whole image must decode.
 */
async function cleanImage(
  data: Buffer,
  format: 'png' | 'jpeg',
): Promise<{ bytes: Buffer; width: number; height: number }> {
  const header = await sharp(data, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw badRequest('The upload is not a readable image.');
    });
  if (header.format !== format || !header.width || !header.height) {
    throw badRequest('Upload PNG, JPEG or DICOM images.');
  }
  if (header.width * header.height > MAX_IMAGE_PIXELS) {
    throw new HttpError(
      413,
      'image-too-large',
      `The image has ${header.width}x${header.height} pixels; at most ${MAX_IMAGE_PIXELS} are accepted.`,
    );
  }
  let bytes = format === 'png' ? stripPng(data) : stripJpeg(data);
  const decoded = await (
    format === 'jpeg' && (header.orientation ?? 1) > 1
      ? sharp(data, DECODE).rotate().jpeg({ quality: 95 }).toBuffer({ resolveWithObject: true })
      : sharp(bytes, DECODE)
          .resize(64, 64, { fit: 'inside' })
          .raw()
          .toBuffer({ resolveWithObject: true })
  ).catch((error: unknown) => {
    throw new HttpError(
      422,
      'image-damaged',
      `The image cannot be decoded whole: ${(error as Error).message}`,
    );
  });
  if (format === 'jpeg' && (header.orientation ?? 1) > 1) {
    bytes = decoded.data;
    return { bytes, width: decoded.info.width, height: decoded.info.height };
  }
  return { bytes, width: header.width, height: header.height };
}
