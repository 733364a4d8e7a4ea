// FASHION_MNIST_DIR=/usr/share/datasets/fashion-mnist npm run bench:loop \
//   [-- --seed 1000 --batch 2000 --concurrency 4 --seconds 25 --threshold 0.9]
// (seed + batch images of 3 classes: more than the committed slice of @medlabel/test-data holds)
//
// The labeling loop in a real server process on SQLite, its jobs on the server's worker thread:
// 1. saving an annotation (create, then update with baseVersion; each client its own annotator
//    on its own images) for `--seconds` on an idle server, again while the loop's CNN trains,
//    and idle once more after it: p50/p99/max and the ratios of the p99s;
// 2. one round on a batch of `--batch` real Fashion-MNIST images: the CNN's training time, and
//    the time from the pre-label request to the review collections, with the job's breakdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '../test/crash/client.js';
import { freePort, startServer } from '../test/crash/server-process.js';
import { labelTemplate } from '../test/support/loop-workspace.js';
import {
  ADMIN_EMAIL,
  PASSWORD,
  labelPayload,
  setUpLoopBench,
  type LoopBench,
} from './loop-setup.js';
import { secondsBetween, watchLoop, type LoopView } from './loop-watch.js';
import { measure, table, type Figures } from './measure.js';
import { timePrelabelCompute, type LoopSpec, type TrainedModel } from './prelabel-compute.js';
import { IMAGE_HOST } from './seed.js';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '25' },
    threshold: { type: 'string', default: '0.9' },
  },
});
const seed = Number(args.seed);
const batch = Number(args.batch);
const concurrency = Number(args.concurrency);
const windowMs = Number(args.seconds) * 1000;
/** Images per save window, two saves each: 30 s at 800 saves a second (bench:server's rate). */
const WINDOW_IMAGES = 12_000;
const VALIDATION_PER_CLASS = 30;
const log = (line: string) => console.log(line);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const secs = (s: number) => `${s.toFixed(2)} s`;

/** The save workload on the images of window `slot` (0, 1, 2), until `stop`. */
function saveWindow(bench: LoopBench, name: string, slot: number, stop: AbortSignal) {
  const first = slot * WINDOW_IMAGES;
  const state = bench.savers.map((_, w) => ({ index: first + w, version: 0 }));
  const payload = labelPayload(labelTemplate().classification!.labels[0]!.name);
  return measure(name, { total: Infinity, concurrency, stop }, async (w) => {
    const s = state[w]!;
    if (s.index >= first + WINDOW_IMAGES) throw new Error(`${name}: out of images`);
    const update = s.version > 0;
    const reply = await bench.savers[w]!.send<{ version: number }>(
      'PUT',
      `/api/collections/${bench.saveCollection}/images/${bench.saveImages[s.index]!}/annotation`,
      {
        payload,
        status: update ? 'submitted' : 'draft',
        ...(update ? { baseVersion: s.version } : {}),
        timeSpentMs: 1000,
      },
    );
    const ok = reply.status === 200 || reply.status === 201;
    if (update || !ok) state[w] = { index: s.index + concurrency, version: 0 };
    else s.version = reply.body.version;
    return ok;
  });
}

interface Batch {
  size: number;
  autoAccepted: number;
  toPeople: number;
  collections: { id: number; imageCount: number }[];
}

/** The labeler answers every case of the review collections with the true label. */
async function reviewAll(bench: LoopBench, batch: Batch): Promise<void> {
  for (const review of batch.collections) {
    for (;;) {
      const { image } = await bench.labeler.ok<{ image: { id: number } | null }>(
        'GET',
        `/api/collections/${review.id}/next`,
      );
      if (!image) break;
      await bench.labeler.ok('PUT', `/api/collections/${review.id}/images/${image.id}/annotation`, {
        payload: labelPayload(bench.truth.get(image.id)!),
        status: 'submitted',
        timeSpentMs: 3000,
      });
    }
  }
}

interface ModelView extends TrainedModel {
  trainingSet: { size: number };
  metrics: { trainSeconds: number; validationAccuracy: number };
}

/** A job's queue wait and run time from its timestamps. */
function jobTimes(view: LoopView): string {
  const job = view.job!;
  const queued = secondsBetween(job.createdAt, job.startedAt);
  return `job ran ${secs(secondsBetween(job.startedAt, job.finishedAt))} after ${secs(queued)} queued`;
}

function modelLine(model: ModelView, trained: LoopView): string {
  const accuracy = (model.metrics.validationAccuracy * 100).toFixed(1);
  return (
    `model ${model.round}: ${model.trainingSet.size} training images, validation accuracy ` +
    `${accuracy}%, CNN training ${secs(model.metrics.trainSeconds)}; ${jobTimes(trained)}`
  );
}

/**
 * The pre-label job's figures, and its run time minus the compute timed alone (polling its
 * progress cannot split it: in our runs the last phase, "creating review collections", was
 * never seen while the job ran).
 */
function prelabelLines(
  batch: Batch,
  view: LoopView,
  readyAfter: number,
  compute: { decodeSeconds: number; predictSeconds: number },
): string[] {
  const job = view.job!;
  const rest =
    secondsBetween(job.startedAt, job.finishedAt) - compute.decodeSeconds - compute.predictSeconds;
  return [
    `pre-label of ${batch.size}: review collections ready ${secs(readyAfter)} after the ` +
      `request; ${jobTimes(view)}; auto-accepted ${batch.autoAccepted}, to people ` +
      `${batch.toPeople} in ${batch.collections.length} review collections`,
    `  its compute alone (same code, this process, server idle, fastest of 3): decoding the ` +
      `images ${secs(compute.decodeSeconds)}, predicting on a fresh compute thread ` +
      `${secs(compute.predictSeconds)}; the job's run time minus that compute (its queries, ` +
      `predictions stored, accepted labels, review collections; a rough estimate that can go ` +
      `below 0): ${secs(rest)}`,
  ];
}

/** The first `count` images of a collection with their URLs. */
async function imagesOf(client: Client, collectionId: number, count: number) {
  const images: { id: number; url: string }[] = [];
  for (let after: number | null = 0; after !== null && images.length < count;) {
    const page: { items: { image: { id: number; url: string } }[]; next: number | null } =
      await client.ok('GET', `/api/collections/${collectionId}/images?after=${after}&limit=500`);
    images.push(...page.items.map((item) => item.image));
    after = page.next;
  }
  return images.slice(0, count);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-bench-loop-'));
log(`medlabel loop benchmark, ${new Date().toISOString()}`);
log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`);
log(
  `seed ${seed}, batch ${batch}, threshold ${args.threshold}, ${concurrency} save clients, ` +
    `windows of ${args.seconds} s`,
);
const server = await startServer({
  dataDir,
  port: await freePort(),
  env: {
    MEDLABEL_ADMIN_EMAIL: ADMIN_EMAIL,
    MEDLABEL_ADMIN_PASSWORD: PASSWORD,
    MEDLABEL_IMAGE_HOSTS: IMAGE_HOST,
  },
});
try {
  const bench = await setUpLoopBench(server.url, {
    seed,
    batch,
    concurrency,
    saveImages: 3 * WINDOW_IMAGES,
  });
  const { researcher } = bench;
  log(table(bench.setup));

  log(`idle window (load average ${load()})`);
  const idle = await saveWindow(bench, 'save annotation, idle', 0, AbortSignal.timeout(windowMs));

  const loop = await researcher.ok<{ id: number }>('POST', '/api/loops', {
    name: 'Bench loop',
    collectionId: bench.loopCollection,
    classifier: 'cnn',
    features: { kind: 'pixels', size: 28 },
    routing: { strategy: 'threshold', threshold: Number(args.threshold) },
    batchSize: batch,
    auditShare: 0.05,
    validationPerClass: VALIDATION_PER_CLASS,
    retrainPolicy: 'manual',
  });
  const phaseIs =
    (...phases: string[]) =>
    (view: LoopView) =>
      phases.includes(view.phase);
  const first = await watchLoop(researcher, loop.id, phaseIs('ready-to-prelabel'));

  const asked = Date.now();
  await researcher.ok('POST', `/api/loops/${loop.id}/prelabel`);
  const prelabeled = await watchLoop(researcher, loop.id, phaseIs('reviewing', 'ready-to-train'));
  const readyAfter = (Date.now() - asked) / 1000;
  const { rounds } = await researcher.ok<{ rounds: { batch: Batch | null }[] }>(
    'GET',
    `/api/loops/${loop.id}/dashboard`,
  );
  const round1 = rounds[1]!.batch!;
  const reviewStarted = Date.now();
  await reviewAll(bench, round1);
  const reviewSeconds = (Date.now() - reviewStarted) / 1000;

  // Round 1's model, with the save workload while its CNN trains.
  await researcher.ok('POST', `/api/loops/${loop.id}/train`);
  const trainingStarted = await watchLoop(
    researcher,
    loop.id,
    (view) => view.job?.progress.phase === 'training' || view.phase === 'ready-to-prelabel',
  );
  if (trainingStarted.phase === 'ready-to-prelabel')
    throw new Error('the training ended before the save window could start');
  log(`training window (load average ${load()})`);
  const trainingEnded = new AbortController();
  const timeUp = AbortSignal.timeout(windowMs);
  const window = saveWindow(
    bench,
    'save annotation, while the CNN trains',
    1,
    AbortSignal.any([trainingEnded.signal, timeUp]),
  );
  const second = await watchLoop(researcher, loop.id, phaseIs('ready-to-prelabel'), {
    pollMs: 500,
  });
  const cutShort = !timeUp.aborted;
  trainingEnded.abort();
  const training = await window;
  // Idle again: the machine's other work may have changed since the first idle window.
  log(`idle window again (load average ${load()})`);
  const idleAfter = await saveWindow(
    bench,
    'save annotation, idle again',
    2,
    AbortSignal.timeout(windowMs),
  );
  const models = await researcher.ok<ModelView[]>('GET', `/api/loops/${loop.id}/models`);

  log('');
  log(table([...bench.setup, idle, training, idleAfter]));
  const ratio = (base: Figures) => (training.p99 / base.p99).toFixed(2);
  log(
    `p99 while training / idle: ${ratio(idle)} against the window before, ` +
      `${ratio(idleAfter)} against the one after (goal: at most 2)`,
  );
  if (cutShort) log(`the training ended before ${args.seconds} s: the save window was shorter`);
  log(modelLine(models[0]!, first));
  log(modelLine(models[1]!, second));
  const spec = await researcher.ok<LoopSpec>('GET', `/api/loops/${loop.id}`);
  const decoded = await imagesOf(
    researcher,
    bench.loopCollection,
    batch + VALIDATION_PER_CLASS * spec.classNames.length,
  );
  const compute = await timePrelabelCompute(dataDir, spec, models[0]!, decoded);
  for (const line of prelabelLines(round1, prelabeled, readyAfter, compute)) log(line);
  log(`review of ${round1.toPeople} cases by one annotator over HTTP: ${secs(reviewSeconds)}`);
} finally {
  await server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
