// Image files behind the FileStore interface: a store that is not a directory, renders shared
// and kept, bounded queues and DICOM threads with a time limit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../src/http/problem.js';
import { ImageFiles } from '../src/images/image-files.js';
import { DirectoryFileStore } from '../src/storage/file-store.js';
import { makePng, rleDicom, truncatedPng } from './support/hostile-files.js';
import { MemoryFileStore } from './support/memory-file-store.js';

const nameOf = (url: string) => url.split('/').pop()!;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The HttpError a promise rejects with (its status and problem type slug). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return `${error.status} ${error.slug}`;
}

describe('image files on a store that is not a directory', () => {
  const store = new MemoryFileStore();
  const files = new ImageFiles(store, 'test secret');
  afterAll(() => files.close());

  it('stores, serves and thumbnails a PNG', async () => {
    const stored = await files.store(makePng({ width: 90, height: 60 }));
    const name = nameOf(stored.url);
    expect(store.files.has(name)).toBe(true);
    const file = await files.file(name);
    expect(file).toMatchObject({ type: 'image/png', size: store.files.get(name)!.bytes.length });
    expect((await bytesOf(await file.open())).equals(store.files.get(name)!.bytes)).toBe(true);
    const thumb = await files.thumbnail(name, 128);
    expect(thumb.type).toBe('image/jpeg');
    expect(await sharp(await bytesOf(await thumb.open())).metadata()).toMatchObject({
      width: 90,
      height: 60,
    });
  });

  it('keeps a de-identified DICOM and renders each frame once, however many ask at once', async () => {
    const stored = await files.store(rleDicom({ rows: 600, columns: 400, frames: 3 }));
    const base = nameOf(stored.url).replace('.png', '');
    expect(stored).toMatchObject({ width: 400, height: 600, frames: 3 });
    expect([...store.files.keys()].filter((k) => k.startsWith(base)).sort()).toEqual([
      `${base}.dcm`,
      `${base}.png`,
    ]);
    const frames = await Promise.all(
      [1, 2, 1, 2, 1, 2, 1].map((frame) => files.file(`${base}.png`, frame)),
    );
    expect(store.puts.get(`${base}.f1.png`)).toBe(1);
    expect(store.puts.get(`${base}.f2.png`)).toBe(1);
    const one = await bytesOf(await frames[0]!.open());
    const two = await bytesOf(await frames[1]!.open());
    expect(one.equals(two)).toBe(false);
    const thumbs = await Promise.all(
      Array.from({ length: 8 }, () => files.thumbnail(`${base}.png`, 256)),
    );
    expect(new Set(thumbs.map((t) => t.size)).size).toBe(1);
    expect(store.puts.get(`${base}.t256.jpg`)).toBe(1);
    // Later requests find them kept.
    await files.file(`${base}.png`, 1);
    await files.thumbnail(`${base}.png`, 256);
    expect(store.puts.get(`${base}.f1.png`)).toBe(1);
    expect(store.puts.get(`${base}.t256.jpg`)).toBe(1);
  });

  it('answers 422, not 500, for the thumbnail of a damaged file stored before uploads were checked', async () => {
    const name = `${'b'.repeat(32)}.png`;
    await store.put(name, truncatedPng());
    expect(await refusal(files.thumbnail(name, 128))).toBe('422 image-damaged');
    expect(await refusal(files.thumbnail(name, 128))).toBe('422 image-damaged');
    expect(store.files.has(`${'b'.repeat(32)}.t128.jpg`)).toBe(false);
  });

  it('answers 404 for names it never issued and files it does not have', async () => {
    expect(await refusal(files.file('../medlabel.db'))).toBe('404 not-found');
    expect(await refusal(files.file(`${'a'.repeat(32)}.png`))).toBe('404 not-found');
    expect(await refusal(files.thumbnail(`${'a'.repeat(32)}.png`, 128))).toBe('404 not-found');
    expect(await refusal(files.file(`${'a'.repeat(32)}.png`, 2))).toBe('404 not-found');
  });
});

describe('bounded work', () => {
  it('refuses image work beyond its queue with 429', async () => {
    const store = new MemoryFileStore();
    const files = new ImageFiles(store, 'test secret', {
      images: { concurrency: 1, maxWaiting: 1 },
    });
    try {
      const names: string[] = [];
      for (let i = 0; i < 4; i++) {
        names.push(nameOf((await files.store(makePng({ width: 400 + i, height: 300 }))).url));
      }
      const results = await Promise.allSettled(names.map((name) => files.thumbnail(name, 256)));
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(refused).toHaveLength(2);
      for (const r of refused) {
        expect(r.reason).toMatchObject({ status: 429, slug: 'busy' });
      }
    } finally {
      await files.close();
    }
  });

  it('ends a DICOM thread that runs past its time limit and refuses the file with 422', async () => {
    const store = new MemoryFileStore();
    const slow = new ImageFiles(store, 'test secret', { dicom: { timeoutMs: 1 } });
    const quick = new ImageFiles(store, 'test secret');
    try {
      const file = rleDicom({ rows: 64, columns: 64 });
      expect(await refusal(slow.store(file))).toBe('422 dicom-too-costly');
      expect(await quick.store(file)).toMatchObject({ width: 64, height: 64 });
    } finally {
      await slow.close();
      await quick.close();
    }
  });
});

describe('the directory store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-files-'));
  const store = new DirectoryFileStore(path.join(dir, 'files'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes whole files under their key and nothing else', async () => {
    await store.put('abc.png', Buffer.from('one'), { durable: true });
    await store.put('abc.png', Buffer.from('two!'));
    expect(fs.readdirSync(path.join(dir, 'files'))).toEqual(['abc.png']);
    expect((await store.get('abc.png'))?.toString()).toBe('two!');
    expect(await store.stat('abc.png')).toMatchObject({ size: 4 });
    expect((await bytesOf((await store.read('abc.png'))!)).toString()).toBe('two!');
  });

  it('answers undefined for missing files and refuses keys that are paths', async () => {
    expect(await store.get('missing.png')).toBeUndefined();
    expect(await store.stat('missing.png')).toBeUndefined();
    expect(await store.read('missing.png')).toBeUndefined();
    for (const key of ['../medlabel.db', 'a/b.png', '', '.hidden', 'UPPER.png']) {
      await expect(store.get(key)).rejects.toThrow(/invalid file store key/);
    }
  });
});
