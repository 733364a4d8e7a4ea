/**
 * IDX files (the MNIST format), gzipped or not, as Debian's dataset-fashion-mnist installs them:
 * DIR/train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-..., t10k-labels-...
 * Pixels are scaled to 0..1; images get shape [rows, cols, 1].
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Dataset, LabeledSamples } from '@medlabel/loop';

/** Magic numbers: 0x0000 then the type (0x08 = unsigned byte) then the dimension count. */
const UNSIGNED_BYTE = 0x08;

export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array): IdxArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0 || bytes[2] !== UNSIGNED_BYTE) {
    throw new Error('not an unsigned-byte IDX file');
  }
  const rank = bytes[3]!;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < offset + size) throw new Error('IDX file is truncated');
  return { dims, data: bytes.subarray(offset, offset + size) };
}

/** Reads DIR/STEM.gz, else DIR/STEM. */
export async function readIdx(dir: string, stem: string): Promise<IdxArray> {
  for (const name of [`${stem}.gz`, stem]) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const raw = await readFile(path);
    return parseIdx(name.endsWith('.gz') ? gunzipSync(raw) : raw);
  }
  throw new Error(`${stem}(.gz) not found in ${dir}`);
}

async function readPart(dir: string, prefix: 'train' | 't10k'): Promise<LabeledSamples> {
  const images = await readIdx(dir, `${prefix}-images-idx3-ubyte`);
  const labels = await readIdx(dir, `${prefix}-labels-idx1-ubyte`);
  const [count, rows, cols] = images.dims;
  if (count === undefined || rows === undefined || cols === undefined || labels.dims[0] !== count) {
    throw new Error(`${prefix}: images and labels do not match`);
  }
  const values = Float32Array.from(images.data, (v) => v / 255);
  return { shape: [rows, cols, 1], count, values, labels: Int32Array.from(labels.data) };
}

export async function readIdxDataset(dir: string): Promise<Dataset> {
  const train = await readPart(dir, 'train');
  const test = await readPart(dir, 't10k');
  const classCount = train.labels.reduce((max, label) => Math.max(max, label), 0) + 1;
  return { train, test, classNames: Array.from({ length: classCount }, (_, k) => String(k)) };
}
