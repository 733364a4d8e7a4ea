import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentTransforms, transformBatch } from '../src/cnn/augment.js';
import { CnnClassifier, createCnnFactory, type CnnOptions } from '../src/cnn/index.js';
import { createRng } from '../src/index.js';
import { fashionMnist } from './cnn-fixtures.js';

const SIZE = 8;
/** An image with no symmetry: every pixel a different value. */
const image = Float32Array.from({ length: SIZE * SIZE }, (_, i) => i + 1);

/** `source` moved by (dx, dy), optionally mirrored first, zero outside: out(x, y) = in(x + dx, y + dy). */
function moved(source: Float32Array, dx: number, dy: number, mirror: boolean): Float32Array {
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const sx = (mirror ? SIZE - 1 - x : x) + dx;
      const sy = y + dy;
      if (sx >= 0 && sx < SIZE && sy >= 0 && sy < SIZE) out[y * SIZE + x] = source[sy * SIZE + sx]!;
    }
  }
  return out;
}

/** For each augmented copy: whether it is a shifted image, a shifted mirror image, or neither. */
async function classify(flip: boolean): Promise<('shifted' | 'mirrored' | 'other')[]> {
  const count = 64;
  const batch = tf.tensor4d(
    Float32Array.from({ length: count * image.length }, (_, i) => image[i % image.length]!),
    [count, SIZE, SIZE, 1],
  );
  const augmented = transformBatch(
    batch,
    augmentTransforms(count, SIZE, { maxShift: 2, flip }, createRng(3)),
  );
  const values = await augmented.data();
  tf.dispose([batch, augmented]);
  const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
    Array.from(a).every((v, i) => v === b[i]);
  return Array.from({ length: count }, (_, n) => {
    const copy = values.subarray(n * image.length, (n + 1) * image.length);
    for (const mirror of [false, true]) {
      for (let dx = -2; dx <= 2; dx++) {
        for (let dy = -2; dy <= 2; dy++) {
          if (same(copy, moved(image, dx, dy, mirror))) return mirror ? 'mirrored' : 'shifted';
        }
      }
    }
    return 'other';
  });
}

describe('CNN augmentation is safe for medical images by default', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await createCnnFactory();
  });

  it('by default shifts and never mirrors; flips only for a mirror-invariant task', () => {
    expect(new CnnClassifier(2).augmentation).toEqual({ maxShift: 2, flip: false });
    expect(new CnnClassifier(2).mirrorAtTest).toBe(false);
    const invariant = new CnnClassifier(2, { mirrorInvariant: true });
    expect(invariant.augmentation).toEqual({ maxShift: 2, flip: true });
    expect(invariant.mirrorAtTest).toBe(true);
    expect(new CnnClassifier(2, { augment: false, mirrorInvariant: true }).mirrorAtTest).toBe(
      false,
    );
  });

  it('the default plan moves every image and mirrors none (the flipping plan mirrors some)', async () => {
    const plan = new CnnClassifier(2).augmentation;
    expect(plan).not.toBe(false);
    const safe = await classify(plan !== false && plan.flip);
    expect(safe.every((kind) => kind === 'shifted')).toBe(true);
    const flipping = await classify(true);
    expect(flipping.filter((kind) => kind === 'mirrored').length).toBeGreaterThan(16);
    expect(flipping).not.toContain('other');
  });

  it('predicts an image and its mirror image apart, unless the task is mirror-invariant', async () => {
    const data = fashionMnist('train', 64, [0, 1]);
    const shape = data.shape as [number, number];
    const first = data.values.slice(0, shape[0] * shape[1]);
    const mirror = new Float32Array(first.length);
    for (let y = 0; y < shape[0]; y++)
      for (let x = 0; x < shape[1]; x++)
        mirror[y * shape[1] + x] = first[y * shape[1] + shape[1] - 1 - x]!;
    const logits = async (options: CnnOptions): Promise<[number[], number[]]> => {
      const cnn = new CnnClassifier(2, {
        ...options,
        seed: 1,
        epochs: 1,
        architecture: { filters: [4, 8], denseUnits: 8 },
      });
      await cnn.fit(data);
      const of = async (values: Float32Array) =>
        Array.from(await cnn.predictLogits({ shape, count: 1, values }));
      const result: [number[], number[]] = [await of(first), await of(mirror)];
      cnn.dispose();
      return result;
    };
    const [plain, plainMirrored] = await logits({});
    expect(plain).not.toEqual(plainMirrored);
    const [invariant, invariantMirrored] = await logits({ mirrorInvariant: true });
    invariant.forEach((v, k) => expect(v).toBeCloseTo(invariantMirrored[k]!, 5));
  });
});
