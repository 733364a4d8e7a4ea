import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../src/cnn/backend.js';
import { RELU_MAX_POOL_GRAD } from '../src/cnn/js-kernels.js';

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

/** A tensor of that shape filled with values(size, seed). */
function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );
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
  const x = seeded(c.x, 1) as tf.Tensor4D;
  const f = seeded(c.filter, 2) as tf.Tensor4D;
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
  // 2,700 output positions: the filter gradient in parts of two images and one.
  { x: [3, 30, 30, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'same' },
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

  const pools: {
    shape: [number, number, number, number];
    size: number;
    strides: number;
    pad: 'same' | 'valid';
  }[] = [
    { shape: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
    { shape: [2, 7, 9, 2], size: 3, strides: 2, pad: 'same' },
    { shape: [1, 6, 6, 4], size: 3, strides: 1, pad: 'same' },
    { shape: [3, 5, 5, 1], size: 2, strides: 2, pad: 'valid' },
  ];

  it.each(pools)('max pool gradients match the cpu backend: %j', async (p) => {
    const run = async (backend: string): Promise<Float32Array> => {
      await tf.setBackend(backend);
      const x = seeded(p.shape, 5) as tf.Tensor4D;
      const pooled = tf.maxPool(x, p.size, p.strides, p.pad);
      const weights = tf.tensor(values(pooled.size, 6), pooled.shape);
      const dx = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, p.size, p.strides, p.pad), weights)),
      )(x);
      const result = (await dx.data()) as Float32Array;
      tf.dispose([x, pooled, weights, dx]);
      return result;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(cpu.some((v) => v !== 0)).toBe(true);
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i]!, 5);
  });

  it.each(pools)(
    'the ReLU-gated pool gradient matches the cpu backend, ties and zeros included: %j',
    async (p) => {
      // Values in steps of 0.25 from -1: many windows tie, and the ReLU zeroes about half.
      const count = p.shape.reduce((a, b) => a * b, 1);
      const x = tf.tensor4d(
        values(count, 11).map((v) => Math.round(v * 4) / 4),
        p.shape,
      );
      const pool = (a: tf.Tensor4D) => tf.maxPool(a, p.size, p.strides, p.pad);
      await tf.setBackend('cpu');
      const weights = tf.tensor(values(pool(x).size, 12), pool(x).shape);
      const cpu = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(pool(tf.relu(a as tf.Tensor4D)), weights)),
      )(x);
      const expected = (await cpu.data()) as Float32Array;
      await tf.setBackend('wasm');
      const relu = tf.relu(x);
      const wasm = tf
        .engine()
        .runKernel<tf.Tensor4D>(
          RELU_MAX_POOL_GRAD,
          { dy: weights, input: relu },
          { filterSize: [p.size, p.size], strides: [p.strides, p.strides], pad: p.pad },
        );
      const actual = (await wasm.data()) as Float32Array;
      expect(expected.filter((v) => v !== 0).length).toBeGreaterThan(p.shape[0]);
      // Overlapping windows add in another order than the cpu backend's; -0 and 0 are equal.
      for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 6);
      tf.dispose([x, weights, cpu, relu, wasm]);
    },
  );

  it.each([[[0, 1, 2]], [[0]], [[1, 0]], [[0, 1, 2, 3]], [[2, 3]], [[1]]])(
    'sums over axes %j as the cpu backend does',
    async (axes) => {
      const run = async (backend: string, keepDims: boolean): Promise<[number[], Float32Array]> => {
        await tf.setBackend(backend);
        const x = tf.tensor4d(values(2 * 3 * 4 * 5, 7), [2, 3, 4, 5]);
        const sum = tf.sum(x, axes, keepDims);
        const result: [number[], Float32Array] = [sum.shape, (await sum.data()) as Float32Array];
        tf.dispose([x, sum]);
        return result;
      };
      for (const keepDims of [false, true]) {
        const [cpuShape, cpu] = await run('cpu', keepDims);
        const [wasmShape, wasm] = await run('wasm', keepDims);
        expect(wasmShape).toEqual(cpuShape);
        for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i]!, 4);
      }
    },
  );

  it.each([
    { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
    { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { a: [1, 7, 5], b: [1, 3, 7], transposeA: true, transposeB: true },
    { a: [2, 7, 5], b: [2, 7, 3], transposeA: true, transposeB: false },
    // Wide products run swapped, (B^T A^T)^T.
    { a: [4, 6], b: [40, 6], transposeA: false, transposeB: true },
    { a: [1, 6, 4], b: [1, 40, 6], transposeA: true, transposeB: true },
  ])('multiplies transposed matrices as the cpu backend does: %j', async (m) => {
    const run = async (backend: string): Promise<[number[], Float32Array]> => {
      await tf.setBackend(backend);
      const a = seeded(m.a, 8);
      const b = seeded(m.b, 9);
      const product = tf.matMul(a, b, m.transposeA, m.transposeB);
      const result: [number[], Float32Array] = [
        product.shape,
        (await product.data()) as Float32Array,
      ];
      tf.dispose([a, b, product]);
      return result;
    };
    const [cpuShape, cpu] = await run('cpu');
    const before = tf.memory().numTensors;
    const [wasmShape, wasm] = await run('wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(wasmShape).toEqual(cpuShape);
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i]!, 5);
  });

  it('clones without copying the data, and a clone outlives its original', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const buffers = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
  });

  it('leaves no tensors behind after a backward pass', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    await gradients('wasm', cases[2]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
