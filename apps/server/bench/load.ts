// npm run bench:load [-- --clients 200 --seconds 60 --images 50000 --postgres --keep]
//
// Many annotators at once on the real server in its own process: half the clients save (each on
// its own untouched images: a draft, three autosaves with baseVersion, a submit, then the next
// image), the other half read (a collection page at a random depth, the next image of the work
// queue, the annotations of an image, a search), every client waiting for its answer before the
// next request (closed loop, no think time), for a fixed window. A separate probe asks
// `/api/health` every 200 ms. At the end every acknowledged save is read back: a save answered
// 200 whose version is not stored is a lost save.
import { parseArgs } from 'node:util';
import { logMachine, startBench } from './bench-world.js';
import { measure, table, type Figures } from './measure.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    images: { type: 'string', default: '50000' },
    postgres: { type: 'boolean', default: false },
    // Also print the time each route spent inside the server (Fastify's elapsed time, from the
    // debug access log): the difference to what clients saw is queueing before the handler.
    'server-times': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const images = Number(args.images);
const log = (line: string) => console.log(line);

/** Saves per image: a draft, autosaves, then the submit. */
const SAVES_PER_IMAGE = 5;

logMachine('medlabel load benchmark', log);
log(
  `settings: ${clients} clients (${clients / 2} saving, ${clients / 2} reading), ${seconds} s, ` +
    `${images} images, ${args.postgres ? 'PostgreSQL 18 (fsync on)' : 'SQLite'}`,
);
const bench = await startBench({
  images,
  postgres: args.postgres,
  keep: args.keep,
  log: () => undefined,
  env: args['server-times'] ? { MEDLABEL_LOG_LEVEL: 'debug' } : {},
});
const { world, researcher, annotators } = bench;
const serverTimes = new Map<string, number[]>();
if (args['server-times']) collectServerTimes(bench.server.child.stdout!, serverTimes);

try {
  const annotatorOf = (client: number) => annotators[client % annotators.length]!;
  const collection = `/api/collections/${world.collectionId}`;
  const savers = Math.floor(clients / 2);
  const untouched = images - world.untouchedFrom + 1;

  // What each saving client has had acknowledged: image -> { annotation id, version }.
  const acknowledged = Array.from(
    { length: savers },
    () => new Map<number, { id: number; version: number }>(),
  );
  const progress = Array.from({ length: savers }, () => ({ image: 0, saves: 0, version: 0 }));
  let outOfImages = false;
  const save = async (client: number): Promise<boolean> => {
    const state = progress[client]!;
    if (state.saves === SAVES_PER_IMAGE) Object.assign(state, { image: state.image + 1, saves: 0 });
    const offset = client + state.image * savers;
    if (offset >= untouched) outOfImages = true;
    const imageId = world.untouchedFrom + (offset % untouched);
    const last = state.saves === SAVES_PER_IMAGE - 1;
    const reply = await annotatorOf(client).send<{ id: number; version: number }>(
      'PUT',
      `${collection}/images/${imageId}/annotation`,
      {
        payload: { labels: ['2D'], shapes: [], values: { quality: last ? 'good' : 'fair' } },
        status: last ? 'submitted' : 'draft',
        ...(state.saves === 0 ? {} : { baseVersion: state.version }),
        timeSpentMs: 1000 * (state.saves + 1),
      },
    );
    if (reply.status !== 200) return false;
    acknowledged[client]!.set(imageId, { id: reply.body.id, version: reply.body.version });
    Object.assign(state, { saves: state.saves + 1, version: reply.body.version });
    return true;
  };

  const readers = clients - savers;
  const reads: { name: string; request: (client: number) => Promise<boolean> }[] = [
    {
      name: 'read: collection page of 100 at a random depth',
      request: async () => {
        const after = Math.floor(Math.random() * (images / 100)) * 100;
        const reply = await researcher.send('GET', `${collection}/images?after=${after}&limit=100`);
        return reply.status === 200;
      },
    },
    {
      name: 'read: next image of the work queue',
      request: async (client) =>
        (await annotatorOf(client).send('GET', `${collection}/next`)).status === 200,
    },
    {
      name: 'read: annotations of an image',
      request: async (client) => {
        const imageId = 1 + Math.floor(Math.random() * images);
        const path = `${collection}/images/${imageId}/annotations`;
        return (await annotatorOf(client).send('GET', path)).status === 200;
      },
    },
    {
      name: 'read: search `modality:US label:"CW Doppler"`',
      request: async () => {
        const q = encodeURIComponent('modality:US label:"CW Doppler"');
        return (await researcher.send('GET', `/api/search?q=${q}&limit=50`)).status === 200;
      },
    },
  ];

  const stop = AbortSignal.timeout(seconds * 1000);
  const health = measure(
    'health probe (every 200 ms)',
    { total: Infinity, concurrency: 1, stop },
    async () => {
      const reply = await researcher.send('GET', '/api/health');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return reply.status === 200;
    },
  );
  const figures: Figures[] = await Promise.all([
    measure(
      'save (draft, 3 autosaves, submit)',
      { total: Infinity, concurrency: savers, stop },
      save,
    ),
    ...reads.map(({ name, request }, k) => {
      // The readers spread over the kinds; the first kinds take any remainder.
      const concurrency = Math.floor(readers / reads.length) + (k < readers % reads.length ? 1 : 0);
      return measure(name, { total: Infinity, concurrency, stop }, request);
    }),
    health,
  ]);
  // The probe's figures include its 200 ms sleeps: take them out.
  const probe = figures[figures.length - 1]!;
  for (const key of ['p50', 'p90', 'p99', 'max'] as const) probe[key] -= 200;

  let lost = 0;
  let checked = 0;
  for (const [client, saved] of acknowledged.entries())
    for (const { id, version } of saved.values()) {
      checked += 1;
      const reply = await annotatorOf(client).send<{ version: number }>(
        'GET',
        `/api/annotations/${id}`,
      );
      if (reply.status !== 200 || reply.body.version < version) lost += 1;
    }

  log('');
  log(table(figures));
  const total = figures.slice(0, -1).reduce((sum, f) => sum + f.requests, 0);
  log('');
  log(
    `throughput: ${(total / seconds).toFixed(0)} requests/s (saves ${(figures[0]!.requests / seconds).toFixed(0)}/s)`,
  );
  log(`lost saves: ${lost} of ${checked} annotations whose save was acknowledged`);
  if (args['server-times']) {
    log('');
    log('time inside the server per route (ms): p50 / p99 / max');
    for (const [route, times] of serverTimes) {
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
      log(`  ${route}: ${at(0.5)} / ${at(0.99)} / ${times[times.length - 1]} (${times.length})`);
    }
  }
  if (outOfImages) log('note: the saving clients ran out of untouched images and wrapped around');
} finally {
  await bench.stop();
}

/** Collects `ms` of the server's access-log lines (JSON, one per response) by method and route. */
function collectServerTimes(stdout: NodeJS.ReadableStream, into: Map<string, number[]>): void {
  let rest = '';
  stdout.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"msg":"request"')) continue;
      const entry = JSON.parse(line) as { method: string; route: string; ms: number };
      const key = `${entry.method} ${entry.route}`;
      const times = into.get(key) ?? [];
      times.push(entry.ms);
      into.set(key, times);
    }
  });
}
