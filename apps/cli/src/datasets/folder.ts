/**
 * An image folder: root/<class name>/<image>.png|jpg|jpeg. Classes are the sub-folders in
 * alphabetical order; images are decoded with sharp to grey levels, resized to size x size and
 * scaled to 0..1 (shape [size, size, 1]).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Dataset } from '@medlabel/loop';

const IMAGE = /\.(png|jpe?g)$/i;

export async function readImageFolder(root: string, size: number): Promise<Dataset> {
  const entries = await readdir(root, { withFileTypes: true });
  const classNames = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (classNames.length < 2) throw new Error(`${root}: needs at least two class folders`);
  const files: { path: string; label: number }[] = [];
  for (const [label, name] of classNames.entries()) {
    const names = (await readdir(join(root, name))).filter((f) => IMAGE.test(f)).sort();
    files.push(...names.map((f) => ({ path: join(root, name, f), label })));
  }
  const pixels = size * size;
  const values = new Float32Array(files.length * pixels);
  for (const [i, file] of files.entries()) {
    const raw = await sharp(file.path)
      .toColourspace('b-w')
      .resize(size, size, { fit: 'fill' })
      .raw()
      .toBuffer();
    if (raw.length !== pixels) throw new Error(`${file.path}: unexpected decoded size`);
    for (let p = 0; p < pixels; p++) values[i * pixels + p] = raw[p]! / 255;
  }
  return {
    train: {
      shape: [size, size, 1],
      count: files.length,
      values,
      labels: Int32Array.from(files, (f) => f.label),
    },
    classNames,
  };
}
