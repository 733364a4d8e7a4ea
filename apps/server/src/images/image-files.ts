import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { badRequest } from '../http/problem.js';

/** Uploaded pixels live in `<dataDir>/files/` under random names; served at /api/files/<name>. */
export const FILES_URL = '/api/files/';
const NAME = /^[a-f0-9]{32}\.(png|jpg)$/;

export class ImageFiles {
  constructor(private readonly dir: string) {}

  /** Stores a PNG or JPEG upload and reports its size; anything else is refused. */
  async store(data: Buffer): Promise<{ url: string; width: number; height: number }> {
    const meta = await sharp(data)
      .metadata()
      .catch(() => {
        throw badRequest('The upload is not a readable image.');
      });
    if ((meta.format !== 'png' && meta.format !== 'jpeg') || !meta.width || !meta.height) {
      throw badRequest('Upload PNG or JPEG images.');
    }
    const name = `${randomBytes(16).toString('hex')}.${meta.format === 'png' ? 'png' : 'jpg'}`;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(path.join(this.dir, name), data, { flag: 'wx' });
    return { url: FILES_URL + name, width: meta.width, height: meta.height };
  }

  /** The file's path, or undefined for a name we never issued (no traversal possible). */
  pathOf(name: string): string | undefined {
    return NAME.test(name) ? path.join(this.dir, name) : undefined;
  }
}
