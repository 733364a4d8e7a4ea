import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from './crash/client.js';
import { freePort, startServer, startWorker, type ServerProcess } from './crash/server-process.js';
import { createPostgresDatabase } from './support/database.js';
import { FASHION_CLASSES, fashionPngs } from './support/fashion-mnist.js';
import { LOOP_CLASSES, labelTemplate } from './support/loop-workspace.js';

const ADMIN_EMAIL = 'admin@example.org';
const ADMIN_PASSWORD = 'scale-out passphrase';

interface LoopView {
  phase: string;
  job: {
    id: number;
    state: string;
    attempts: number;
    progress: { phase?: string; epoch?: number };
    error: string | null;
  } | null;
}

/** Polls until the loop reaches one of the phases; `onJob` sees every job state on the way. */
async function waitFor(
  client: Client,
  loopId: number,
  phases: string[],
  onJob?: (loop: LoopView) => Promise<boolean>,
): Promise<LoopView> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const loop = await client.ok<LoopView>('GET', `/api/loops/${loopId}`);
    if (phases.includes(loop.phase)) return loop;
    if (loop.phase === 'failed') throw new Error(`the loop failed: ${loop.job?.error}`);
    if (onJob && (await onJob(loop))) continue;
    if (Date.now() > deadline) throw new Error(`still ${loop.phase}: ${JSON.stringify(loop.job)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * The loop scaled out on PostgreSQL: two server processes answer requests alternately, a
 * separate worker process trains and pre-labels; the worker is SIGKILLed mid-training and a
 * new one finishes the job from the database alone. Nothing is lost or written twice.
 */
describe('labeling loop with two servers and a separate worker on PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-scale-'));
  const processes: Omit<ServerProcess, 'url'>[] = [];
  let databaseUrl: string;

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes a round across processes and survives a SIGKILL of the worker during training', async () => {
    databaseUrl = await createPostgresDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      MEDLABEL_JOBS: 'external',
      MEDLABEL_JOB_LEASE_MS: '2000',
      MEDLABEL_DEID_SECRET: 'scale-out test secret',
      MEDLABEL_ADMIN_EMAIL: ADMIN_EMAIL,
      MEDLABEL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    };
    // One after the other: the first creates the admin.
    const a = await startServer({ dataDir, port: await freePort(), env });
    processes.push(a);
    const b = await startServer({ dataDir, port: await freePort(), env });
    processes.push(b);
    let worker = await startWorker({ dataDir, env });
    processes.push(worker);

    const adminA = await Client.signIn(a.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    for (const [email, role] of [
      ['res@example.org', 'researcher'],
      ['ann@example.org', 'annotator'],
    ] as const) {
      await adminA.ok('POST', '/api/users', { email, name: role, password: ADMIN_PASSWORD, role });
    }
    const researcher = [
      await Client.signIn(a.url, 'res@example.org', ADMIN_PASSWORD),
      await Client.signIn(b.url, 'res@example.org', ADMIN_PASSWORD),
    ];
    const annotator = [
      await Client.signIn(a.url, 'ann@example.org', ADMIN_PASSWORD),
      await Client.signIn(b.url, 'ann@example.org', ADMIN_PASSWORD),
    ];
    const annotatorId = (await annotator[0]!.ok<{ id: number }>('GET', '/api/me')).id;
    // Every request goes to the other server than the one before.
    let turn = 0;
    const res = () => researcher[turn++ % 2]!;
    const ann = () => annotator[turn++ % 2]!;

    const template = await res().ok<{ id: number }>('POST', '/api/templates', {
      definition: labelTemplate(),
    });
    const images = await fashionPngs(120, LOOP_CLASSES);
    const truth = new Map<number, string>();
    for (const image of images) {
      const { id } = await res().upload<{ id: number }>(
        '/api/images/upload',
        image.png,
        'image/png',
      );
      truth.set(id, FASHION_CLASSES[image.label]!);
    }
    const imageIds = [...truth.keys()];
    const collection = await res().ok<{ id: number }>('POST', '/api/collections', {
      name: 'Garments',
      templateId: template.id,
      imageIds,
    });
    await res().ok('PUT', `/api/collections/${collection.id}/assignments/${annotatorId}`, {
      kind: 'annotate',
    });
    const label = (imageId: number) => ({
      payload: { labels: [truth.get(imageId)], shapes: [], values: {} },
      status: 'submitted',
      timeSpentMs: 3000,
    });
    for (const imageId of imageIds.slice(0, 45)) {
      await ann().ok(
        'PUT',
        `/api/collections/${collection.id}/images/${imageId}/annotation`,
        label(imageId),
      );
    }

    const loop = await res().ok<{ id: number }>('POST', '/api/loops', {
      name: 'Scale-out loop',
      collectionId: collection.id,
      classifier: 'cnn',
      epochs: 40,
      routing: { strategy: 'threshold', threshold: 0.9 },
      batchSize: 50,
      auditShare: 0.1,
      validationPerClass: 5,
    });
    // Kill the worker once training has started, then start a new one.
    let killed = false;
    await waitFor(res(), loop.id, ['ready-to-prelabel'], async (view) => {
      if (killed || view.job?.state !== 'running' || !view.job.progress.epoch) return false;
      await worker.kill();
      killed = true;
      worker = await startWorker({ dataDir, env });
      processes.push(worker);
      return true;
    });
    expect(killed).toBe(true);
    const trained = await res().ok<LoopView>('GET', `/api/loops/${loop.id}`);
    expect(trained.job).toMatchObject({ state: 'done', attempts: 2 });

    await res().ok('POST', `/api/loops/${loop.id}/prelabel`);
    await waitFor(res(), loop.id, ['reviewing', 'ready-to-train']);
    const dashboard = await res().ok<{
      rounds: {
        batch: {
          size: number;
          autoAccepted: number;
          toPeople: number;
          collections: { id: number }[];
        } | null;
      }[];
    }>('GET', `/api/loops/${loop.id}/dashboard`);
    const batch = dashboard.rounds[1]!.batch!;
    expect(batch.size).toBe(50);
    for (const review of batch.collections) {
      const page = await ann().ok<{ items: { image: { id: number } }[] }>(
        'GET',
        `/api/collections/${review.id}/images?limit=500`,
      );
      for (const item of page.items) {
        await ann().ok(
          'PUT',
          `/api/collections/${review.id}/images/${item.image.id}/annotation`,
          label(item.image.id),
        );
      }
    }
    await res().ok('POST', `/api/loops/${loop.id}/train`);
    await waitFor(res(), loop.id, ['ready-to-prelabel']);

    // Straight from the database: each thing exactly once.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const count = async (query: string) =>
        Number((await db.query<{ n: string }>(query)).rows[0]!.n);
      expect(await count(`select count(*) n from models where loop_id = ${loop.id}`)).toBe(2);
      expect(await count(`select count(*) n from predictions where loop_id = ${loop.id}`)).toBe(50);
      expect(
        await count(
          `select count(distinct image_id) n from predictions where loop_id = ${loop.id}`,
        ),
      ).toBe(50);
      // Accepted labels: one model annotation per accepted prediction, each created once.
      expect(
        await count(
          `select count(*) n from annotations where collection_id = ${collection.id} and source = 'model'`,
        ),
      ).toBe(batch.autoAccepted);
      expect(
        await count(`select count(*) n from annotation_events e join annotations a on a.id = e.annotation_id
          where a.source = 'model'`),
      ).toBe(batch.size);
      // Every hard case reviewed once, linked to its prediction.
      expect(
        await count(
          `select count(*) n from annotations where source = 'human' and prediction_id is not null`,
        ),
      ).toBe(batch.toPeople);
      expect(
        await count(`select count(*) n from jobs where loop_id = ${loop.id} and state = 'done'`),
      ).toBe(3);
      expect(await count(`select count(*) n from jobs where state <> 'done'`)).toBe(0);
    } finally {
      await db.end();
    }
  }, 300_000);
});
