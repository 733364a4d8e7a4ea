import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { notFound } from '../http/problem.js';

/**
 * Content-addressed storage of trained models: a model saved by one process (a worker) is
 * loaded by another (a server, another worker) by its sha256. The directory under the data
 * dir is the default; an object store can implement the same two calls.
 */
export interface ArtifactStore {
  /** Stores the bytes (once: the same content is the same key) and returns their sha256. */
  put(bytes: Uint8Array): Promise<string>;
  get(hash: string): Promise<Uint8Array>;
}

const HASH = /^[a-f0-9]{64}$/;

export class DirectoryArtifactStore implements ArtifactStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const file = this.fileOf(hash);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written aside, flushed and renamed: a reader never sees half a model, and a crash right
    // after the database names this hash still finds the whole file.
    const partial = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fs.open(partial, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(partial, file);
    return hash;
  }

  async get(hash: string): Promise<Uint8Array> {
    if (!HASH.test(hash)) throw notFound('Model artifact');
    return fs.readFile(this.fileOf(hash)).catch(() => {
      throw notFound('Model artifact');
    });
  }

  private fileOf(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }
}
