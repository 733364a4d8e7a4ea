import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadDataset, selectClasses } from '../src/datasets/index.js';
import { fashionSlice } from './fashion-slice.js';

const WBC = join(import.meta.dirname, '../fixtures/wbc/wbc_original.csv');

describe('IDX reader', () => {
  it('reads a gzipped slice of Fashion-MNIST', async () => {
    const dataset = await loadDataset(`idx:${await fashionSlice(300, 100)}`);
    expect(dataset.train.count).toBe(300);
    expect(dataset.test!.count).toBe(100);
    expect(dataset.train.shape).toEqual([28, 28, 1]);
    expect(dataset.classNames).toHaveLength(10);
    // The first training image of Fashion-MNIST is an ankle boot (class 9), the first test one too.
    expect(dataset.train.labels[0]).toBe(9);
    expect(dataset.test!.labels[0]).toBe(9);
    const values = dataset.train.values;
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(values.some((v) => v > 0.9)).toBe(true);
  });

  it('selects and renumbers classes', async () => {
    const dataset = selectClasses(await loadDataset(`idx:${await fashionSlice(300, 100)}`), [
      '9',
      '0',
    ]);
    expect(dataset.classNames).toEqual(['9', '0']);
    expect(new Set(dataset.train.labels)).toEqual(new Set([0, 1]));
    expect(dataset.train.labels[0]).toBe(0);
    expect(dataset.train.count).toBeGreaterThan(40);
    expect(dataset.train.count).toBeLessThan(100);
  });
});

describe('image folder reader', () => {
  it('decodes root/<class>/<image>.png to grey levels in 0..1', async () => {
    const source = await loadDataset(`idx:${await fashionSlice(12, 1)}`);
    const root = await mkdtemp(join(tmpdir(), 'medlabel-folder-'));
    for (let i = 0; i < 12; i++) {
      const dir = join(root, `class-${source.train.labels[i]}`);
      await mkdir(dir, { recursive: true });
      const pixels = Buffer.from(
        source.train.values.subarray(i * 784, (i + 1) * 784).map((v) => Math.round(v * 255)),
      );
      const encoded = sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } });
      await (i % 2 ? encoded.png() : encoded.jpeg({ quality: 100 })).toFile(
        join(dir, `${String(i).padStart(2, '0')}.${i % 2 ? 'png' : 'jpg'}`),
      );
    }
    const dataset = await loadDataset(`folder:${root}`, { imageSize: 28 });
    expect(dataset.train.count).toBe(12);
    expect(dataset.train.shape).toEqual([28, 28, 1]);
    expect(dataset.classNames).toEqual(
      [...new Set(Array.from(source.train.labels.subarray(0, 12), (l) => `class-${l}`))].sort(),
    );
    // A lossless PNG comes back exactly: find image 01 (png) by its class and position.
    const name = `class-${source.train.labels[1]}`;
    const label = dataset.classNames.indexOf(name);
    const rows = [...dataset.train.labels.keys()].filter((i) => dataset.train.labels[i] === label);
    const match = rows.some((row) =>
      dataset.train.values
        .subarray(row * 784, (row + 1) * 784)
        .every((v, p) => Math.abs(v - source.train.values[784 + p]!) < 1e-6),
    );
    expect(match).toBe(true);
    const resized = await loadDataset(`folder:${root}`, { imageSize: 16 });
    expect(resized.train.shape).toEqual([16, 16, 1]);
  });
});

describe('CSV reader', () => {
  it('reads the WBC table with NA as missing values', async () => {
    const dataset = await loadDataset(`csv:${WBC}`, {
      labelColumn: 'Class',
      ignoreColumns: ['Id'],
    });
    expect(dataset.classNames).toEqual(['benign', 'malignant']);
    expect(dataset.train.count).toBe(699);
    expect(dataset.train.shape).toEqual([9]);
    expect(dataset.train.labels.filter((l) => l === 1)).toHaveLength(241);
    expect(dataset.train.values.filter((v) => Number.isNaN(v))).toHaveLength(16);
    expect(Array.from(dataset.train.values.subarray(0, 9))).toEqual([5, 1, 1, 1, 2, 1, 3, 1, 1]);
  });

  it('treats ? and empty cells as missing and rejects an unknown label column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medlabel-csv-'));
    await writeFile(join(dir, 't.csv'), 'x,y,label\n1,?,a\n,2,b\n');
    const dataset = await loadDataset(`csv:${join(dir, 't.csv')}`, { labelColumn: 'label' });
    expect(Array.from(dataset.train.values).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([
      1,
      'NaN',
      'NaN',
      2,
    ]);
    await expect(
      loadDataset(`csv:${join(dir, 't.csv')}`, { labelColumn: 'Class' }),
    ).rejects.toThrow(/no column/);
  });

  it('reads a gzipped table without a header, after rows it is told to skip', async () => {
    // The WBC table as scikit-learn ships its sets: a line of counts and class names first,
    // then rows without a header, the label last; gzipped.
    const [, ...rows] = (await readFile(WBC, 'utf8')).trimEnd().split('\n');
    const dir = await mkdtemp(join(tmpdir(), 'medlabel-csv-'));
    const file = join(dir, 'wbc.csv.gz');
    await writeFile(file, gzipSync(['699,9,benign,malignant', ...rows].join('\n')));
    const options = { csvHeader: false, skipRows: 1, labelColumn: '11', ignoreColumns: ['1'] };
    const headerless = await loadDataset(`csv:${file}`, options);
    const named = await loadDataset(`csv:${WBC}`, { labelColumn: 'Class', ignoreColumns: ['Id'] });
    expect(headerless).toEqual(named);
    await expect(loadDataset(`csv:${file}`, { ...options, labelColumn: 'Class' })).rejects.toThrow(
      /no column named Class; columns: 1, 2, .*, 11$/,
    );
  });
});
