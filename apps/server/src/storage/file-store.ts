import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** What a store knows about one of its files: enough for an ETag. */
export interface StoredFileInfo {
  size: number;
  /** modification time in ms since the epoch */
  modifiedMs: number;
}

/**
 * Where uploaded images, their DICOM originals and the frames and thumbnails rendered from them
 * live, by key (`<32 hex>.png`, `<32 hex>.dcm`, `<32 hex>.f3.png`, `<32 hex>.t256.jpg`). Every
 * server process and worker reads what any of them wrote. The data directory is the default
 * (DirectoryFileStore); an object store (S3, GCS, Azure Blob) implements the same calls.
 */
export interface FileStore {
  /**
   * Stores the bytes under `key`, whole or not at all: a reader never sees half a file.
   * `durable` waits until they are on stable storage (uploads, which a database row will name);
   * renders that can be made again need not.
   */
  put(key: string, bytes: Uint8Array, options?: { durable?: boolean }): Promise<void>;
  /** Removes the file; nothing happens when there is none. */
  remove(key: string): Promise<void>;
  /** The bytes, or undefined when there is no such file. */
  get(key: string): Promise<Buffer | undefined>;
  /** Size and modification time, or undefined when there is no such file. */
  stat(key: string): Promise<StoredFileInfo | undefined>;
  /** A stream of the bytes, or undefined when there is no such file. */
  read(key: string): Promise<Readable | undefined>;
}

/** Keys are flat names of our own making; anything else is a bug, never a path. */
const KEY = /^[a-z0-9][a-z0-9._-]{0,127}$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid file store key ${key}`);
  return key;
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Files in one directory of the data dir (`<data dir>/files/`), one file per key. */
export class DirectoryFileStore implements FileStore {
  private made: Promise<unknown> | undefined;

  constructor(private readonly dir: string) {}

  async put(key: string, bytes: Uint8Array, options: { durable?: boolean } = {}): Promise<void> {
    const file = this.fileOf(key);
    this.made ??= fsp.mkdir(this.dir, { recursive: true });
    await this.made;
    // Written aside and renamed (after a flush when durable).
    const partial = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fsp.open(partial, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      if (options.durable) await handle.sync();
    } catch (error) {
      await handle.close();
      await fsp.rm(partial, { force: true });
      throw error;
    }
    await handle.close();
    await fsp.rename(partial, file);
  }

  async remove(key: string): Promise<void> {
    await fsp.rm(this.fileOf(key), { force: true });
  }

  async get(key: string): Promise<Buffer | undefined> {
    return fsp.readFile(this.fileOf(key)).catch((error: unknown) => {
      if (missing(error)) return undefined;
      throw error;
    });
  }

  async stat(key: string): Promise<StoredFileInfo | undefined> {
    const stat = await fsp.stat(this.fileOf(key)).catch((error: unknown) => {
      if (missing(error)) return undefined;
      throw error;
    });
    return stat?.isFile() ? { size: stat.size, modifiedMs: stat.mtimeMs } : undefined;
  }

  async read(key: string): Promise<Readable | undefined> {
    // Opened before the stream is handed out, so a missing file is undefined, not a stream error.
    const handle = await fsp.open(this.fileOf(key), 'r').catch((error: unknown) => {
      if (missing(error)) return undefined;
      throw error;
    });
    return handle?.createReadStream();
  }

  private fileOf(key: string): string {
    return path.join(this.dir, checkKey(key));
  }
}
