import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';

const DIR = '/usr/share/datasets/fashion-mnist';
/** Fashion-MNIST's class names, by label index. */
export const FASHION_CLASSES = [
  'T-shirt',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export interface FashionImage {
  png: Buffer;
  label: number;
}

/**
 * The first images of Debian's Fashion-MNIST test part whose label is in `classes`, as 28x28
 * grey PNGs: real images for the loop's tests, uploaded like any user's.
 */
export async function fashionPngs(
  count: number,
  classes: readonly number[],
): Promise<FashionImage[]> {
  const images = gunzipSync(readFileSync(`${DIR}/t10k-images-idx3-ubyte.gz`)).subarray(16);
  const labels = gunzipSync(readFileSync(`${DIR}/t10k-labels-idx1-ubyte.gz`)).subarray(8);
  const out: FashionImage[] = [];
  for (let i = 0; i < labels.length && out.length < count; i++) {
    if (!classes.includes(labels[i]!)) continue;
    const pixels = images.subarray(i * 784, (i + 1) * 784);
    const png = await sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toBuffer();
    out.push({ png, label: labels[i]! });
  }
  return out;
}
