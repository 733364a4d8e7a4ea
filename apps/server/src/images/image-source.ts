import type { ImageRow } from '../db/tables.js';
import { notFound } from '../http/problem.js';
import { FILES_URL, type ImageFile, type ImageFiles, type ThumbSize } from './image-files.js';

/** An image on a registered DICOMweb server, by the server's ids. */
export interface DicomWebLocation {
  kind: 'dicomweb';
  sourceId: number;
  studyUid: string;
  seriesUid: string;
  instanceUid: string;
}

/**
 * Where an image's pixels are: a file of our file store (an upload), a URL on an allowed image
 * host that the browser loads itself (the server never fetches it), or an instance that stays
 * on a registered DICOMweb server, read through our server.
 */
export type ImageLocation = FileLocation | { kind: 'url'; url: string } | DicomWebLocation;

/** An upload, by its name in our file store. */
export interface FileLocation {
  kind: 'file';
  name: string;
}

/** The location of a stored image, from its source columns (not from its URL alone). */
export function locationOf(
  row: Pick<ImageRow, 'url' | 'source_id' | 'study_uid' | 'series_uid' | 'instance_uid'>,
): ImageLocation {
  if (row.source_id !== null) {
    return {
      kind: 'dicomweb',
      sourceId: row.source_id,
      studyUid: row.study_uid ?? '',
      seriesUid: row.series_uid ?? '',
      instanceUid: row.instance_uid ?? '',
    };
  }
  if (row.url.startsWith(FILES_URL)) return { kind: 'file', name: row.url.slice(FILES_URL.length) };
  return { kind: 'url', url: row.url };
}

/** Reads frames and thumbnails of the images at one kind of location. */
export interface ImageSource<L extends ImageLocation> {
  /** Frame `frame` (0-based) as PNG or JPEG. */
  frame(location: L, frame: number): Promise<ImageFile>;
  /** A JPEG thumbnail of frame 0 whose longer side is `size`. */
  thumbnail(location: L, size: ThumbSize): Promise<ImageFile>;
  /** The DICOM Part 10 file of the image, or undefined when it has none (a PNG upload). */
  dicom(location: L): Promise<Buffer | undefined>;
  /** The encoded modality values of a frame (images/frame-values.ts), or undefined if not DICOM. */
  values(location: L, frame: number): Promise<Buffer | undefined>;
}

/** Uploads, read from our file store. */
export function fileImageSource(files: ImageFiles): ImageSource<FileLocation> {
  return {
    frame: (at, frame) => files.file(at.name, frame),
    thumbnail: (at, size) => files.thumbnail(at.name, size),
    dicom: (at) => files.dicomFile(at.name),
    values: (at, frame) => files.frameValues(at.name, frame),
  };
}

/** Every image source, by kind: the one seam frames, thumbnails, DICOM files and values go through. */
export class ImageSources {
  constructor(
    private readonly files: ImageSource<FileLocation>,
    private readonly dicomweb: ImageSource<DicomWebLocation>,
  ) {}

  frame(location: ImageLocation, frame: number): Promise<ImageFile> {
    switch (location.kind) {
      case 'file':
        return this.files.frame(location, frame);
      case 'dicomweb':
        return this.dicomweb.frame(location, frame);
      case 'url':
        return notOurs();
    }
  }

  thumbnail(location: ImageLocation, size: ThumbSize): Promise<ImageFile> {
    switch (location.kind) {
      case 'file':
        return this.files.thumbnail(location, size);
      case 'dicomweb':
        return this.dicomweb.thumbnail(location, size);
      case 'url':
        return notOurs();
    }
  }

  dicom(location: ImageLocation): Promise<Buffer | undefined> {
    switch (location.kind) {
      case 'file':
        return this.files.dicom(location);
      case 'dicomweb':
        return this.dicomweb.dicom(location);
      case 'url':
        return Promise.resolve(undefined);
    }
  }

  values(location: ImageLocation, frame: number): Promise<Buffer | undefined> {
    switch (location.kind) {
      case 'file':
        return this.files.values(location, frame);
      case 'dicomweb':
        return this.dicomweb.values(location, frame);
      case 'url':
        return Promise.resolve(undefined);
    }
  }
}

/** The whole of an image file, read into memory (frames and thumbnails are bounded in size). */
export async function readImageFile(file: ImageFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await file.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A URL image is loaded by the browser from its host; the server never fetches URLs. */
function notOurs(): never {
  throw notFound('File');
}
