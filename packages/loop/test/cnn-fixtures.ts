/** Reads slices of Debian's Fashion-MNIST IDX files for the CNN tests and benchmark. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { LabeledSamples } from '../src/classifier.js';

export const FASHION_MNIST_DIR =
  process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';

/**
 * The first `count` images of a split whose label is in `classes`, relabeled 0..k-1 in the
 * order given; pixels scaled to 0..1.
 */
export function fashionMnist(
  split: 'train' | 't10k',
  count: number,
  classes?: readonly number[],
): LabeledSamples {
  const images = gunzipSync(readFileSync(`${FASHION_MNIST_DIR}/${split}-images-idx3-ubyte.gz`));
  const labels = gunzipSync(readFileSync(`${FASHION_MNIST_DIR}/${split}-labels-idx1-ubyte.gz`));
  const total = labels.readUInt32BE(4);
  const size = 28 * 28;
  const values = new Float32Array(count * size);
  const out = new Int32Array(count);
  let n = 0;
  for (let i = 0; i < total && n < count; i++) {
    const label = labels[8 + i]!;
    const mapped = classes === undefined ? label : classes.indexOf(label);
    if (mapped < 0) continue;
    for (let p = 0; p < size; p++) values[n * size + p] = images[16 + i * size + p]! / 255;
    out[n++] = mapped;
  }
  if (n < count) throw new Error(`only ${n} images of the requested classes in ${split}`);
  return { shape: [28, 28, 1], count, values, labels: out };
}
