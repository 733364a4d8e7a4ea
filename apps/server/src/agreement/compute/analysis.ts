// A collection's reading study, aggregated from its images' summaries (image-summary.ts): every
// statistic of @medlabel/agreement per task element, pairwise and per reader against the
// consensus, and the images whose readings disagree beyond the thresholds. Pure: runs on the
// agreement thread.
import {
  alphaFromCounts,
  blandAltman,
  bootstrapInterval,
  cohensKappa,
  confusionMatrix,
  fleissFromCounts,
  intraclassCorrelation,
  keypointDistances,
  labelCounts,
  percentAgreement,
  type Kappa,
  type KappaWeights,
  tCritical,
  wilsonInterval,
} from '@medlabel/agreement';
import { toCsv } from '@medlabel/csv';
import type { PixelSpacing, Point } from '@medlabel/geometry';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import {
  CONSENSUS_CELLS_PER_SIDE,
  CONSENSUS_MIN_CELL_PX,
  largestSpread,
  majorityLabel,
  measurementDisagreement,
  median,
} from './consensus.js';
import { elementsOf, labelOf, type Element } from './elements.js';
import type {
  AgreementReport,
  BlandAltmanResult,
  ContoursResult,
  ElementResult,
  Estimate,
  ReferenceAccuracy,
  KeypointsResult,
  LabelsResult,
  MeasurementsResult,
  Summary,
  Thresholds,
} from './report.js';
import { pairsOf, type ContourFigure } from './image-contours.js';
import type { ImageOutlines, ImageSummary, StoredSummary } from './image-summary.js';
import { methodsParagraph } from './methods.js';

export interface StudyReader {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly paused: boolean;
}

export interface StudyImage {
  readonly imageId: number;
  readonly spacing: PixelSpacing | null;
  /** the image's readers: indices into the study's readers, ascending */
  readonly readers: readonly number[];
  /**
   * the image's summary (JSON) where the stored one is current; else null, and `readings`
   * gives each of its readers' submitted payload (JSON), to summarise
   */
  readonly summary: string | null;
  readonly readings: readonly string[] | null;
  /** its stored consensus outlines (JSON), where the analysis is asked for them and stored */
  readonly outlines: string | null;
}

export interface StudyInput {
  readonly collectionId: number;
  readonly definition: TemplateDefinition;
  readonly readers: readonly StudyReader[];
  readonly images: readonly StudyImage[];
  readonly thresholds: Thresholds;
  /** reference cases: images with a known answer (JSON payload) */
  readonly referenceCases: readonly { readonly imageId: number; readonly payload: string }[];
  readonly minReferenceAccuracy: number | null;
}

/** One line of the CSV: which element and comparison, the statistic, its n, value and interval. */
export type StudyRow = [
  element: string,
  imageId: number | null,
  readerA: string | null,
  readerB: string | null,
  statistic: string,
  n: number | null,
  value: number | null,
  ci95Low: number | null,
  ci95High: number | null,
];

export interface Disagreement {
  readonly imageId: number;
  readonly reasons: string[];
}

/** One image's consensus contour of one polygon tool, and each reader against it. */
export interface ConsensusOutline {
  readonly imageId: number;
  readonly tool: string;
  /** image pixels, flat (x0, y0, x1, y1, ...): a study of 10,000 images is kept cached */
  readonly points: Float64Array;
  readonly exact: boolean;
  /** per reader (index into readers): Dice, IoU and distances against the consensus, or null */
  readonly readers: (ContourFigure | null)[];
}

/** The summary of an image that had to be summarised, to store. */
export interface FreshSummary extends StoredSummary {
  readonly imageId: number;
}

/** What an analysis gives besides the report: each is costly, so only on request. */
export interface Wanted {
  /** every statistic, per image and summarised, as CSV */
  readonly csv: boolean;
  /** each image's consensus contours (from the images' outlines) */
  readonly outlines: boolean;
}

export interface StudyOutput {
  readonly report: AgreementReport;
  readonly disagreements: Disagreement[];
  /** CSV_HEADER and a row per statistic, where wanted */
  readonly csv: string | null;
  readonly consensusOutlines: ConsensusOutline[] | null;
  readonly summaries: FreshSummary[];
}

const CSV_HEADER = [
  'element',
  'image_id',
  'reader_a',
  'reader_b',
  'statistic',
  'n',
  'value',
  'ci95_low',
  'ci95_high',
];

const BLAND_ALTMAN_POINTS = 1000;
const finite = (v: number) => (Number.isFinite(v) ? v : null);
const NONE: Estimate = { value: null, ci95: null };

/** Runs `compute`, or answers `fallback` where the statistic is undefined for these data. */
function attempt<T, F>(compute: () => T, fallback: F): T | F {
  try {
    return compute();
  } catch {
    return fallback;
  }
}

function fromKappa(k: Kappa): Estimate {
  const value = finite(k.kappa);
  return value === null ? NONE : { value, ci95: k.ci95.map(finite) as [number, number] };
}

/** Where a statistic can lie: Dice and IoU in [0, 1], distances from 0 up. */
type Range = readonly [low: number, high: number];
const UNIT: Range = [0, 1];
const NON_NEGATIVE: Range = [0, Number.POSITIVE_INFINITY];

/**
 * Mean, spread and the t interval of the mean, cut to the statistic's `range`: a mean Dice of
 * 0.92 over 4 images has 0.65 to 1.18 as its t interval, and no Dice exceeds 1 (cutting an
 * interval to the possible values never lowers its coverage).
 */
export function summarise(values: readonly number[], range: Range): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, median: null, min: null, max: null, ci95: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = sd === null ? null : (tCritical(0.95, n - 1) * sd) / Math.sqrt(n);
  return {
    n,
    mean,
    sd,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    ci95: half === null ? null : [Math.max(range[0], mean - half), Math.min(range[1], mean + half)],
  };
}

interface Context {
  readonly input: StudyInput;
  /** each image's summary, its values per reader of the image (StudyImage.readers) */
  readonly summaries: readonly ImageSummary[];
  /** each image's spacing when every image has one (mm), else null for all (px) */
  readonly spacings: (PixelSpacing | null)[];
  readonly unit: 'mm' | 'px';
  readonly reasons: Map<number, string[]>;
  /** where wanted: the CSV's rows, each image's consensus outlines and the consensus contours */
  readonly rows: StudyRow[] | null;
  readonly outlines: readonly ImageOutlines[] | null;
  readonly consensusOutlines: ConsensusOutline[] | null;
}

function flag(context: Context, image: number, reason: string) {
  const imageId = context.input.images[image]!.imageId;
  const list = context.reasons.get(imageId) ?? [];
  list.push(reason);
  context.reasons.set(imageId, list);
}

const emailOf = (context: Context, reader: number) => context.input.readers[reader]!.email;

/** One image's values per reader of the image, laid out per reader of the study (null: none). */
function byReader<T>(context: Context, image: number, values: readonly T[]): (T | null)[] {
  const laidOut = new Array<T | null>(context.input.readers.length).fill(null);
  context.input.images[image]!.readers.forEach((reader, k) => (laidOut[reader] = values[k]!));
  return laidOut;
}

/** An element's values, images x readers of the study. */
function tableOf<T>(
  context: Context,
  values: (summary: ImageSummary) => readonly T[] | undefined,
): (T | null)[][] {
  return context.summaries.map((summary, image) => byReader(context, image, values(summary)!));
}

function row(
  context: Context,
  element: Element,
  readers: readonly number[],
  statistic: string,
  n: number | null,
  estimate: Estimate | number | null,
  imageId: number | null = null,
) {
  if (!context.rows) return;
  const { value, ci95 } =
    typeof estimate === 'number' || estimate === null ? { value: estimate, ci95: null } : estimate;
  context.rows.push([
    element.key,
    imageId,
    readers[0] === undefined ? null : emailOf(context, readers[0]),
    readers[1] === undefined ? null : emailOf(context, readers[1]),
    statistic,
    n,
    value,
    ci95?.[0] ?? null,
    ci95?.[1] ?? null,
  ]);
}

function labelsResult(
  context: Context,
  element: Extract<Element, { kind: 'labels' }>,
): LabelsResult {
  const { categories } = element;
  const table = tableOf(context, (s) => s.labels[element.key]);
  const counts = labelCounts(table, categories);
  const images = counts.readings.length;
  const bootstrap = (statistic: (sample?: Int32Array) => number): Estimate => {
    const value = attempt(() => finite(statistic()), null);
    if (value === null) return NONE;
    const ci95 = bootstrapInterval(images, statistic);
    return { value, ci95: ci95 && [ci95[0], ci95[1]] };
  };
  const fleiss = bootstrap((s) => fleissFromCounts(counts, s));
  const alpha = bootstrap((s) => alphaFromCounts(counts, s));
  const agreement = finite(percentAgreement(table));
  row(context, element, [], 'percent_agreement', images, agreement);
  row(context, element, [], 'fleiss_kappa', images, fleiss);
  row(context, element, [], 'krippendorff_alpha', images, alpha);
  const column = (j: number) => table.map((r) => r[j] ?? null);
  const kappa = (a: (string | null)[], b: (string | null)[], w: KappaWeights) =>
    attempt(() => fromKappa(cohensKappa(a, b, categories, w)), NONE);

  const pairs = pairsOf(context.input.readers.length).flatMap(([i, j]) => {
    const a = column(i);
    const b = column(j);
    const confusion = confusionMatrix(a, b, categories);
    const n = confusion.flat().reduce((s, c) => s + c, 0);
    if (n === 0) return [];
    const result = {
      readers: [i, j] as [number, number],
      n,
      percentAgreement: finite(percentAgreement(a.map((v, k) => [v, b[k] ?? null]))),
      kappa: kappa(a, b, 'none'),
      weightedKappa: element.ordinal ? kappa(a, b, 'linear') : null,
      confusion,
    };
    row(context, element, [i, j], 'percent_agreement', n, result.percentAgreement);
    row(context, element, [i, j], 'cohen_kappa', n, result.kappa);
    if (result.weightedKappa) {
      row(context, element, [i, j], 'weighted_kappa_linear', n, result.weightedKappa);
    }
    return [result];
  });

  // Each reader against the majority of the other readers of each image (leave-one-out, so a
  // reader is never compared with a consensus it voted in); ties give no consensus.
  const vsConsensus = context.input.readers.flatMap((_, i) => {
    const own = column(i);
    const others = table.map((r) =>
      majorityLabel(r.filter((v, j): v is string => j !== i && v !== null)),
    );
    const n = own.filter((v, k) => v !== null && others[k] !== null).length;
    if (n === 0) return [];
    const result = {
      reader: i,
      n,
      percentAgreement: finite(percentAgreement(own.map((v, k) => [v, others[k] ?? null]))),
      kappa: kappa(own, others, 'none'),
    };
    row(context, element, [i], 'kappa_vs_consensus', n, result.kappa);
    return [result];
  });

  table.forEach((readings, image) => {
    const given = readings.filter((v): v is string => v !== null);
    if (new Set(given).size > 1) flag(context, image, `${element.title}: ${given.join(' vs ')}`);
  });
  return {
    kind: 'labels',
    key: element.key,
    title: element.title,
    categories,
    images,
    percentAgreement: agreement,
    fleissKappa: fleiss,
    krippendorffAlpha: alpha,
    pairs,
    vsConsensus,
  };
}

/** Per-image contour figures of one comparison (a pair of readers, or a reader vs consensus). */
class ContourFigures {
  readonly dice: number[] = [];
  readonly iou: number[] = [];
  readonly hausdorff: number[] = [];
  readonly meanSurfaceDistance: number[] = [];

  add(r: ContourFigure) {
    this.dice.push(r.dice);
    this.iou.push(r.iou);
    this.hausdorff.push(r.hausdorffMm);
    this.meanSurfaceDistance.push(r.meanSurfaceDistanceMm);
  }

  summaries() {
    return {
      dice: summarise(this.dice, UNIT),
      iou: summarise(this.iou, UNIT),
      hausdorff: summarise(this.hausdorff, NON_NEGATIVE),
      meanSurfaceDistance: summarise(this.meanSurfaceDistance, NON_NEGATIVE),
    };
  }
}

function contoursResult(
  context: Context,
  element: Extract<Element, { kind: 'contours' }>,
): ContoursResult {
  const readers = context.input.readers.length;
  const readerPairs = pairsOf(readers);
  const perPair = readerPairs.map(() => new ContourFigures());
  const perReader = context.input.readers.map(() => new ContourFigures());
  const { unit } = context;
  const hausdorff = `hausdorff_${unit}`;
  // A pair of the image's readers is a pair of the study's: its index in readerPairs.
  const pairIndex = new Map(readerPairs.map(([i, j], k) => [i * readers + j, k]));
  let images = 0;
  const consensus = { images: 0, exact: 0 };
  const outlines: {
    imageId: number;
    points: number[];
    exact: boolean;
    readers: (ContourFigure | null)[];
  }[] = [];
  context.summaries.forEach((summary, image) => {
    const figures = summary.contours[element.tool];
    if (!figures) return;
    images += 1;
    const { imageId, readers: own } = context.input.images[image]!;
    const ownPairs = pairsOf(own.length);
    let lowest = 1;
    figures.pairs.forEach((r, k) => {
      if (!r) return;
      const [i, j] = ownPairs[k]!;
      const pair = pairIndex.get(own[i]! * readers + own[j]!)!;
      perPair[pair]!.add(r);
      lowest = Math.min(lowest, r.dice);
      row(context, element, readerPairs[pair]!, 'dice', 1, r.dice, imageId);
      row(context, element, readerPairs[pair]!, hausdorff, 1, r.hausdorffMm, imageId);
    });
    if (lowest < context.input.thresholds.minDice) {
      flag(context, image, `${element.title}: Dice ${lowest.toFixed(2)}`);
    }
    const outline = figures.consensus;
    if (!outline) return;
    consensus.images += 1;
    if (outline.exact) consensus.exact += 1;
    const vsConsensus = byReader(context, image, outline.readers);
    if (context.outlines) {
      const points = context.outlines[image]![element.tool] ?? [];
      outlines.push({ imageId, points, exact: outline.exact, readers: vsConsensus });
    }
    vsConsensus.forEach((r, reader) => {
      if (!r) return;
      perReader[reader]!.add(r);
      row(context, element, [reader], 'dice_vs_consensus', 1, r.dice, imageId);
      row(context, element, [reader], 'iou_vs_consensus', 1, r.iou, imageId);
      row(context, element, [reader], `${hausdorff}_vs_consensus`, 1, r.hausdorffMm, imageId);
      const msd = r.meanSurfaceDistanceMm;
      row(
        context,
        element,
        [reader],
        `mean_surface_distance_${unit}_vs_consensus`,
        1,
        msd,
        imageId,
      );
    });
  });
  // Every consensus contour in one buffer: 10,000 small typed arrays put as many buffers off the
  // heap (and keep the collector busy).
  const flat = new Float64Array(outlines.reduce((n, o) => n + o.points.length, 0));
  let offset = 0;
  for (const { imageId, points, exact, readers } of outlines) {
    flat.set(points, offset);
    const view = flat.subarray(offset, offset + points.length);
    offset += points.length;
    context.consensusOutlines!.push({ imageId, tool: element.tool, points: view, exact, readers });
  }
  const pairs = readerPairs.flatMap(([i, j], pair) => {
    const figures = perPair[pair]!;
    if (figures.dice.length === 0) return [];
    const result = { readers: [i, j] as [number, number], ...figures.summaries() };
    row(context, element, [i, j], 'mean_dice', result.dice.n, {
      value: result.dice.mean,
      ci95: result.dice.ci95,
    });
    return [result];
  });
  const vsConsensus = perReader.flatMap((figures, reader) => {
    if (figures.dice.length === 0) return [];
    const result = { reader, ...figures.summaries() };
    const summaryRow = (statistic: string, s: Summary) =>
      row(context, element, [reader], statistic, s.n, { value: s.mean, ci95: s.ci95 });
    summaryRow('mean_dice_vs_consensus', result.dice);
    summaryRow('mean_iou_vs_consensus', result.iou);
    summaryRow(`mean_hausdorff_${unit}_vs_consensus`, result.hausdorff);
    summaryRow(`mean_surface_distance_${unit}_vs_consensus`, result.meanSurfaceDistance);
    return [result];
  });
  return {
    kind: 'contours',
    key: element.key,
    title: element.title,
    unit,
    images,
    pairs,
    consensus: {
      ...consensus,
      gridCellsPerSide: CONSENSUS_CELLS_PER_SIDE,
      minCellPx: CONSENSUS_MIN_CELL_PX,
    },
    vsConsensus,
  };
}

function keypointsResult(
  context: Context,
  element: Extract<Element, { kind: 'keypoints' }>,
): KeypointsResult {
  const readers = context.input.readers.length;
  const distances = new Map<string, number[]>();
  tableOf(context, (s) => s.keypoints[element.key]).forEach((placed, image) => {
    const spacing = context.spacings[image] ?? [1, 1];
    for (const [i, j] of pairsOf(readers)) {
      const a = placed[i];
      const b = placed[j];
      if (!a || !b) continue;
      for (const [name, d] of Object.entries(keypointDistances(a, b, spacing))) {
        const key = `${name}\n${i},${j}`;
        const list = distances.get(key) ?? [];
        list.push(d);
        distances.set(key, list);
      }
    }
    for (const name of element.points) {
      const points = placed.flatMap((p): Point[] => (p?.[name] ? [p[name]] : []));
      const spread = largestSpread(points, context.spacings[image] ?? null);
      if (spread > context.input.thresholds.maxKeypointMm) {
        flag(
          context,
          image,
          `${element.title} ${name}: ${spread.toFixed(1)} ${context.unit} apart`,
        );
      }
    }
  });
  return {
    kind: 'keypoints',
    key: element.key,
    title: element.title,
    unit: context.unit,
    points: element.points.map((name) => ({
      name,
      pairs: pairsOf(readers).flatMap(([i, j]) => {
        const list = distances.get(`${name}\n${i},${j}`);
        if (!list) return [];
        const distance = summarise(list, NON_NEGATIVE);
        row(context, element, [i, j], `${name}_mean_distance_${context.unit}`, distance.n, {
          value: distance.mean,
          ci95: distance.ci95,
        });
        return [{ readers: [i, j] as [number, number], distance }];
      }),
    })),
  };
}

function blandAltmanOf(
  first: readonly (number | null)[],
  second: readonly (number | null)[],
): BlandAltmanResult | null {
  return attempt(() => {
    const ba = blandAltman(first, second);
    const every = Math.max(1, Math.ceil(ba.points.length / BLAND_ALTMAN_POINTS));
    return {
      n: ba.points.length,
      bias: ba.bias,
      sd: ba.sdDifference,
      limitsOfAgreement: [...ba.limitsOfAgreement] as [number, number],
      biasCi95: [...ba.biasCi95] as [number, number],
      lowerLimitCi95: [...ba.lowerLimitCi95] as [number, number],
      upperLimitCi95: [...ba.upperLimitCi95] as [number, number],
      points: ba.points.filter((_, k) => k % every === 0),
    };
  }, null);
}

function measurementsResult(
  context: Context,
  element: Extract<Element, { kind: 'measurements' }>,
): MeasurementsResult {
  const table = tableOf(context, (s) => s.measurements[element.key]);
  const unit = element.key.startsWith('field:') ? element.unit : context.unit;
  const icc = attempt(() => {
    const r = intraclassCorrelation(table);
    const estimate = ({ icc: value, ci95 }: { icc: number; ci95: readonly [number, number] }) => ({
      value: finite(value),
      ci95: ci95.every(Number.isFinite) ? ([...ci95] as [number, number]) : null,
    });
    return { n: r.n, icc21: estimate(r.icc2), icc31: estimate(r.icc3) };
  }, null);
  if (icc) {
    row(context, element, [], 'icc_2_1', icc.n, icc.icc21);
    row(context, element, [], 'icc_3_1', icc.n, icc.icc31);
  }
  const column = (j: number) => table.map((r) => r[j] ?? null);
  const baRows = (readers: number[], ba: BlandAltmanResult | null, what: string) => {
    if (!ba) return;
    row(context, element, readers, `${what}bias`, ba.n, { value: ba.bias, ci95: ba.biasCi95 });
    row(context, element, readers, `${what}lower_limit_of_agreement`, ba.n, {
      value: ba.limitsOfAgreement[0],
      ci95: ba.lowerLimitCi95,
    });
    row(context, element, readers, `${what}upper_limit_of_agreement`, ba.n, {
      value: ba.limitsOfAgreement[1],
      ci95: ba.upperLimitCi95,
    });
  };
  const pairs = pairsOf(context.input.readers.length).flatMap(([i, j]) => {
    const ba = blandAltmanOf(column(i), column(j));
    baRows([i, j], ba, '');
    return ba ? [{ readers: [i, j] as [number, number], blandAltman: ba }] : [];
  });
  // Each reader against the median of the other readers of each image.
  const vsConsensus = context.input.readers.flatMap((_, i) => {
    const others = table.map((r) => {
      const values = r.filter((v, j): v is number => j !== i && v !== null);
      return values.length === 0 ? null : median(values);
    });
    const ba = blandAltmanOf(column(i), others);
    baRows([i], ba, 'vs_consensus_');
    return ba ? [{ reader: i, blandAltman: ba }] : [];
  });
  let images = 0;
  table.forEach((readings, image) => {
    const values = readings.filter((v): v is number => v !== null);
    if (values.length >= 2) images += 1;
    const why = measurementDisagreement(values, context.input.thresholds);
    if (why) flag(context, image, `${element.title}: ${why}`);
  });
  return {
    kind: 'measurements',
    key: element.key,
    title: element.title,
    unit,
    images,
    icc,
    pairs,
    vsConsensus,
  };
}

function elementResult(context: Context, element: Element): ElementResult {
  switch (element.kind) {
    case 'labels':
      return labelsResult(context, element);
    case 'contours':
      return contoursResult(context, element);
    case 'keypoints':
      return keypointsResult(context, element);
    case 'measurements':
      return measurementsResult(context, element);
  }
}

/**
 * Each reader's accuracy on the reference cases: a reading is correct when every labels element
 * of the template (image labels, checkboxes, single selects) gives the reference's answer.
 */
function referenceAccuracy(context: Context): ReferenceAccuracy[] {
  const { input } = context;
  const labels = elementsOf(input.definition).filter(
    (e): e is Extract<Element, { kind: 'labels' }> => e.kind === 'labels',
  );
  if (labels.length === 0 || input.referenceCases.length === 0) return [];
  const row = new Map(input.images.map((image, i) => [image.imageId, i]));
  const tallies = input.readers.map(() => ({ n: 0, correct: 0 }));
  for (const reference of input.referenceCases) {
    const image = row.get(reference.imageId);
    if (image === undefined) continue;
    const answer = JSON.parse(reference.payload) as AnnotationPayload;
    const summary = context.summaries[image]!;
    input.images[image]!.readers.forEach((reader, k) => {
      tallies[reader]!.n += 1;
      if (labels.every((e) => summary.labels[e.key]![k] === labelOf(e, answer))) {
        tallies[reader]!.correct += 1;
      }
    });
  }
  return tallies.flatMap(({ n, correct }, reader) => {
    if (n === 0) return [];
    const accuracy = correct / n;
    const ci95 = wilsonInterval(correct, n);
    return [
      {
        reader,
        n,
        correct,
        accuracy,
        ci95: ci95 && [ci95[0], ci95[1]],
        belowBar: input.minReferenceAccuracy !== null && accuracy < input.minReferenceAccuracy,
      },
    ];
  });
}

/** Each image's spacing when every image has one (figures in mm), else null for all (px). */
export function studySpacings(images: readonly { spacing: PixelSpacing | null }[]) {
  const mm = images.length > 0 && images.every((image) => image.spacing !== null);
  return images.map((image) => (mm ? image.spacing : null));
}

/**
 * The whole study from its images' summaries (JSON, one per image of `input`, in its order): the
 * report, the images to adjudicate, and what else is `wanted` (`outlines`: the images' outlines,
 * JSON, in the same order). Summaries are always read from JSON, fresh ones too, so a study
 * gives the same figures whether its summaries were stored or just computed.
 */
export function analyseStudy(
  input: StudyInput,
  summaries: readonly string[],
  wanted: { readonly csv: boolean; readonly outlines: readonly string[] | null },
): Omit<StudyOutput, 'summaries'> {
  const spacings = studySpacings(input.images);
  const context: Context = {
    input,
    summaries: summaries.map((json) => JSON.parse(json) as ImageSummary),
    spacings,
    unit: spacings[0] ? 'mm' : 'px',
    reasons: new Map(),
    rows: wanted.csv ? [] : null,
    outlines: wanted.outlines?.map((json) => JSON.parse(json) as ImageOutlines) ?? null,
    consensusOutlines: wanted.outlines ? [] : null,
  };
  const elements = elementsOf(input.definition).map((e) => elementResult(context, e));
  const readings = input.readers.map(() => 0);
  for (const image of input.images) for (const reader of image.readers) readings[reader]! += 1;
  const report: Omit<AgreementReport, 'methods'> = {
    collectionId: input.collectionId,
    readers: input.readers.map((r, j) => ({ ...r, readings: readings[j]! })),
    images: input.images.filter((image) => image.readers.length > 0).length,
    imagesWithTwoReadings: input.images.filter((image) => image.readers.length >= 2).length,
    elements,
    thresholds: input.thresholds,
    disagreements: context.reasons.size,
    referenceAccuracy: referenceAccuracy(context),
    minReferenceAccuracy: input.minReferenceAccuracy,
  };
  for (const r of report.referenceAccuracy) {
    context.rows?.push([
      'reference_cases',
      null,
      input.readers[r.reader]!.email,
      null,
      'accuracy',
      r.n,
      r.accuracy,
      r.ci95?.[0] ?? null,
      r.ci95?.[1] ?? null,
    ]);
  }
  return {
    report: { ...report, methods: methodsParagraph(report) },
    disagreements: [...context.reasons].map(([imageId, reasons]) => ({ imageId, reasons })),
    csv: context.rows && toCsv(CSV_HEADER, context.rows),
    consensusOutlines: context.consensusOutlines,
  };
}
