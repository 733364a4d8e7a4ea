import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../src/cnn/adam.js';
import { initTrainingBackend } from '../src/cnn/backend.js';

/** Seeded values in [-scale, scale). */
function values(count: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = (s / 2 ** 31 - 1) * scale;
  }
  return out;
}

describe('Adam on flat arrays', () => {
  beforeAll(async () => {
    await initTrainingBackend();
  });

  it("updates as TensorFlow.js' Adam does, bit for bit, also split into ranges", async () => {
    const size = 1000;
    const start = values(size, 1, 0.5);
    const rates = [0.002, 0.0019, 0.0015, 0.001, 0.0004, 0.00001];
    const gradients = rates.map((_, step) => values(size, 10 + step, 2 ** (step - 3)));

    const variable = tf.variable(tf.tensor1d(start));
    const optimizer = tf.train.adam(rates[0]);
    for (const [step, rate] of rates.entries()) {
      (optimizer as unknown as { learningRate: number }).learningRate = rate;
      const gradient = tf.tensor1d(gradients[step]!);
      optimizer.applyGradients([{ name: variable.name, tensor: gradient }]);
      gradient.dispose();
    }
    const reference = (await variable.data()) as Float32Array;

    const whole = Float32Array.from(start);
    const adam = new Adam(0, size);
    // Two workers' ranges, each summing two halves of the gradient in the same order.
    const split = Float32Array.from(start);
    const ranges = [new Adam(0, 400), new Adam(400, size)];
    for (const [step, rate] of rates.entries()) {
      adam.step(whole, [gradients[step]!], rate);
      const half = gradients[step]!.map((g) => g / 2);
      for (const range of ranges) range.step(split, [half, half], rate);
    }
    expect(whole).toEqual(reference);
    expect(split).toEqual(reference);
    expect(reference.some((v, i) => v !== start[i])).toBe(true);
    tf.dispose([variable]);
    optimizer.dispose();
  });
});
