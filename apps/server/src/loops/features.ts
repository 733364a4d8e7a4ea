import sharp from 'sharp';
import type { Samples } from '@medlabel/loop';
import type { ImageRow } from '../db/tables.js';
import { HttpError } from '../http/problem.js';
import { locationOf, readImageFile, type ImageSources } from '../images/image-source.js';
import { PermanentJobError } from '../jobs/job-runner.js';
import type { LoopFeatures } from './loops.dto.js';

/** Where the CNN's pixels come from: frames, as the viewer gets them. */
export type FrameSource = Pick<ImageSources, 'frame'>;

/** Decodes at most this many images at once (sharp runs them on libuv's thread pool). */
const DECODE_CONCURRENCY = 4;

/** Where numeric features come from: each image's metadata numbers under the wanted keys. */
export type MetadataNumbers = (
  imageIds: readonly number[],
  keys: readonly string[],
) => Promise<Map<number, Map<string, number>>>;

/**
 * Turns images into the classifier's samples: grey pixels of frame 0 scaled to 0..1 at size x
 * size for the CNN (uploads, and images that stay on a registered DICOMweb source, read through
 * the image sources like the viewer's frames; never a URL: the server does not fetch URLs), or
 * a vector of metadata numbers (measurements; NaN where one is missing) for the SVM and
 * logistic regression.
 */
export class FeatureReader {
  constructor(
    private readonly sources: FrameSource,
    private readonly metadataNumbers: MetadataNumbers,
  ) {}

  async read(features: LoopFeatures, images: readonly ImageRow[]): Promise<Samples> {
    return features.kind === 'pixels'
      ? this.pixels(features.size, images)
      : this.metadata(features.keys, images);
  }

  private async pixels(size: number, images: readonly ImageRow[]): Promise<Samples> {
    const pixels = size * size;
    const values = new Float32Array(images.length * pixels);
    let next = 0;
    const decodeNext = async (): Promise<void> => {
      for (let i = next++; i < images.length; i = next++) {
        const image = images[i]!;
        const raw = await sharp(await this.frameOf(image), { limitInputPixels: 50_000_000 })
          .toColourspace('b-w')
          .resize(size, size, { fit: 'fill' })
          .raw()
          .toBuffer()
          .catch((error: unknown) => {
            throw new PermanentJobError(
              `Image ${image.id} cannot be decoded: ${(error as Error).message}`,
            );
          });
        for (let p = 0; p < pixels; p++) values[i * pixels + p] = raw[p]! / 255;
      }
    };
    await Promise.all(Array.from({ length: DECODE_CONCURRENCY }, decodeNext));
    return { shape: [size, size, 1], count: images.length, values };
  }

  /** Frame 0 of the image as PNG or JPEG bytes; a job error that names the image otherwise. */
  private async frameOf(image: ImageRow): Promise<Buffer> {
    const location = locationOf(image);
    if (location.kind === 'url') {
      throw new PermanentJobError(
        `Image ${image.id} is referenced by URL; the server never fetches URLs, so the CNN trains on uploads and image-source images only.`,
      );
    }
    try {
      return await readImageFile(await this.sources.frame(location, 0));
    } catch (error) {
      // Gone from the file store or the source, or damaged: retrying will not help. A source
      // that is busy (429) or down (502) may answer the job's next attempt.
      if (error instanceof HttpError && error.status < 500 && error.status !== 429)
        throw new PermanentJobError(`Image ${image.id} cannot be read: ${error.message}`);
      throw error;
    }
  }

  private async metadata(keys: readonly string[], images: readonly ImageRow[]): Promise<Samples> {
    const numbers = await this.metadataNumbers(
      images.map((i) => i.id),
      keys,
    );
    const values = new Float32Array(images.length * keys.length);
    images.forEach((image, i) => {
      const row = numbers.get(image.id);
      keys.forEach((key, k) => (values[i * keys.length + k] = row?.get(key) ?? Number.NaN));
    });
    return { shape: [keys.length], count: images.length, values };
  }
}
