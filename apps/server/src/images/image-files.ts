import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isPart10 } from '@medlabel/dicom';
import sharp from 'sharp';
import { badRequest, notFound } from '../http/problem.js';
import { importDicom, renderDicomFrame } from './dicom-upload.js';

/** Uploaded pixels live in `<dataDir>/files/` under random names; served at /api/files/<name>. */
export const FILES_URL = '/api/files/';
const NAME = /^([a-f0-9]{32})\.(png|jpg)$/;

/** Thumbnail sizes served on `?thumb=`: the longer side in pixels (a small set keeps the cache small). */
export const THUMB_SIZES = [128, 256] as const;
export type ThumbSize = (typeof THUMB_SIZES)[number];

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
}

export class ImageFiles {
  private secret: Promise<string> | undefined;

  constructor(
    private readonly dir: string,
    /** the de-identification secret; when unset one is generated once and kept in the data dir */
    private readonly configuredSecret: string | undefined,
  ) {}

  /**
   * Stores a PNG, a JPEG or a DICOM file. DICOM is de-identified before anything is written and
   * kept beside a PNG of its first frame; other frames render on request.
   */
  async store(data: Buffer): Promise<StoredImage> {
    await fs.mkdir(this.dir, { recursive: true });
    const base = randomBytes(16).toString('hex');
    if (isPart10(data)) {
      const dicom = await importDicom(data, await this.deidSecret());
      await fs.writeFile(path.join(this.dir, `${base}.dcm`), dicom.dicom, { flag: 'wx' });
      await fs.writeFile(path.join(this.dir, `${base}.png`), dicom.png, { flag: 'wx' });
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
      };
    }
    const meta = await sharp(data)
      .metadata()
      .catch(() => {
        throw badRequest('The upload is not a readable image.');
      });
    if ((meta.format !== 'png' && meta.format !== 'jpeg') || !meta.width || !meta.height) {
      throw badRequest('Upload PNG, JPEG or DICOM images.');
    }
    const name = `${base}.${meta.format === 'png' ? 'png' : 'jpg'}`;
    await fs.writeFile(path.join(this.dir, name), data, { flag: 'wx' });
    return { url: FILES_URL + name, width: meta.width, height: meta.height, frames: 1 };
  }

  /** Is this a name we could have issued? (Nothing else ever reaches the file system.) */
  isFileName(name: string): boolean {
    return NAME.test(name);
  }

  /** The path of a stored file, rendering and caching frame `frame` of a DICOM upload. */
  async pathOf(name: string, frame = 0): Promise<string> {
    const match = NAME.exec(name);
    if (!match) throw notFound('File');
    if (frame === 0) return path.join(this.dir, name);
    const cached = path.join(this.dir, `${match[1]}.f${frame}.png`);
    if (await exists(cached)) return cached;
    const dicom = await fs.readFile(path.join(this.dir, `${match[1]}.dcm`)).catch(() => {
      throw notFound('Frame');
    });
    await writeAtomically(cached, await renderDicomFrame(dicom, frame));
    return cached;
  }

  /**
   * The path of a JPEG thumbnail (longer side `size`, never enlarged) of a stored file, made on
   * first request and cached beside it. A DICOM upload's stored PNG is its frame 0, so that is
   * what its thumbnail shows. The cache name derives from the validated name only.
   */
  async thumbnailOf(name: string, size: ThumbSize): Promise<string> {
    const match = NAME.exec(name);
    if (!match) throw notFound('File');
    const cached = path.join(this.dir, `${match[1]}.t${size}.jpg`);
    if (await exists(cached)) return cached;
    const source = path.join(this.dir, name);
    if (!(await exists(source))) throw notFound('File');
    const jpeg = await sharp(source)
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#000000' })
      .jpeg({ quality: 80 })
      .toBuffer();
    await writeAtomically(cached, jpeg);
    return cached;
  }

  private deidSecret(): Promise<string> {
    this.secret ??= this.configuredSecret
      ? Promise.resolve(this.configuredSecret)
      : loadOrCreateSecret(path.join(path.dirname(this.dir), 'deid-secret'));
    return this.secret;
  }
}

/** Written aside and renamed, so a concurrent reader never sees half a file. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const partial = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(partial, data);
  await fs.rename(partial, file);
}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/** The same secret on every start keeps pseudonyms and UIDs stable across uploads. */
async function loadOrCreateSecret(file: string): Promise<string> {
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const secret = randomBytes(32).toString('hex');
  await fs.writeFile(file, secret, { mode: 0o600 });
  return secret;
}
