// Agreement of a 10,000-image, 3-reader collection: the report (every element, pairwise and
// against the consensus, bootstrap intervals, the adjudication queue) as the server's agreement
// thread computes it, three ways: the first analysis of the study (every image's readings
// summarised, on two threads), then from the stored summaries with 1% of the images read again,
// then from the stored summaries alone; and from stored summaries, the CSV and the export's
// consensus contours (computed only when asked for).
// Run: npx tsx apps/server/bench/agreement.ts [images] [readers] [repeats]
import { availableParallelism, loadavg } from 'node:os';
import { AgreementThreads } from '../src/agreement/compute/agreement-thread.js';
import type { StudyInput, Wanted } from '../src/agreement/compute/analysis.js';
import { readingStudy } from './agreement-study.js';

const images = Number(process.argv[2] ?? 10_000);
const readers = Number(process.argv[3] ?? 3);
const repeats = Number(process.argv[4] ?? 3);

// As the server keeps them: threads reused from one analysis to the next (the first run of all
// also starts the agreement thread).
const threads = new AgreementThreads();

/** Wall and CPU seconds (every thread of this process) of one analysis. */
async function run(input: StudyInput, wanted?: Wanted) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const output = await threads.analyse(input, wanted);
  const used = process.cpuUsage(cpu);
  return { output, wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const seconds = (runs: { wall: number; cpu: number }[]) =>
  `${median(runs.map((r) => r.wall)).toFixed(2)} s wall, ${median(runs.map((r) => r.cpu)).toFixed(2)} s CPU ` +
  `(walls ${runs.map((r) => r.wall.toFixed(2)).join(', ')})`;

const study = readingStudy(images, readers);
const first = [];
for (let i = 0; i < repeats; i++) first.push(await run(study));
const stored = first[0]!.output.summaries;
const size = (key: 'summary' | 'outlines') => stored.reduce((n, s) => n + s[key].length, 0);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

// 1% of the images read again (every 100th): those come with their readings, the rest stored.
const changed: StudyInput = {
  ...study,
  images: study.images.map((image, k) =>
    k % 100 === 0 ? image : { ...image, ...stored[k]!, readings: null },
  ),
};
const some = [];
for (let i = 0; i < repeats; i++) some.push(await run(changed));
const all: StudyInput = {
  ...study,
  images: study.images.map((image, k) => ({ ...image, ...stored[k]!, readings: null })),
};
const none = [];
for (let i = 0; i < repeats; i++) none.push(await run(all));
const csv = [];
for (let i = 0; i < repeats; i++) csv.push(await run(all, { csv: true, outlines: false }));
const outlines = [];
for (let i = 0; i < repeats; i++) outlines.push(await run(all, { csv: false, outlines: true }));

await threads.close();
const same = JSON.stringify(none[0]!.output.report) === JSON.stringify(first[0]!.output.report);
console.log(
  `agreement of ${images} images x ${readers} readers (labels, 24-vertex contours at 0.7 mm, ruler, ` +
    `2 keypoints, number), median of ${repeats}:\n` +
    `  first analysis (every image summarised; the first run starts the thread): ${seconds(first)}\n` +
    `  1% of the images read again: ${seconds(some)}\n` +
    `  every summary stored: ${seconds(none)}\n` +
    `  every summary stored, with the CSV (${mib(csv[0]!.output.csv!.length)}): ${seconds(csv)}\n` +
    `  every summary stored, with the consensus contours: ${seconds(outlines)}\n` +
    `  stored: summaries ${mib(size('summary'))}, outlines ${mib(size('outlines'))} ` +
    `(${((size('summary') + size('outlines')) / images).toFixed(0)} bytes an image); ` +
    `same report from stored summaries: ${same}; ${first[0]!.output.disagreements.length} images to ` +
    `adjudicate; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
