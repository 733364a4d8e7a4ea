import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../src/cnn/backend.js';

/** Seeded values in [-1, 1) so both backends see identical inputs. */
function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface Case {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly strides: number;
  readonly pad: 'same' | 'valid';
}

/** Gradients of a weighted sum of conv2d outputs w.r.t. input and filter, on one backend. */
async function gradients(backend: string, c: Case): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(
    values(
      c.x.reduce((a, b) => a * b),
      1,
    ),
    c.x,
  );
  const f = tf.tensor4d(
    values(
      c.filter.reduce((a, b) => a * b),
      2,
    ),
    c.filter,
  );
  const out = tf.conv2d(x, f, c.strides, c.pad);
  const weights = tf.tensor(values(out.size, 3), out.shape);
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), weights)),
  );
  const [dx, df] = g([x, f]);
  const result: [Float32Array, Float32Array] = [
    (await dx!.data()) as Float32Array,
    (await df!.data()) as Float32Array,
  ];
  tf.dispose([x, f, out, weights, dx!, df!]);
  return result;
}

const cases: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [3, 8, 9, 2], filter: [3, 3, 2, 5], strides: 2, pad: 'same' },
  { x: [3, 9, 8, 2], filter: [3, 3, 2, 5], strides: 2, pad: 'valid' },
  { x: [1, 10, 10, 1], filter: [5, 5, 1, 2], strides: 3, pad: 'same' },
  { x: [2, 11, 10, 4], filter: [2, 4, 4, 3], strides: 2, pad: 'valid' },
  { x: [4, 6, 6, 1], filter: [1, 1, 1, 6], strides: 1, pad: 'valid' },
  { x: [2, 6, 7, 3], filter: [2, 2, 3, 2], strides: 1, pad: 'same' },
  { x: [2, 9, 9, 2], filter: [5, 5, 2, 3], strides: 1, pad: 'same' },
];

describe('wasm training backend', () => {
  beforeAll(async () => {
    await initTrainingBackend();
  });

  it('runs on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it.each(cases)('conv2d gradients match the cpu backend: %j', async (c) => {
    const [dxCpu, dfCpu] = await gradients('cpu', c);
    const [dxWasm, dfWasm] = await gradients('wasm', c);
    expect(dfWasm.length).toBe(c.filter.reduce((a, b) => a * b));
    for (let i = 0; i < dfCpu.length; i++) expect(dfWasm[i]).toBeCloseTo(dfCpu[i]!, 4);
    for (let i = 0; i < dxCpu.length; i++) expect(dxWasm[i]).toBeCloseTo(dxCpu[i]!, 4);
  });

  it('leaves no tensors behind after a backward pass', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    await gradients('wasm', cases[2]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
