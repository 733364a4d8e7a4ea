// Agreement of a 10,000-image, 3-reader collection: the whole analysis (every element, pairwise
// and against the consensus, bootstrap intervals, the adjudication queue) on one thread.
// Run: npx tsx apps/server/bench/agreement.ts [images] [readers]
import { prepareContour } from '@medlabel/agreement';
import { availableParallelism, loadavg } from 'node:os';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { analyseStudy, type StudyImage } from '../src/agreement/compute/analysis.js';
import { imageConsensus } from '../src/agreement/compute/consensus.js';
import { contourOf } from '../src/agreement/compute/elements.js';

const images = Number(process.argv[2] ?? 10_000);
const readers = Number(process.argv[3] ?? 3);

const definition: TemplateDefinition = {
  formatVersion: 1,
  name: 'Benchmark reading',
  classification: {
    choice: 'single',
    required: true,
    labels: [{ name: 'normal' }, { name: 'benign' }, { name: 'malignant' }],
  },
  tools: [
    { kind: 'polygon', id: 'lesion', title: 'Lesion' },
    { kind: 'ruler', id: 'diameter', title: 'Diameter', unit: 'mm' },
    {
      kind: 'keypoint',
      id: 'landmarks',
      title: 'Landmarks',
      keypoints: [{ name: 'apex' }, { name: 'base' }],
    },
  ],
  fields: [{ kind: 'number', id: 'score', title: 'Score', min: 0, max: 10 }],
};

/** A seeded generator, so every run reads the same collection. */
let state = 42;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};

/** A lesion of 24 vertices, radius 15 to 45 px, as a reader outlines it (a few px of jitter). */
function outline(cx: number, cy: number, r: number) {
  return Array.from({ length: 24 }, (_, k) => {
    const angle = (k / 24) * 2 * Math.PI;
    const radius = r + (random() - 0.5) * 3;
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

const study: StudyImage[] = [];
for (let i = 0; i < images; i++) {
  const truth = Math.floor(random() * 3);
  const r = 15 + random() * 30;
  const length = 2 * r;
  study.push({
    imageId: i + 1,
    spacing: [0.7, 0.7],
    readings: Array.from({ length: readers }, () => {
      const label = random() < 0.85 ? truth : Math.floor(random() * 3);
      const payload: AnnotationPayload = {
        labels: [definition.classification!.labels[label]!.name],
        shapes: [
          { kind: 'polygon', id: 'p', tool: 'lesion', points: outline(256, 256, r) },
          {
            kind: 'ruler',
            id: 'r',
            tool: 'diameter',
            points: [
              { x: 256 - length / 2, y: 256 },
              { x: 256 + length / 2 + (random() - 0.5) * 4, y: 256 },
            ],
          },
          {
            kind: 'keypoint',
            id: 'k1',
            tool: 'landmarks',
            name: 'apex',
            points: [{ x: 200 + random() * 4, y: 180 }],
          },
          {
            kind: 'keypoint',
            id: 'k2',
            tool: 'landmarks',
            name: 'base',
            points: [{ x: 300, y: 330 + random() * 4 }],
          },
        ],
        values: { score: Math.round(truth * 3 + random() * 2) },
      };
      return JSON.stringify(payload);
    }),
  });
}

const readerList = Array.from({ length: readers }, (_, j) => ({
  id: j + 1,
  name: `Reader ${j + 1}`,
  email: `reader${j + 1}@bench.test`,
  paused: false,
}));

/** Wall and CPU seconds of one analysis (the CPU figure holds on a machine others load too). */
function run(template: TemplateDefinition) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const output = analyseStudy({
    collectionId: 1,
    definition: template,
    readers: readerList,
    images: study,
    thresholds: { minDice: 0.8, maxRelativeDifference: 0.1, maxKeypointMm: 5 },
    referenceCases: [],
    minReferenceAccuracy: null,
  });
  const used = process.cpuUsage(cpu);
  return {
    output,
    wall: (performance.now() - wall) / 1000,
    cpu: (used.user + used.system) / 1e6,
  };
}

/**
 * CPU seconds of what the consensus contours add to the analysis: every image's consensus and
 * each reader against it, alone (the contours parsed and prepared beforehand: the analysis
 * shares those with the pairs). `identical`: every reader's outline replaced by the first
 * reader's (readings that coincide: nudged apart before tracing).
 */
function consensusCost(images: readonly StudyImage[], identical = false) {
  const prepared = images.map((image) => {
    const outlines = image.readings.map((json) =>
      contourOf('lesion', JSON.parse(json!) as AnnotationPayload),
    );
    const used = identical ? outlines.map(() => outlines[0]!) : outlines;
    return { outlines: used, contours: used.map((o) => o && prepareContour(o, image.spacing!)) };
  });
  const cpu = process.cpuUsage();
  let exact = 0;
  for (const [k, { outlines, contours }] of prepared.entries()) {
    if (imageConsensus(outlines, contours, images[k]!.spacing!)?.exact) exact += 1;
  }
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1e6, exact };
}

const all = run(definition);
const consensus = consensusCost(study);
const sample = study.slice(0, 1000);
const identical = consensusCost(sample, true);
const withoutContours = run({
  ...definition,
  tools: definition.tools.filter((t) => t.kind !== 'polygon'),
});
const labels = all.output.report.elements[0]!;
console.log(
  `agreement of ${images} images x ${readers} readers (labels, 24-vertex contours at 0.7 mm, ruler, ` +
    `2 keypoints, number): ${all.wall.toFixed(2)} s wall, ${all.cpu.toFixed(2)} s CPU; ` +
    `without the contours ${withoutContours.wall.toFixed(2)} s wall, ${withoutContours.cpu.toFixed(2)} s CPU; ` +
    `the consensus contours and each reader against them ${consensus.cpu.toFixed(2)} s CPU of the whole ` +
    `(${consensus.exact} of ${images} traced exactly); with identical outlines ` +
    `${((identical.cpu / sample.length) * 1000).toFixed(2)} ms CPU an image ` +
    `(${identical.exact} of the first ${sample.length} traced)` +
    ` (Fleiss' kappa ${labels.kind === 'labels' ? labels.fleissKappa.value?.toFixed(3) : ''}, ` +
    `${all.output.disagreements.length} images to adjudicate); load average ${loadavg()[0]!.toFixed(1)} ` +
    `on ${availableParallelism()} cores`,
);
