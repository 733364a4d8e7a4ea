import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxRows,
  createLogisticRegression,
  createRng,
  createSvmFactory,
  permutation,
  takeLabeled,
  type Classifier,
} from '@medlabel/loop';
import { loadDataset } from '../src/datasets/index.js';

const dataset = await loadDataset(
  `csv:${join(import.meta.dirname, '../fixtures/wbc/wbc_original.csv')}`,
  {
    labelColumn: 'Class',
    ignoreColumns: ['Id'],
  },
);
const order = permutation(699, createRng(1));
const train = takeLabeled(dataset.train, order.slice(0, 500));
const test = takeLabeled(dataset.train, order.slice(500));

async function testAccuracy(model: Classifier): Promise<number> {
  await model.fit(train);
  return accuracy(argmaxRows(await model.predictProba(test), 2).labels, test.labels);
}

describe('classifiers on WBC (Breast Cancer Wisconsin, 16 missing values)', () => {
  it('logistic regression reaches over 94% test accuracy', async () => {
    expect(await testAccuracy(createLogisticRegression(2, { seed: 1 }))).toBeGreaterThan(0.94);
  });

  it('the SVM reaches over 94% test accuracy', async () => {
    const factory = await createSvmFactory();
    expect(await testAccuracy(factory(2, [9]))).toBeGreaterThan(0.94);
  });
});
