import fs from 'node:fs';
import zlib from 'node:zlib';
import sharp from 'sharp';

const FASHION_MNIST = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
const SIDE = 28;

/**
 * Real test pictures: Fashion-MNIST items (Debian's dataset-fashion-mnist) scaled up to
 * `size` x `size` PNGs, so thumbnails and the viewer show something recognisable.
 */
export async function fashionMnistPngs(count: number, size = 256, offset = 0): Promise<Buffer[]> {
  const idx = zlib.gunzipSync(fs.readFileSync(FASHION_MNIST));
  const pngs: Buffer[] = [];
  for (let i = offset; i < offset + count; i++) {
    const start = 16 + i * SIDE * SIDE;
    const pixels = idx.subarray(start, start + SIDE * SIDE);
    pngs.push(
      await sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 1 } })
        .resize(size, size, { kernel: 'nearest' })
        .toColourspace('b-w')
        .png()
        .toBuffer(),
    );
  }
  return pngs;
}
