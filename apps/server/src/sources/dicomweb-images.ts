import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { notFound } from '../http/problem.js';
import type { ImageFile, ImageFiles, ThumbSize } from '../images/image-files.js';
import { readImageFile, type DicomWebLocation, type ImageSource } from '../images/image-source.js';
import { SingleFlight, WorkQueue } from '../images/work-queue.js';
import type { DiskCache } from '../storage/disk-cache.js';
import { DicomWebClient, type DicomWebLimits } from './dicomweb-client.js';
import type { SourcesRepository } from './sources.repository.js';

/**
 * Retrievals running at once (each holds an instance of up to DICOMWEB_LIMITS.instanceBytes in
 * memory) and waiting; more are refused with 429.
 */
const RETRIEVALS = { concurrency: 4, maxWaiting: 64 };

/**
 * Frames of images that stay on a registered DICOMweb source: the instance is retrieved with
 * WADO-RS on the first request, rendered on the DICOM threads like an upload, and the instance,
 * its frames and thumbnails are kept in a bounded disk cache. Only registered sources are asked.
 */
export class DicomWebImages implements ImageSource<DicomWebLocation> {
  private readonly renders = new SingleFlight<Buffer>();
  private readonly downloads = new SingleFlight<Buffer>();
  private readonly retrievals = new WorkQueue(
    'retrieving images from image sources',
    RETRIEVALS.concurrency,
    RETRIEVALS.maxWaiting,
  );

  constructor(
    private readonly sources: SourcesRepository,
    private readonly cache: DiskCache,
    private readonly files: ImageFiles,
    private readonly limits?: DicomWebLimits,
  ) {}

  /** A client for a registered source (404 when it is gone). */
  async client(sourceId: number): Promise<DicomWebClient> {
    const source = await this.sources.findById(sourceId);
    if (!source) throw notFound('Image source');
    return new DicomWebClient(
      { baseUrl: source.base_url, authorization: source.authorization },
      this.limits,
    );
  }

  frame(location: DicomWebLocation, frame: number): Promise<ImageFile> {
    return this.rendered(`${keyOf(location)}.f${frame}.png`, 'image/png', async () =>
      this.files.renderDicom(await this.instance(location), frame),
    );
  }

  thumbnail(location: DicomWebLocation, size: ThumbSize): Promise<ImageFile> {
    return this.rendered(`${keyOf(location)}.t${size}.jpg`, 'image/jpeg', async () => {
      const frame = await this.frame(location, 0);
      return this.files.thumbnailOf(await readImageFile(frame), size);
    });
  }

  dicom(location: DicomWebLocation): Promise<Buffer> {
    return this.instance(location);
  }

  /** A frame's modality values, decoded from the instance once and kept like a render. */
  async values(location: DicomWebLocation, frame: number): Promise<Buffer> {
    const key = `${keyOf(location)}.v${frame}.bin`;
    return (
      (await this.cache.get(key)) ??
      this.renders.run(key, async () => {
        const bytes = await this.files.dicomValues(await this.instance(location), frame);
        await this.cache.put(key, bytes);
        return bytes;
      })
    );
  }

  /** The instance's Part 10 bytes, from the cache or retrieved once however many ask. */
  private async instance(location: DicomWebLocation): Promise<Buffer> {
    const key = `${keyOf(location)}.dcm`;
    return (
      (await this.cache.get(key)) ??
      this.downloads.run(key, () =>
        this.retrievals.run(async () => {
          const client = await this.client(location.sourceId);
          const bytes = await client.instance(
            location.studyUid,
            location.seriesUid,
            location.instanceUid,
          );
          await this.cache.put(key, bytes);
          return bytes;
        }),
      )
    );
  }

  private async rendered(
    key: string,
    type: ImageFile['type'],
    render: () => Promise<Buffer>,
  ): Promise<ImageFile> {
    const cached = await this.cache.file(key);
    if (cached) return { type, ...cached, open: () => Promise.resolve(cached.open()) };
    const made = await this.renders.run(key, async () => {
      const bytes = await render();
      await this.cache.put(key, bytes);
      return bytes;
    });
    const kept = await this.cache.file(key);
    // A render larger than the whole cache is served once from memory.
    return kept
      ? { type, ...kept, open: () => Promise.resolve(kept.open()) }
      : memoryFile(type, made);
  }
}

/** Cache keys name the source and a hash of the instance UID (UIDs may be 64 characters). */
function keyOf(location: DicomWebLocation): string {
  const hash = createHash('sha256').update(location.instanceUid).digest('hex').slice(0, 40);
  return `s${location.sourceId}-${hash}`;
}

function memoryFile(type: ImageFile['type'], bytes: Buffer): ImageFile {
  return {
    type,
    size: bytes.length,
    modifiedMs: Date.now(),
    open: () => Promise.resolve(Readable.from([bytes])),
  };
}
