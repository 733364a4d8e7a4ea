/** Writes the first images of the Fashion-MNIST test slice as a smaller gzipped IDX dataset. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FASHION_MNIST_DIR } from '@medlabel/test-data';

/** Keeps the header with a smaller count and the first `count` items. */
async function sliceIdx(from: string, to: string, count: number): Promise<void> {
  const bytes = gunzipSync(await readFile(from));
  const rank = bytes[3]!;
  const header = Buffer.from(bytes.subarray(0, 4 + 4 * rank));
  const itemSize = Array.from({ length: rank - 1 }, (_, i) =>
    header.readUInt32BE(8 + 4 * i),
  ).reduce((a, b) => a * b, 1);
  header.writeUInt32BE(count, 4);
  const body = bytes.subarray(header.length, header.length + count * itemSize);
  await writeFile(to, gzipSync(Buffer.concat([header, body])));
}

export async function fashionSlice(trainCount: number, testCount: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'medlabel-fmnist-'));
  for (const [part, count] of [
    ['train', trainCount],
    ['t10k', testCount],
  ] as const) {
    for (const kind of ['images-idx3', 'labels-idx1']) {
      const name = `${part}-${kind}-ubyte.gz`;
      await sliceIdx(join(FASHION_MNIST_DIR, name), join(dir, name), count);
    }
  }
  return dir;
}
