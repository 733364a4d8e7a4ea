import { Readable } from 'node:stream';
import type { FileStore, StoredFileInfo } from '../../src/storage/file-store.js';

/**
 * A FileStore that is not a directory (as an object store is not): bytes in memory. It counts
 * writes per key, so tests see how often something rendered.
 */
export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, { bytes: Buffer; modifiedMs: number }>();
  readonly puts = new Map<string, number>();

  put(key: string, bytes: Uint8Array): Promise<void> {
    this.files.set(key, { bytes: Buffer.from(bytes), modifiedMs: Date.now() });
    this.puts.set(key, (this.puts.get(key) ?? 0) + 1);
    return Promise.resolve();
  }

  remove(key: string): Promise<void> {
    this.files.delete(key);
    return Promise.resolve();
  }

  get(key: string): Promise<Buffer | undefined> {
    return Promise.resolve(this.files.get(key)?.bytes);
  }

  stat(key: string): Promise<StoredFileInfo | undefined> {
    const file = this.files.get(key);
    return Promise.resolve(file && { size: file.bytes.length, modifiedMs: file.modifiedMs });
  }

  read(key: string): Promise<Readable | undefined> {
    const file = this.files.get(key);
    return Promise.resolve(file && Readable.from([file.bytes]));
  }
}
