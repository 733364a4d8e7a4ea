/**
 * Real images for tests: a committed slice of Fashion-MNIST (2,000 items of each part, MIT, see
 * fashion-mnist/LICENSE.md), so no test needs a data set installed by hand. FASHION_MNIST_DIR
 * points at another folder of the same IDX files (the full set, for experiments).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const FASHION_MNIST_SLICE = new URL('../fashion-mnist', import.meta.url).pathname;
export const FASHION_MNIST_DIR = process.env.FASHION_MNIST_DIR ?? FASHION_MNIST_SLICE;
export const FASHION_SIDE = 28;

/** The class names, by label index (as the example template names them). */
export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export type FashionPart = 'train' | 't10k';

export interface FashionItems {
  /** Row-major 28x28 grey pixels (0..255), item after item. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

const cache = new Map<string, FashionItems>();

/** Every item of a part in `dir` (the IDX headers give the count). */
export function fashionItems(part: FashionPart, dir = FASHION_MNIST_DIR): FashionItems {
  const key = `${dir}:${part}`;
  let items = cache.get(key);
  if (!items) {
    const images = gunzipSync(readFileSync(`${dir}/${part}-images-idx3-ubyte.gz`));
    const labels = gunzipSync(readFileSync(`${dir}/${part}-labels-idx1-ubyte.gz`));
    const count = labels.readUInt32BE(4);
    items = { pixels: images.subarray(16), labels: labels.subarray(8), count };
    cache.set(key, items);
  }
  return items;
}

/** The indices of the first `count` items whose label is in `classes` (all classes by default). */
export function fashionIndices(
  part: FashionPart,
  count: number,
  classes?: readonly number[],
  dir = FASHION_MNIST_DIR,
): number[] {
  const items = fashionItems(part, dir);
  const picked: number[] = [];
  for (let i = 0; i < items.count && picked.length < count; i++) {
    if (classes === undefined || classes.includes(items.labels[i]!)) picked.push(i);
  }
  if (picked.length < count) {
    throw new Error(
      `Only ${picked.length} Fashion-MNIST ${part} items of the classes asked for in ${dir}; set FASHION_MNIST_DIR to the full set for more.`,
    );
  }
  return picked;
}

/** One item's pixels. */
export function fashionPixels(items: FashionItems, index: number): Uint8Array {
  const size = FASHION_SIDE * FASHION_SIDE;
  return items.pixels.subarray(index * size, (index + 1) * size);
}
