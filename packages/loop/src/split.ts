/**
 * The experiment protocol's splits for one seed: a test set, a class-balanced validation set V,
 * the initial labelled set D0 (at least one sample of each class when it is large enough), and
 * the unlabelled batches, in random order.
 */
import type { LabeledSamples } from './classifier.js';
import type { UnlabeledBatch } from './loop.js';
import { permutation, shuffled, type Rng } from './random.js';
import { take, takeLabeled } from './samples.js';

export interface Dataset {
  readonly train: LabeledSamples;
  /** A separate test set when the dataset has one (IDX); otherwise it is held out of train. */
  readonly test?: LabeledSamples;
  readonly classNames: readonly string[];
}

export interface SplitSizes {
  readonly test: number;
  readonly validation: number;
  readonly initial: number;
  readonly batch: number;
  readonly batches: number;
}

export interface Split {
  readonly test: LabeledSamples;
  readonly validation: LabeledSamples;
  readonly initial: LabeledSamples;
  readonly batches: UnlabeledBatch[];
  /** D0 and every batch with true labels: what full supervision trains on. */
  readonly fullyLabeled: LabeledSamples;
}

/** Samples left for the unlabelled batches after the test set (when held out), V and D0. */
export function poolSize(
  dataset: Dataset,
  sizes: Pick<SplitSizes, 'test' | 'validation' | 'initial'>,
): number {
  const heldOutTest = dataset.test ? 0 : sizes.test;
  return dataset.train.count - heldOutTest - sizes.validation - sizes.initial;
}

/**
 * Why these sizes cannot split this dataset, in one line that says what would fit (the sizes
 * named as the CLI's options are); undefined when they can. Checked before any training: an
 * impossible split used to train on empty sets until killed. A separate test split smaller than
 * `test` is used whole, as the CLI's default of 10,000 expects for class subsets.
 */
export function splitSizesProblem(dataset: Dataset, sizes: SplitSizes): string | undefined {
  const { test, validation, initial, batch, batches } = sizes;
  const total = dataset.train.count;
  const classCount = dataset.classNames.length;
  if (test < 1) return `test ${test}: at least 1 test sample`;
  if (validation < classCount)
    return `validation ${validation} leaves a class out of V: at least ${classCount}, one per class`;
  if (initial < 1)
    return `initial ${initial}: D0 needs at least 1 sample (${classCount} hold every class)`;
  if (batch < 1) return `batch ${batch}: at least 1`;
  const pool = poolSize(dataset, sizes);
  if (pool < 1) {
    const testRoom = total - validation - initial - 1;
    if (!dataset.test && testRoom >= 1)
      return `test ${test} does not fit: ${total} samples less validation ${validation}, initial ${initial} and one batch leave at most ${testRoom}`;
    const others = dataset.test ? 'batches' : 'the test set and batches';
    const most = total - (dataset.test ? 1 : 2);
    return `validation ${validation} and initial ${initial} leave no samples for ${others} among ${total}: together at most ${most}`;
  }
  const fit = Math.ceil(pool / batch);
  if (batches < 1)
    return `batches ${batches}: at least 1; the pool of ${pool} samples holds ${fit} of batch ${batch}`;
  if (batches > fit)
    return `batches ${batches} do not fit: the pool of ${pool} samples holds at most ${fit} of batch ${batch} (or give batches all)`;
  return undefined;
}

export function splitDataset(dataset: Dataset, sizes: SplitSizes, rng: Rng): Split {
  const { train } = dataset;
  const classCount = dataset.classNames.length;
  let remaining = permutation(train.count, rng);
  let test: LabeledSamples;
  if (dataset.test) {
    test = takeLabeled(dataset.test, permutation(dataset.test.count, rng).slice(0, sizes.test));
  } else {
    test = takeLabeled(train, remaining.slice(0, sizes.test));
    remaining = remaining.slice(sizes.test);
  }

  const validationRows = balancedPick(remaining, train.labels, classCount, sizes.validation);
  remaining = without(remaining, validationRows);
  const initialRows = stratifiedPick(remaining, train.labels, classCount, sizes.initial);
  remaining = without(remaining, initialRows);

  // Picking V and D0 by class skews the order of what is left (rows of a class whose quota
  // filled late are gone from the front), so the pool is shuffled again.
  const poolRows = shuffled(remaining, rng).slice(0, sizes.batch * sizes.batches);
  const batches: UnlabeledBatch[] = [];
  for (let start = 0; start < poolRows.length; start += sizes.batch) {
    const rows = poolRows.slice(start, start + sizes.batch);
    batches.push({ ids: Int32Array.from(rows), samples: take(train, rows) });
  }
  return {
    test,
    validation: takeLabeled(train, validationRows),
    initial: takeLabeled(train, initialRows),
    batches,
    fullyLabeled: takeLabeled(train, [...initialRows, ...poolRows]),
  };
}

/** An equal number per class (the first classes get the remainder), fewer if a class runs out. */
function balancedPick(
  rows: readonly number[],
  labels: Int32Array,
  classCount: number,
  size: number,
): number[] {
  const quota = Array.from(
    { length: classCount },
    (_, k) => Math.floor(size / classCount) + (k < size % classCount ? 1 : 0),
  );
  return rows.filter((row) => {
    const k = labels[row]!;
    if (quota[k]! === 0) return false;
    quota[k]!--;
    return true;
  });
}

/** One of each class first (when size allows), then the next rows in random order. */
function stratifiedPick(
  rows: readonly number[],
  labels: Int32Array,
  classCount: number,
  size: number,
): number[] {
  const picked = new Set<number>();
  if (size >= classCount) {
    const seen = new Set<number>();
    for (const row of rows) {
      if (!seen.has(labels[row]!)) {
        seen.add(labels[row]!);
        picked.add(row);
      }
    }
  }
  for (const row of rows) {
    if (picked.size >= size) break;
    picked.add(row);
  }
  return [...picked];
}

function without(rows: readonly number[], removed: readonly number[]): number[] {
  const gone = new Set(removed);
  return rows.filter((row) => !gone.has(row));
}
