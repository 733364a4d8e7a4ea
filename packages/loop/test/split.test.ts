import { describe, expect, it } from 'vitest';
import { createRng, splitDataset, type Dataset } from '../src/index.js';
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
