/**
 * A CSV table, gzipped or not, with a named label column. Every other column not ignored is a
 * numeric feature; empty cells and non-numbers (NA, ?) become NaN, i.e. missing. Classes are
 * the label column's distinct values in sorted order. A table without a header row names its
 * columns by position, 1 to n (scikit-learn's bundled sets: label last, after a line of counts
 * and class names that `skipRows` passes over).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from '@medlabel/csv';
import type { Dataset } from '@medlabel/loop';

export interface CsvOptions {
  readonly labelColumn: string;
  /** Columns that are neither features nor label, e.g. an Id. */
  readonly ignoreColumns?: readonly string[];
  /** False: the first row (after skipped ones) is data and columns are named 1..n. */
  readonly header?: boolean;
  /** Rows before the header (or the data) that are not part of the table. */
  readonly skipRows?: number;
}

export function csvDataset(
  text: string,
  { labelColumn, ignoreColumns = [], header = true, skipRows = 0 }: CsvOptions,
): Dataset {
  const rows = parseCsv(text).slice(skipRows);
  const [first] = rows;
  if (!first) throw new Error('empty CSV');
  const names = header ? first : first.map((_, i) => String(i + 1));
  const body = header ? rows.slice(1) : rows;
  const labelIndex = names.indexOf(labelColumn);
  if (labelIndex < 0)
    throw new Error(`no column named ${labelColumn}; columns: ${names.join(', ')}`);
  const featureIndices = names.flatMap((name, i) =>
    i === labelIndex || ignoreColumns.includes(name) ? [] : [i],
  );
  const classNames = [...new Set(body.map((r) => r[labelIndex] ?? ''))].sort();
  const values = new Float32Array(body.length * featureIndices.length);
  body.forEach((r, row) => {
    featureIndices.forEach((col, f) => {
      const cell = (r[col] ?? '').trim();
      const number = cell === '' ? Number.NaN : Number(cell);
      values[row * featureIndices.length + f] = number;
    });
  });
  return {
    train: {
      shape: [featureIndices.length],
      count: body.length,
      values,
      labels: Int32Array.from(body, (r) => classNames.indexOf(r[labelIndex] ?? '')),
    },
    classNames,
  };
}

/** Gzip's magic bytes: a file that starts with them is unpacked whatever its name. */
const isGzip = (raw: Buffer): boolean => raw[0] === 0x1f && raw[1] === 0x8b;

export async function readCsvDataset(path: string, options: CsvOptions): Promise<Dataset> {
  const raw = await readFile(path);
  return csvDataset((isGzip(raw) ? gunzipSync(raw) : raw).toString('utf8'), options);
}
