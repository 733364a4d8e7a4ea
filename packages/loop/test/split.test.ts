import { describe, expect, it } from 'vitest';
import { createRng, splitDataset, splitSizesProblem, type Dataset } from '../src/index.js';
import { blobs } from './fixtures.js';

// Unbalanced classes: 70% class 0, 30% class 1.
const train = blobs(1000, 10, 2, 1, 3);
const labels = train.labels.map((l) => (l < 7 ? 0 : 1));
const dataset: Dataset = { train: { ...train, labels }, classNames: ['a', 'b'] };
const sizes = { test: 100, validation: 100, initial: 4, batch: 50, batches: 5 };

describe('experiment splits', () => {
  it('makes disjoint sets with a class-balanced V and every class in D0', () => {
    const split = splitDataset(dataset, sizes, createRng(1));
    expect(split.validation.labels.filter((l) => l === 1)).toHaveLength(50);
    expect(new Set(split.initial.labels)).toEqual(new Set([0, 1]));
    expect(split.batches.map((b) => b.ids.length)).toEqual([50, 50, 50, 50, 50]);
    const ids = split.batches.flatMap((b) => Array.from(b.ids));
    expect(new Set(ids).size).toBe(250);
    expect(split.fullyLabeled.count).toBe(254);
  });

  it('draws batches with the data set class shares (no hole left by V)', () => {
    let minority = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const first = splitDataset(dataset, sizes, createRng(seed)).batches[0]!;
      minority += Array.from(first.ids).filter((id) => labels[id] === 1).length;
    }
    // 20 batches of 50 from a 30% class: 300 expected, sd about 14.
    expect(minority).toBeGreaterThan(250);
    expect(minority).toBeLessThan(350);
  });

  it('is reproducible from the seed', () => {
    const a = splitDataset(dataset, sizes, createRng(5));
    const b = splitDataset(dataset, sizes, createRng(5));
    expect(a.batches[2]!.ids).toEqual(b.batches[2]!.ids);
    expect(splitDataset(dataset, sizes, createRng(6)).batches[2]!.ids).not.toEqual(
      a.batches[2]!.ids,
    );
  });
});

describe('split sizes that cannot work', () => {
  // 768 samples of 2 classes, as the tabular set that used to hang.
  const small: Dataset = { train: blobs(768, 2, 8, 1, 4), classNames: ['no', 'yes'] };
  const withTestSplit: Dataset = { ...small, test: blobs(100, 2, 8, 1, 5) };
  const fits = { test: 100, validation: 100, initial: 20, batch: 100, batches: 5 };
  const problem = (sizes: Partial<typeof fits>, data = small): string | undefined =>
    splitSizesProblem(data, { ...fits, ...sizes });

  it('accepts sizes that fit, up to a last partial batch', () => {
    // Pool: 768 - 100 - 100 - 20 = 548 samples, 6 batches of 100 (the last one 48).
    expect(problem({})).toBeUndefined();
    expect(problem({ batches: 6 })).toBeUndefined();
    // A test split smaller than asked is used whole.
    expect(problem({ test: 10_000, batches: 1 }, withTestSplit)).toBeUndefined();
  });

  it('names the size and what fits, in one line', () => {
    const cases: [Partial<typeof fits>, string, Dataset?][] = [
      [
        { test: 800 },
        'test 800 does not fit: 768 samples less validation 100, initial 20 and one batch leave at most 647',
      ],
      [{ test: 0 }, 'test 0: at least 1 test sample'],
      [{ validation: 1 }, 'validation 1 leaves a class out of V: at least 2, one per class'],
      [{ initial: 0 }, 'initial 0: D0 needs at least 1 sample (2 hold every class)'],
      [{ batch: 0 }, 'batch 0: at least 1'],
      [
        { validation: 3500, initial: 1000 },
        'validation 3500 and initial 1000 leave no samples for the test set and batches among 768: together at most 766',
      ],
      [
        { validation: 700, initial: 100 },
        'validation 700 and initial 100 leave no samples for batches among 768: together at most 767',
        withTestSplit,
      ],
      [{ batches: 0 }, 'batches 0: at least 1; the pool of 548 samples holds 6 of batch 100'],
      [
        { batches: 20 },
        'batches 20 do not fit: the pool of 548 samples holds at most 6 of batch 100 (or give batches all)',
      ],
    ];
    for (const [sizes, message, data] of cases) {
      expect(problem(sizes, data)).toBe(message);
    }
  });
});
