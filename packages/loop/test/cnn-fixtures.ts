/**
 * Fashion-MNIST samples for the CNN tests and benchmark: the committed slice of
 * @medlabel/test-data (2,000 items of each part), or the folder FASHION_MNIST_DIR names.
 */
import {
  FASHION_SIDE,
  fashionIndices,
  fashionItems,
  fashionPixels,
  type FashionPart,
} from '@medlabel/test-data';
import type { LabeledSamples } from '../src/classifier.js';

/**
 * The first `count` images of a part whose label is in `classes`, relabeled 0..k-1 in the
 * order given; pixels scaled to 0..1.
 */
export function fashionMnist(
  part: FashionPart,
  count: number,
  classes?: readonly number[],
): LabeledSamples {
  const items = fashionItems(part);
  const size = FASHION_SIDE * FASHION_SIDE;
  const values = new Float32Array(count * size);
  const labels = new Int32Array(count);
  fashionIndices(part, count, classes).forEach((index, n) => {
    const label = items.labels[index]!;
    labels[n] = classes === undefined ? label : classes.indexOf(label);
    fashionPixels(items, index).forEach((v, p) => (values[n * size + p] = v / 255));
  });
  return { shape: [FASHION_SIDE, FASHION_SIDE, 1], count, values, labels };
}
