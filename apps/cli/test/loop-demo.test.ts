import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR } from '@medlabel/test-data';
import { buildApp, loadConfig, openDatabase, type Database } from '@medlabel/server';
import { runLoopDemo, type DemoSettings } from '../src/loop-demo/demo.js';
import { FASHION_CLASSES, fashionImages, type DemoImage } from '../src/loop-demo/fashion.js';
import { startPlatform } from '../src/loop-demo/platform.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../bin/medlabel.js');
const ADMIN = { email: 'admin@example.org', password: 'correct horse battery' };
const CLASSES = [1, 7, 8];
const SETTINGS: DemoSettings = {
  classNames: CLASSES.map((k) => FASHION_CLASSES[k]!),
  seedPerClass: 8,
  validationPerClass: 3,
  batchSize: 12,
  rounds: 2,
  threshold: 0.9,
  auditShare: 0.2,
  epochs: 2,
  jobTimeoutMs: 60_000,
};

describe('medlabel loop-demo against an in-process platform', () => {
  let app: FastifyInstance;
  let database: Database;
  let dataDir: string;
  let baseUrl: string;
  let images: DemoImage[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'medlabel-loop-demo-test-'));
    database = await openDatabase({ sqliteFile: join(dataDir, 'medlabel.db') });
    app = await buildApp({
      config: loadConfig({
        MEDLABEL_DATA_DIR: dataDir,
        MEDLABEL_WEB_DIST: join(dataDir, 'no-web'),
      }),
      database,
    });
    await app.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    images = await fashionImages(FASHION_MNIST_DIR, CLASSES, 20);
  });

  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs two rounds through the API, reviewing every case sent to people', async () => {
    const printed: string[] = [];
    const result = await runLoopDemo({
      baseUrl,
      admin: ADMIN,
      images,
      settings: SETTINGS,
      log: (line) => printed.push(line),
    });
    expect(printed).toEqual(result.lines);
    expect(
      printed.filter((l) => /^(seed|round \d|summary):/.test(l)).map((l) => l.split(':')[0]),
    ).toEqual(['seed', 'round 1', 'round 2', 'summary']);
    const [first, second] = result.rounds;
    for (const round of result.rounds) {
      const { batch } = round;
      expect(batch.size).toBe(12);
      expect(batch.autoAccepted + batch.toPeople).toBe(12);
      expect(batch.reviewed).toBe(batch.toPeople);
      expect(batch.confirmed + batch.corrected).toBe(batch.toPeople);
      expect(round.model.round).toBe(round.round);
      expect(round.model.trainSeconds).toBeGreaterThan(0);
    }
    // The seed's people labels outside V, then every reviewed case of each round.
    const seedTraining = CLASSES.length * (8 - 3);
    expect(first!.model.humanLabels).toBe(seedTraining + first!.batch.toPeople);
    expect(second!.model.humanLabels).toBe(first!.model.humanLabels + second!.batch.toPeople);
    expect(second!.model.trainingSize).toBe(seedTraining + 24);
    expect(second!.acceptedSoFar.count).toBe(
      first!.batch.autoAccepted + second!.batch.autoAccepted,
    );
  });

  it('names the step that failed', async () => {
    await expect(
      runLoopDemo({
        baseUrl,
        admin: { ...ADMIN, password: 'wrong' },
        images,
        settings: SETTINGS,
        log: () => undefined,
      }),
    ).rejects.toThrow(/^making the workspace failed: the server answered 401/);
  });
});

describe('the platform process of medlabel loop-demo', () => {
  it('starts on a fresh data directory and leaves nothing running or behind when stopped', async () => {
    const platform = await startPlatform({ timeoutMs: 60_000 });
    expect((await fetch(`${platform.baseUrl}/api/health`)).ok).toBe(true);
    await platform.stop();
    expect(() => process.kill(platform.pid, 0)).toThrow(/ESRCH/);
    expect(existsSync(platform.dataDir)).toBe(false);
  });

  it('rejects impossible sizes before starting anything (exit code 2)', async () => {
    await expect(
      run(process.execPath, [BIN, 'loop-demo', '--per-class', '50', '--seed-per-class', '40']),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/need 240 unlabeled images/) as unknown,
    });
  });
});
