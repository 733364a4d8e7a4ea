// npm run bench:server [-- --images 100000 --requests 2000 --concurrency 8]
//
// Seeds a fresh SQLite database (100k images, 1M annotations), starts the real server in its own
// process on a free port, and measures p50/p99 latency over HTTP with concurrent clients: a
// collection page of 100 images with their statuses (at random depths), saving an annotation
// (create, then update with baseVersion), a search, and the next-image call.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '../test/crash/client.js';
import { freePort, startServer } from '../test/crash/server-process.js';
import { measure, table, type Figures } from './measure.js';
import {
  ADMIN_EMAIL,
  BENCH_PASSWORD,
  IMAGE_HOST,
  RESEARCHER_EMAIL,
  annotatorEmail,
  seedBench,
} from './seed.js';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
  },
});
const images = Number(args.images);
const total = Number(args.requests);
const concurrency = Number(args.concurrency);
const log = (line: string) => console.log(line);

const SEARCHES = [
  'modality:US label:"CW Doppler"',
  'modality:US label:"CW Doppler" annotator:reader3@bench.test template:"Echo mode" status:done',
  'type:annotation label:"PW Doppler" status:draft',
  'bodypart:HEART width:>600 source:model',
];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-bench-'));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
log(`medlabel server benchmark, ${new Date().toISOString()}`);
log(`machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB,`);
log(
  `  Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
log(`seeding ${images} images into ${dataDir}`);
const world = await seedBench(dataDir, images, log);
log(`seeded ${world.annotations} annotations`);

const server = await startServer({
  dataDir,
  port: await freePort(),
  env: {
    MEDLABEL_ADMIN_EMAIL: ADMIN_EMAIL,
    MEDLABEL_ADMIN_PASSWORD: BENCH_PASSWORD,
    MEDLABEL_IMAGE_HOSTS: IMAGE_HOST,
  },
  timeoutMs: 120_000,
});
try {
  const researcher = await Client.signIn(server.url, RESEARCHER_EMAIL, BENCH_PASSWORD);
  const annotators: Client[] = [];
  for (let i = 0; i < world.annotatorIds.length; i++)
    annotators.push(await Client.signIn(server.url, annotatorEmail(i), BENCH_PASSWORD));
  // Annotator 0 read every open image of the first 90%: the work queue must skip 30k of them.
  const typical = (worker: number) => annotators[1 + (worker % (annotators.length - 1))]!;
  const collection = `/api/collections/${world.collectionId}`;
  const warmup = Math.min(100, total);
  const options = { total, concurrency, warmup };
  const figures: Figures[] = [];
  const run = async (name: string, request: (worker: number, i: number) => Promise<boolean>) => {
    const result = await measure(name, options, request);
    log(table([result]).split('\n')[2]!);
    figures.push(result);
  };

  await run('health (floor: HTTP + auth, no query)', async (w) => {
    const reply = await typical(w).send('GET', '/api/health');
    return reply.status === 200;
  });

  await run('collection page: 100 images + statuses, random depth', async (w) => {
    const after = Math.floor(Math.random() * (images / 100)) * 100;
    const reply = await typical(w).send<{ items: unknown[] }>(
      'GET',
      `${collection}/images?after=${after}&limit=100`,
    );
    return reply.status === 200 && reply.body.items.length === Math.min(100, images - after);
  });

  await run('search (4 queries, first page of 100)', async (_w, i) => {
    const q = encodeURIComponent(SEARCHES[Math.abs(i) % SEARCHES.length]!);
    const reply = await researcher.send('GET', `/api/search?q=${q}`);
    return reply.status === 200;
  });

  await run('next image (typical annotator)', async (w) => {
    const reply = await typical(w).send<{ image: unknown }>('GET', `${collection}/next`);
    return reply.status === 200 && reply.body.image !== null;
  });

  await run('next image (annotator who read 30k open images)', async () => {
    const reply = await annotators[0]!.send<{ image: unknown }>('GET', `${collection}/next`);
    return reply.status === 200 && reply.body.image !== null;
  });

  // Each worker is its own annotator on its own untouched images: create, then update the same
  // annotation with the version it got back (optimistic concurrency).
  const state = new Map<number, { position: number; version: number | undefined }>();
  await run('save annotation (PUT: create, then update with baseVersion)', async (w) => {
    const s = state.get(w) ?? { position: world.untouchedFrom + w, version: undefined };
    const update = s.version !== undefined;
    const reply = await typical(w).send<{ version: number }>(
      'PUT',
      `${collection}/images/${s.position}/annotation`,
      {
        payload: { labels: ['2D'], shapes: [], values: { quality: update ? 'fair' : 'good' } },
        status: update ? 'submitted' : 'draft',
        baseVersion: s.version,
        timeSpentMs: 1000,
      },
    );
    const ok = reply.status === 200 || reply.status === 201;
    state.set(
      w,
      update || !ok
        ? { position: s.position + concurrency, version: undefined }
        : { position: s.position, version: reply.body.version },
    );
    return ok;
  });

  log('');
  log(table(figures));
} finally {
  await server.kill();
  if (args.keep) log(`kept ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}
