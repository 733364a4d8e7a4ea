import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** A cached file: its size and time (for an ETag) and its bytes as a stream. */
export interface CachedFile {
  size: number;
  modifiedMs: number;
  open(): Readable;
}

const KEY = /^[a-z0-9][a-z0-9.-]{0,127}$/;

/**
 * Files fetched or rendered from elsewhere (instances of a DICOMweb source and their frames),
 * kept in one folder up to `maxBytes` in all: past it, the least recently used go. Anything in
 * it can be made again. Each process keeps its own view of the folder, read at first use.
 */
export class DiskCache {
  /** key -> size, least recently used first (a Map keeps insertion order) */
  private readonly entries = new Map<string, number>();
  private total = 0;
  private loaded: Promise<void> | undefined;
  /** the last use stamped on a file: each later one is at least 1 ms after it */
  private lastUse = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** The cached bytes of `key`, or undefined. */
  async get(key: string): Promise<Buffer | undefined> {
    await this.load();
    const bytes = await fsp.readFile(this.pathOf(key)).catch(missing);
    if (bytes) await this.use(key, bytes.length);
    return bytes;
  }

  /** The cached file `key` to stream, or undefined. */
  async file(key: string): Promise<CachedFile | undefined> {
    await this.load();
    const file = this.pathOf(key);
    const info = await fsp.stat(file).catch(missing);
    if (!info) return undefined;
    await this.use(key, info.size, info.mtime);
    return { size: info.size, modifiedMs: info.mtimeMs, open: () => fs.createReadStream(file) };
  }

  /** Keeps `bytes` under `key` (whole or not at all), then trims the cache to its bound. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.load();
    const file = this.pathOf(key);
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fsp.writeFile(temporary, bytes);
    await fsp.rename(temporary, file);
    await this.use(key, bytes.length);
    await this.trim();
  }

  /** Bytes held now. */
  get size(): number {
    return this.total;
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.dir, key);
  }

  /**
   * Marks `key` used now, here and in its file's access time, which the next process orders the
   * cache by. Stamped by us, strictly increasing: the file system's own access times may be off
   * (noatime) or coarser than the uses they should order.
   */
  private async use(key: string, size: number, modified?: Date): Promise<void> {
    this.touch(key, size);
    this.lastUse = Math.max(Date.now(), this.lastUse + 1);
    const file = this.pathOf(key);
    const mtime = modified ?? (await fsp.stat(file).catch(missing))?.mtime;
    if (mtime) await fsp.utimes(file, new Date(this.lastUse), mtime).catch(missing);
  }

  private touch(key: string, size: number): void {
    this.total -= this.entries.get(key) ?? 0;
    this.entries.delete(key);
    this.entries.set(key, size);
    this.total += size;
  }

  private async trim(): Promise<void> {
    for (const [key, size] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(key);
      this.total -= size;
      // A reader that opened it keeps its bytes; the next one fetches again.
      await fsp.rm(this.pathOf(key), { force: true });
    }
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      await fsp.mkdir(this.dir, { recursive: true });
      const files = await fsp.readdir(this.dir, { withFileTypes: true });
      const found = await Promise.all(
        files
          .filter((entry) => entry.isFile() && KEY.test(entry.name))
          .map(async (entry) => {
            const info = await fsp.stat(path.join(this.dir, entry.name)).catch(missing);
            return { name: entry.name, size: info?.size ?? 0, used: info?.atimeMs ?? 0 };
          }),
      );
      for (const entry of found.sort((a, b) => a.used - b.used)) this.touch(entry.name, entry.size);
      await this.trim();
    })();
    return this.loaded;
  }
}

function missing(error: unknown): undefined {
  if ((error as { code?: string }).code === 'ENOENT') return undefined;
  throw error;
}
