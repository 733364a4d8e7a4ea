/**
 * Multinomial logistic regression (softmax) with L2 regularisation, trained by mini-batch
 * Adam on standardised features, the learning rate decayed to zero over each fit (cosine) so
 * the last iterate settles. Pure TypeScript: the fast baseline of the loop. A second fit()
 * continues from the current weights (warm start) and keeps the first fit's feature scaling,
 * which the weights are expressed in.
 */
import type { Classifier, FitOptions, LabeledSamples, Samples } from '../classifier.js';
import { createRng, permutation } from '../random.js';
import { decodeModel, encodeModel, pause } from './serialization.js';
import { fitStandardizer, standardize, type Standardizer } from './standardizer.js';

export interface LogisticOptions {
  readonly seed?: number;
  readonly epochs?: number;
  /** At least this many optimiser steps, so tiny training sets are fitted too. */
  readonly minSteps?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly l2?: number;
}

interface State {
  standardizer: Standardizer;
  /** [features x classes] weights then [classes] biases. */
  weights: number[];
  biases: number[];
}

export function createLogisticRegression(
  classCount: number,
  options: LogisticOptions = {},
): Classifier {
  const {
    seed = 1,
    epochs = 30,
    minSteps = 300,
    batchSize = 32,
    learningRate = 0.01,
    l2 = 1e-3,
  } = options;
  let state: State | undefined;

  const logitsInto = (
    x: Float64Array,
    row: number,
    features: number,
    s: State,
    out: Float64Array,
  ): void => {
    for (let k = 0; k < classCount; k++) out[k] = s.biases[k]!;
    for (let f = 0; f < features; f++) {
      const v = x[row * features + f]!;
      if (v === 0) continue;
      const base = f * classCount;
      for (let k = 0; k < classCount; k++) out[k] = out[k]! + v * s.weights[base + k]!;
    }
    let max = -Infinity;
    for (let k = 0; k < classCount; k++) max = Math.max(max, out[k]!);
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += out[k] = Math.exp(out[k]! - max);
    for (let k = 0; k < classCount; k++) out[k] = out[k]! / sum;
  };

  return {
    name: 'logreg',
    classCount,
    warmStart: true,
    async fit(data: LabeledSamples, { signal, onProgress, onEpochEnd }: FitOptions = {}) {
      const s: State = state ?? freshState(fitStandardizer(data), classCount);
      const features = s.standardizer.means.length;
      const x = standardize(data, s.standardizer);
      const rng = createRng(seed);
      const stepsPerEpoch = Math.ceil(data.count / batchSize);
      const totalEpochs = Math.max(epochs, Math.ceil(minSteps / stepsPerEpoch));
      const totalSteps = totalEpochs * stepsPerEpoch;
      const params = s.weights.length + classCount;
      const m = new Float64Array(params);
      const v = new Float64Array(params);
      const grad = new Float64Array(params);
      const probs = new Float64Array(classCount);
      let step = 0;
      for (let epoch = 1; epoch <= totalEpochs; epoch++) {
        signal?.throwIfAborted();
        const order = permutation(data.count, rng);
        let loss = 0;
        for (let start = 0; start < data.count; start += batchSize) {
          const rows = order.slice(start, start + batchSize);
          grad.fill(0);
          for (const row of rows) {
            logitsInto(x, row, features, s, probs);
            const label = data.labels[row]!;
            loss -= Math.log(Math.max(1e-12, probs[label]!));
            for (let k = 0; k < classCount; k++) {
              const d = (probs[k]! - (k === label ? 1 : 0)) / rows.length;
              grad[s.weights.length + k] = grad[s.weights.length + k]! + d;
              for (let f = 0; f < features; f++)
                grad[f * classCount + k] = grad[f * classCount + k]! + d * x[row * features + f]!;
            }
          }
          for (let w = 0; w < s.weights.length; w++) grad[w] = grad[w]! + l2 * s.weights[w]!;
          const rate = (learningRate * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2;
          step++;
          adamStep(s, grad, m, v, step, rate);
        }
        onProgress?.({
          epoch,
          epochs: totalEpochs,
          fraction: epoch / totalEpochs,
          loss: loss / data.count,
        });
        if (onEpochEnd) {
          state = s;
          await onEpochEnd(epoch);
        }
        await pause();
      }
      state = s;
    },
    predictProba(samples: Samples) {
      if (!state) throw new Error('logreg: fit or load first');
      const s = state;
      const features = s.standardizer.means.length;
      const x = standardize(samples, s.standardizer);
      const out = new Float32Array(samples.count * classCount);
      const probs = new Float64Array(classCount);
      for (let row = 0; row < samples.count; row++) {
        logitsInto(x, row, features, s, probs);
        out.set(probs, row * classCount);
      }
      return Promise.resolve(out);
    },
    save() {
      if (!state) throw new Error('logreg: nothing to save');
      return Promise.resolve(encodeModel('logreg', { classCount, ...state }));
    },
    load(bytes: Uint8Array) {
      const loaded = decodeModel<State & { classCount: number }>('logreg', bytes);
      if (loaded.classCount !== classCount) throw new Error('logreg: class count differs');
      state = { standardizer: loaded.standardizer, weights: loaded.weights, biases: loaded.biases };
      return Promise.resolve();
    },
    dispose() {
      state = undefined;
    },
  };
}

function freshState(standardizer: Standardizer, classCount: number): State {
  return {
    standardizer,
    weights: new Array<number>(standardizer.means.length * classCount).fill(0),
    biases: new Array<number>(classCount).fill(0),
  };
}

function adamStep(
  s: State,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  lr: number,
): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const correction = Math.sqrt(1 - b2 ** t) / (1 - b1 ** t);
  const weightCount = s.weights.length;
  for (let p = 0; p < grad.length; p++) {
    m[p] = b1 * m[p]! + (1 - b1) * grad[p]!;
    v[p] = b2 * v[p]! + (1 - b2) * grad[p]! ** 2;
    const delta = (lr * correction * m[p]!) / (Math.sqrt(v[p]!) + 1e-8);
    if (p < weightCount) s.weights[p] = s.weights[p]! - delta;
    else s.biases[p - weightCount] = s.biases[p - weightCount]! - delta;
  }
}
