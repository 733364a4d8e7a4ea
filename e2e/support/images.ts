import sharp from 'sharp';
import {
  FASHION_CLASSES,
  FASHION_SIDE,
  fashionItems,
  fashionPixels,
  type FashionItems,
} from '@medlabel/test-data';

export { FASHION_CLASSES };

/** Item `i` of the test part scaled up (nearest) to a `size` x `size` grey PNG. */
function itemPng(items: FashionItems, i: number, size: number): Promise<Buffer> {
  return sharp(fashionPixels(items, i), {
    raw: { width: FASHION_SIDE, height: FASHION_SIDE, channels: 1 },
  })
    .resize(size, size, { kernel: 'nearest' })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

/**
 * Real test pictures: Fashion-MNIST items (the committed slice of @medlabel/test-data) scaled
 * up to `size` x `size` PNGs, so thumbnails and the viewer show something recognisable.
 */
export async function fashionMnistPngs(count: number, size = 256, offset = 0): Promise<Buffer[]> {
  const items = fashionItems('t10k');
  const pngs: Buffer[] = [];
  for (let i = offset; i < offset + count; i++) pngs.push(await itemPng(items, i, size));
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
  const items = fashionItems('t10k');
  const taken = new Map(classes.map((k) => [k, 0]));
  const out: { png: Buffer; label: string }[] = [];
  for (
    let i = options.offset ?? 0;
    i < items.count && out.length < classes.length * perClass;
    i++
  ) {
    const k = items.labels[i]!;
    const count = taken.get(k);
    if (count === undefined || count >= perClass) continue;
    taken.set(k, count + 1);
    out.push({ png: await itemPng(items, i, options.size ?? 256), label: FASHION_CLASSES[k]! });
  }
  if (out.length < classes.length * perClass) {
    throw new Error(
      `Fewer than ${perClass} Fashion-MNIST test items of each class ${classes.join(', ')}`,
    );
  }
  return out;
}
