import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabeledSamples, Samples } from '../src/classifier.js';
import { CnnClassifier, createCnnFactory, type CnnOptions } from '../src/cnn/index.js';
import { fashionMnist } from './cnn-fixtures.js';

const small: CnnOptions = { epochs: 1, architecture: { filters: [8, 16], denseUnits: 32 } };

function accuracy(proba: Float32Array, data: LabeledSamples, classCount: number): number {
  let correct = 0;
  for (let i = 0; i < data.count; i++) {
    const row = Array.from(proba.subarray(i * classCount, (i + 1) * classCount));
    if (row.indexOf(Math.max(...row)) === data.labels[i]) correct++;
  }
  return correct / data.count;
}

function firstRows(data: Samples, count: number): Samples {
  const size = data.values.length / data.count;
  return { shape: data.shape, count, values: data.values.subarray(0, count * size) };
}

describe('CNN classifier', { timeout: 60_000 }, () => {
  let train: LabeledSamples;
  let test: LabeledSamples;
  beforeAll(async () => {
    await createCnnFactory();
    train = fashionMnist('train', 1200);
    test = fashionMnist('t10k', 400);
  });

  it('learns Fashion-MNIST far above chance in a few epochs', async () => {
    const cnn = new CnnClassifier(10, { epochs: 3, seed: 1 });
    const progress: number[] = [];
    await cnn.fit(train, { onProgress: (p) => progress.push(p.fraction) });
    const proba = await cnn.predictProba(test);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
    for (let i = 0; i < test.count; i++) {
      const sum = proba.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    expect(accuracy(proba, test, 10)).toBeGreaterThan(0.65);
    cnn.dispose();
  });

  it('trains on a class subset and round-trips through save/load with identical predictions', async () => {
    const subset = fashionMnist('train', 300, [0, 1, 8]);
    const cnn = new CnnClassifier(3, { ...small, seed: 2 });
    await cnn.fit(subset);
    const before = await cnn.predictProba(firstRows(test, 50));
    const bytes = await cnn.save();
    cnn.dispose();
    const restored = new CnnClassifier(3, small);
    await restored.load(bytes);
    expect(await restored.predictProba(firstRows(test, 50))).toEqual(before);
    expect(Array.from(await restored.predictLogits(firstRows(test, 1)))).toHaveLength(3);
    restored.dispose();
    await expect(new CnnClassifier(3).load(new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });

  it('is reproducible from its seed, and warm start continues from the previous weights', async () => {
    const data = fashionMnist('train', 200);
    const sample = firstRows(test, 20);
    const predictAfterFits = async (options: CnnOptions, fits: number): Promise<Float32Array> => {
      const cnn = new CnnClassifier(10, options);
      for (let i = 0; i < fits; i++) await cnn.fit(data);
      const proba = await cnn.predictProba(sample);
      cnn.dispose();
      return proba;
    };
    const once = await predictAfterFits({ ...small, seed: 3 }, 1);
    expect(await predictAfterFits({ ...small, seed: 3 }, 1)).toEqual(once);
    expect(await predictAfterFits({ ...small, seed: 4 }, 1)).not.toEqual(once);
    // Reset policy: a second fit starts from the seeded weights again, but reshuffles.
    expect(await predictAfterFits({ ...small, seed: 3 }, 2)).not.toEqual(once);
    const warm = await predictAfterFits({ ...small, seed: 3, warmStart: true }, 2);
    expect(warm).not.toEqual(once);
    expect(new CnnClassifier(10, { warmStart: true }).warmStart).toBe(true);
  });

  it('trains on one thread or on data-parallel workers, each reproducible from its seed', async () => {
    const data = fashionMnist('train', 256);
    const sample = firstRows(test, 20);
    const epochs: number[] = [];
    const predictWith = async (threads: number): Promise<Float32Array> => {
      // Small batches: many steps, so the workers cross their barrier many times.
      const cnn = new CnnClassifier(10, { ...small, epochs: 2, batchSize: 8, seed: 5, threads });
      // The loop scores V after every epoch: the caller's model must hold the workers' weights.
      await cnn.fit(data, {
        onEpochEnd: async (epoch) => {
          epochs.push(epoch);
          await cnn.predictProba(sample);
        },
      });
      const proba = await cnn.predictProba(sample);
      cnn.dispose();
      return proba;
    };
    const two = await predictWith(2);
    expect(await predictWith(2)).toEqual(two);
    const one = await predictWith(1);
    expect(await predictWith(1)).toEqual(one);
    // Two workers draw other dropout masks than one thread: another, equally valid fit.
    expect(one).not.toEqual(two);
    expect(epochs).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
    expect(() => new CnnClassifier(10, { threads: 0 })).toThrow('threads');
  }, 180_000);

  it('stops with an AbortError when cancelled and refuses an empty training set', async () => {
    const cnn = new CnnClassifier(10, { ...small, epochs: 5 });
    const controller = new AbortController();
    const epochs: number[] = [];
    const fit = cnn.fit(train, {
      signal: controller.signal,
      onProgress: (p) => {
        epochs.push(p.epoch);
        controller.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(epochs).toEqual([1]);
    const empty = { ...train, count: 0, values: new Float32Array(0), labels: new Int32Array(0) };
    await expect(cnn.fit(empty)).rejects.toThrow('empty');
    cnn.dispose();
  });

  it('holds no tensors after dispose and stays flat across rounds', async () => {
    const data = fashionMnist('train', 128);
    const start = tf.memory().numTensors;
    const cnn = new CnnClassifier(10, { ...small, warmStart: true });
    await cnn.fit(data);
    await cnn.predictProba(firstRows(test, 10));
    const afterOne = tf.memory().numTensors;
    await cnn.fit(data);
    await cnn.predictProba(firstRows(test, 10));
    expect(tf.memory().numTensors).toBe(afterOne);
    cnn.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
