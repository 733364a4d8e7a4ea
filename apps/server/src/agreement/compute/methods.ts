// The methods-section paragraph of a reading study, with the figures filled in.
import type { AgreementReport, Estimate, Summary } from './report.js';

const f2 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
const f1 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
const ci = ([low, high]: readonly [number, number], digits = f2) =>
  `95% CI ${digits(low)} to ${digits(high)}`;
const estimate = (e: Estimate) =>
  e.value === null ? 'not defined' : `${f2(e.value)}${e.ci95 ? ` (${ci(e.ci95)})` : ''}`;
const meanSd = (s: Summary, digits = f2) =>
  `${digits(s.mean)} (SD ${digits(s.sd)}${s.ci95 ? `; ${ci(s.ci95, digits)}` : ''})`;

/** How the consensus contour was made, and each reader against it. */
function consensusSentence(e: Extract<AgreementReport['elements'][number], { kind: 'contours' }>) {
  const { consensus: c, unit } = e;
  return (
    `The consensus contour of each image was the boundary of the region more than half of its ` +
    `readers outlined (majority vote of the filled regions, not STAPLE; ${c.exact} of ${c.images} ` +
    `traced from the readers' outlines, those that coincide in part first moved apart by a ` +
    `millionth of their extent; any others by majority vote on a grid of at most ` +
    `${c.gridCellsPerSide} cells a side with cells of at least ${c.minCellPx} px). ` +
    `Against it, ` +
    e.vsConsensus
      .map(
        (r) =>
          `reader ${r.reader + 1} had mean Dice ${meanSd(r.dice)}, IoU ${f2(r.iou.mean)}, ` +
          `Hausdorff distance ${f1(r.hausdorff.mean)} ${unit} and mean surface distance ` +
          `${f1(r.meanSurfaceDistance.mean)} ${unit} (n = ${r.dice.n})`,
      )
      .join('; ') +
    '.'
  );
}

/**
 * A paragraph a clinical paper's methods and results can start from: who read what, which
 * statistics, and the figures (pooled over reader pairs where a figure is per pair, the first
 * pair named).
 */
export function methodsParagraph(report: Omit<AgreementReport, 'methods'>): string {
  const readers = report.readers.length;
  const sentences = [
    `${report.images} images were read independently by ${readers} reader${readers === 1 ? '' : 's'}` +
      ` (${report.readers.map((r) => `${r.readings} readings`).join(', ')}); ` +
      `${report.imagesWithTwoReadings} images had at least two readings and enter the agreement analysis.`,
  ];
  for (const e of report.elements) {
    switch (e.kind) {
      case 'labels': {
        const pair = e.pairs[0];
        sentences.push(
          `For "${e.title}" (${e.categories.length} categories, ${e.images} images) observed agreement was ` +
            `${e.percentAgreement === null ? 'n/a' : `${(e.percentAgreement * 100).toFixed(1)}%`}; ` +
            `Fleiss' kappa was ${estimate(e.fleissKappa)} and Krippendorff's alpha (nominal) ` +
            `${estimate(e.krippendorffAlpha)}, with percentile bootstrap intervals over images (1000 resamples)` +
            (pair
              ? `; Cohen's kappa between readers ${pair.readers[0] + 1} and ${pair.readers[1] + 1} ` +
                `was ${estimate(pair.kappa)} (n = ${pair.n}, asymptotic interval cut to [-1, 1])` +
                (pair.weightedKappa ? `, linearly weighted ${estimate(pair.weightedKappa)}` : '')
              : '') +
            '.',
        );
        break;
      }
      case 'contours': {
        const pair = e.pairs[0];
        if (!pair) break;
        sentences.push(
          `Contours of "${e.title}" (${e.images} images) were compared pairwise: mean Dice ` +
            `${meanSd(pair.dice)}, IoU ${meanSd(pair.iou)}, symmetric Hausdorff distance ` +
            `${meanSd(pair.hausdorff, f1)} ${e.unit} and mean surface distance ` +
            `${meanSd(pair.meanSurfaceDistance, f1)} ${e.unit} (readers ${pair.readers[0] + 1} and ${pair.readers[1] + 1}).`,
        );
        if (e.vsConsensus.length > 0) sentences.push(consensusSentence(e));
        break;
      }
      case 'keypoints':
        for (const point of e.points) {
          const pair = point.pairs[0];
          if (!pair) continue;
          sentences.push(
            `"${e.title}" point ${point.name}: mean distance between readers ` +
              `${meanSd(pair.distance, f1)} ${e.unit} (n = ${pair.distance.n}).`,
          );
        }
        break;
      case 'measurements': {
        const unit = e.unit ? ` ${e.unit}` : '';
        const pair = e.pairs[0];
        sentences.push(
          `For "${e.title}" (${e.images} images) ` +
            (e.icc
              ? `ICC(2,1) (two-way random effects, absolute agreement, single measures) was ` +
                `${estimate(e.icc.icc21)} and ICC(3,1) (consistency) ${estimate(e.icc.icc31)} ` +
                `over ${e.icc.n} images every reader measured`
              : 'no ICC could be computed (too few images every reader measured)') +
            (pair?.blandAltman
              ? `; Bland-Altman bias between readers ${pair.readers[0] + 1} and ${pair.readers[1] + 1} ` +
                `was ${f2(pair.blandAltman.bias)}${unit} (${ci(pair.blandAltman.biasCi95)}) with ` +
                `95% limits of agreement ${f2(pair.blandAltman.limitsOfAgreement[0])} to ` +
                `${f2(pair.blandAltman.limitsOfAgreement[1])}${unit}`
              : '') +
            '.',
        );
        break;
      }
    }
  }
  if (report.referenceAccuracy.length > 0) {
    sentences.push(
      `Reference cases with a known answer were mixed into the readers' work unannounced; ` +
        `accuracy on them was ` +
        report.referenceAccuracy
          .map(
            (r) =>
              `${(r.accuracy! * 100).toFixed(0)}% for reader ${r.reader + 1} (${r.correct}/${r.n}` +
              `${r.ci95 ? `, Wilson ${ci(r.ci95)}` : ''})`,
          )
          .join(', ') +
        '.',
    );
  }
  sentences.push(
    `Images whose readers disagreed (differing labels, lowest pairwise Dice below ` +
      `${report.thresholds.minDice}, measurements differing by more than ` +
      `${(report.thresholds.maxRelativeDifference * 100).toFixed(0)}% of their median, or ` +
      `keypoints more than ${report.thresholds.maxKeypointMm} apart) were adjudicated by a senior reader ` +
      `(${report.disagreements} images).`,
  );
  return sentences.join(' ');
}
