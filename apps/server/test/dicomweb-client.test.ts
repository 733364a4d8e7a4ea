// The limits of our DICOMweb client (sources/dicomweb-client.ts) against HTTP servers on loopback
// that misbehave as a source might: redirects, endless or oversized answers, garbage; the
// multipart/related framing it reads and writes; the bounded disk cache of source images.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomWebClient } from '../src/sources/dicomweb-client.js';
import {
  buildMultipart,
  contentTypeParameter,
  parseMultipart,
} from '../src/sources/multipart-related.js';
import { DiskCache } from '../src/storage/disk-cache.js';

const LIMITS = { timeoutMs: 500, jsonBytes: 1000, instanceBytes: 4000 };

describe('DICOMweb client limits', () => {
  let server: http.Server;
  let base: string;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.headers);
      const url = request.url ?? '';
      if (url.startsWith('/redirect/')) {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      } else if (url.startsWith('/big-declared/')) {
        response.writeHead(200, { 'content-type': 'application/dicom+json' });
        response.end(`[${'{},'.repeat(600)}{}]`);
      } else if (url.startsWith('/big-chunked/')) {
        response.writeHead(200, { 'content-type': 'application/dicom+json' });
        const chunk = '{},'.repeat(100);
        for (let i = 0; i < 10; i++) response.write(chunk);
        response.end('{}');
      } else if (url.startsWith('/slow/')) {
        response.writeHead(200, { 'content-type': 'application/dicom+json' });
        response.write('[');
        setTimeout(() => response.end(']'), 2000).unref();
      } else if (url.startsWith('/garbage/')) {
        response.writeHead(200, { 'content-type': 'application/dicom+json' }).end('{not json');
      } else if (url.startsWith('/single/')) {
        const { body, contentType } = buildMultipart('application/dicom', [Buffer.from('DICM')]);
        response.writeHead(200, { 'content-type': contentType }).end(body);
      } else if (url.startsWith('/no-parts/')) {
        response.writeHead(200, { 'content-type': 'application/dicom' }).end('DICM');
      } else {
        response.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const client = (root: string) =>
    new DicomWebClient({ baseUrl: `${base}/${root}`, authorization: 'Bearer secret' }, LIMITS);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => 'answered',
      (error: Error & { status?: number }) => `${error.status} ${error.message}`,
    );

  it('sends the source its Authorization header and reads an empty search', async () => {
    expect(await client('ok').search('series', new URLSearchParams({ Modality: 'CT' }))).toEqual(
      [],
    );
    expect(seen.at(-1)?.authorization).toBe('Bearer secret');
  });

  it('never follows a redirect', async () => {
    expect(await failure(client('redirect').search('studies', new URLSearchParams()))).toBe(
      '502 The image source answered 302 Found.',
    );
  });

  it('stops reading answers over their size limit, declared or not', async () => {
    for (const root of ['big-declared', 'big-chunked']) {
      expect(await failure(client(root).search('studies', new URLSearchParams()))).toBe(
        '502 The image source answered more than 1000 bytes.',
      );
    }
  });

  it('gives up on a source that does not finish in time', async () => {
    const started = Date.now();
    expect(await failure(client('slow').search('studies', new URLSearchParams()))).toMatch(
      /^502 The image source broke off its answer \(no answer in time\)|^502 The image source cannot be reached \(no answer in time\)/,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses answers that are not what DICOMweb says', async () => {
    expect(await failure(client('garbage').search('studies', new URLSearchParams()))).toBe(
      '502 The image source answered JSON that does not parse.',
    );
    expect(await failure(client('no-parts').instance('1.2', '1.2.3', '1.2.3.4'))).toBe(
      '502 The image source answered an instance as application/dicom.',
    );
    expect((await client('single').instance('1.2', '1.2.3', '1.2.3.4')).toString('latin1')).toBe(
      'DICM',
    );
  });

  it('puts only UIDs into paths', async () => {
    expect(await failure(client('ok').instance('1.2', '../../admin', '1'))).toBe(
      '400 A UID is invalid.',
    );
    expect(await failure(client('ok').metadata('1.2?x=1', '1.2'))).toBe('400 A UID is invalid.');
  });
});

describe('multipart/related', () => {
  it('reads back what it writes, bodies with CRLF and dashes included', () => {
    const bodies = [Buffer.from('one\r\n--two\r\n'), Buffer.alloc(0), Buffer.from([0, 13, 10, 45])];
    const { body, contentType } = buildMultipart('application/dicom', bodies);
    const boundary = contentTypeParameter(contentType, 'boundary')!;
    expect(contentTypeParameter(contentType, 'type')).toBe('application/dicom');
    const parts = parseMultipart(body, boundary);
    expect(parts.map((part) => part.body)).toEqual(bodies);
    expect(parts[0]!.headers['content-type']).toBe('application/dicom');
  });

  it('reads parts without headers and with transport padding, and refuses cut bodies', () => {
    const body = Buffer.from(
      'preamble\r\n--b  \r\n\r\nfirst\r\n--b\r\nX-A: 1\r\n\r\nsecond\r\n--b--',
    );
    expect(parseMultipart(body, 'b').map((p) => p.body.toString())).toEqual(['first', 'second']);
    expect(() => parseMultipart(Buffer.from('--b\r\n\r\nno end'), 'b')).toThrow(/cut short/);
    expect(() => parseMultipart(Buffer.from('nothing'), 'b')).toThrow(/no boundary/);
    expect(contentTypeParameter('multipart/related; boundary="a b"', 'boundary')).toBe('a b');
  });
});

describe('disk cache of source images', () => {
  it('keeps at most its bound, dropping the least recently used first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-cache-'));
    try {
      const cache = new DiskCache(dir, 250);
      await cache.put('a.dcm', Buffer.alloc(100, 1));
      await cache.put('b.dcm', Buffer.alloc(100, 2));
      expect(await cache.get('a.dcm')).toEqual(Buffer.alloc(100, 1)); // a is now the newest
      await cache.put('c.dcm', Buffer.alloc(100, 3));
      expect(cache.size).toBe(200);
      expect(await cache.get('b.dcm')).toBeUndefined();
      expect(fs.readdirSync(dir).sort()).toEqual(['a.dcm', 'c.dcm']);

      // A new process reads what is there and keeps the bound too.
      const again = new DiskCache(dir, 150);
      expect((await again.file('c.dcm'))?.size).toBe(100);
      expect(again.size).toBeLessThanOrEqual(150);
      await expect(again.put('../escape', Buffer.alloc(1))).rejects.toThrow(/not a cache key/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
