import sharp from 'sharp';
import { FASHION_SIDE, fashionIndices, fashionItems, fashionPixels } from '@medlabel/test-data';

export { FASHION_CLASSES } from '@medlabel/test-data';

export interface FashionImage {
  png: Buffer;
  label: number;
}

/**
 * The first images of Fashion-MNIST's test part (the committed slice of @medlabel/test-data)
 * whose label is in `classes`, as 28x28 grey PNGs: real images for the loop's tests, uploaded
 * like any user's.
 */
export async function fashionPngs(
  count: number,
  classes: readonly number[],
): Promise<FashionImage[]> {
  const items = fashionItems('t10k');
  const out: FashionImage[] = [];
  for (const index of fashionIndices('t10k', count, classes)) {
    const raw = { width: FASHION_SIDE, height: FASHION_SIDE, channels: 1 } as const;
    const png = await sharp(fashionPixels(items, index), { raw }).png().toBuffer();
    out.push({ png, label: items.labels[index]! });
  }
  return out;
}
