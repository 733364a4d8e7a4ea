/**
 * Real pictures for the loop demo: Fashion-MNIST items of the chosen classes from the IDX
 * training part, as the 28x28 grey PNGs a user would upload.
 */
import sharp from 'sharp';
import { exampleTemplates } from '@medlabel/schema';
import { readIdx } from '../datasets/idx.js';

/** Fashion-MNIST's class names by label index, as the sample template spells them. */
export const FASHION_CLASSES: readonly string[] =
  exampleTemplates.fashionMnist.classification!.labels.map((l) => l.name);

export interface DemoImage {
  readonly png: Buffer;
  /** the true class, by name */
  readonly label: string;
}

/**
 * The first `perClass` images of each class in `classes` (label indexes), in file order, so the
 * classes are interleaved as in the data set.
 */
export async function fashionImages(
  dir: string,
  classes: readonly number[],
  perClass: number,
): Promise<DemoImage[]> {
  const images = await readIdx(dir, 'train-images-idx3-ubyte');
  const labels = await readIdx(dir, 'train-labels-idx1-ubyte');
  const [count = 0, rows = 0, cols = 0] = images.dims;
  const taken = new Map(classes.map((k) => [k, 0]));
  const out: DemoImage[] = [];
  for (let i = 0; i < count && out.length < classes.length * perClass; i++) {
    const label = labels.data[i]!;
    const seen = taken.get(label);
    if (seen === undefined || seen >= perClass) continue;
    taken.set(label, seen + 1);
    const pixels = images.data.subarray(i * rows * cols, (i + 1) * rows * cols);
    const png = await sharp(pixels, { raw: { width: cols, height: rows, channels: 1 } })
      .png()
      .toBuffer();
    out.push({ png, label: FASHION_CLASSES[label]! });
  }
  const short = [...taken].filter(([, n]) => n < perClass).map(([k]) => k);
  if (short.length > 0)
    throw new Error(`${dir} has fewer than ${perClass} images of class ${short.join(', ')}`);
  return out;
}
