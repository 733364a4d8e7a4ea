// Agreement of a 10,000-image, 3-reader collection: the whole analysis (every element, pairwise
// and against the consensus, bootstrap intervals, the adjudication queue) as the server runs it.
// Run: npx tsx apps/server/bench/agreement.ts [images] [readers]
import { prepareContour } from '@medlabel/agreement';
import { availableParallelism, loadavg } from 'node:os';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { AgreementThreads } from '../src/agreement/compute/agreement-thread.js';
import type { StudyImage } from '../src/agreement/compute/analysis.js';
import { imageConsensus } from '../src/agreement/compute/consensus.js';
import { contourOf } from '../src/agreement/compute/elements.js';
import { definition, readingStudy } from './agreement-study.js';

const images = Number(process.argv[2] ?? 10_000);
const readers = Number(process.argv[3] ?? 3);

const study = readingStudy(images, readers);

/**
 * Wall and CPU seconds of one analysis, as the server runs it: on an agreement thread that hands
 * half the images' contours to a helper thread (the CPU figure, every thread of this process,
 * holds on a machine others load too).
 */
async function run(template: TemplateDefinition) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const output = await new AgreementThreads().analyse({ ...study, definition: template });
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

const all = await run(definition);
const consensus = consensusCost(study.images);
const sample = study.images.slice(0, 1000);
const identical = consensusCost(sample, true);
const withoutContours = await run({
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
