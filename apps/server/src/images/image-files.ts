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
    // Written aside and renamed, so a concurrent reader never sees half a file.
    const partial = `${cached}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(partial, await renderDicomFrame(dicom, frame));
    await fs.rename(partial, cached);
    return cached;
  }

  private deidSecret(): Promise<string> {
    this.secret ??= this.configuredSecret
      ? Promise.resolve(this.configuredSecret)
      : loadOrCreateSecret(path.join(path.dirname(this.dir), 'deid-secret'));
    return this.secret;
  }
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
