import fs from 'node:fs';
import zlib from 'node:zlib';
import sharp from 'sharp';

const FASHION_MNIST = '/usr/share/datasets/fashion-mnist';
const SIDE = 28;

/** Fashion-MNIST's class names, by label index (as the example template names them). */
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

const read = (file: string, header: number) =>
  zlib.gunzipSync(fs.readFileSync(`${FASHION_MNIST}/${file}`)).subarray(header);

/** Item `i` of the test part scaled up (nearest) to a `size` x `size` grey PNG. */
function itemPng(images: Buffer, i: number, size: number): Promise<Buffer> {
  const pixels = images.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 1 } })
    .resize(size, size, { kernel: 'nearest' })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

/**
 * Real test pictures: Fashion-MNIST items (Debian's dataset-fashion-mnist) scaled up to
 * `size` x `size` PNGs, so thumbnails and the viewer show something recognisable.
 */
export async function fashionMnistPngs(count: number, size = 256, offset = 0): Promise<Buffer[]> {
  const images = read('t10k-images-idx3-ubyte.gz', 16);
  const pngs: Buffer[] = [];
  for (let i = offset; i < offset + count; i++) pngs.push(await itemPng(images, i, size));
  return pngs;
}

/**
 * `perClass` items of each class in `classes`, from item `offset` of the test part on, in the
 * data set's order, with their class names: pictures whose true label a test knows.
 */
export async function fashionMnistOfClasses(
  classes: readonly number[],
  perClass: number,
  options: { size?: number; offset?: number } = {},
): Promise<{ png: Buffer; label: string }[]> {
  const images = read('t10k-images-idx3-ubyte.gz', 16);
  const labels = read('t10k-labels-idx1-ubyte.gz', 8);
  const taken = new Map(classes.map((k) => [k, 0]));
  const out: { png: Buffer; label: string }[] = [];
  for (
    let i = options.offset ?? 0;
    i < labels.length && out.length < classes.length * perClass;
    i++
  ) {
    const k = labels[i]!;
    const count = taken.get(k);
    if (count === undefined || count >= perClass) continue;
    taken.set(k, count + 1);
    out.push({ png: await itemPng(images, i, options.size ?? 256), label: FASHION_CLASSES[k]! });
  }
  return out;
}
