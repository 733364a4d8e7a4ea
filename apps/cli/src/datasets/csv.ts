/**
 * A CSV table with a header row and a named label column. Every other column not ignored is a
 * numeric feature; empty cells and non-numbers (NA, ?) become NaN, i.e. missing. Classes are
 * the label column's distinct values in sorted order.
 */
import { readFile } from 'node:fs/promises';
import { parseCsv } from '@medlabel/csv';
import type { Dataset } from '@medlabel/loop';

export interface CsvOptions {
  readonly labelColumn: string;
  /** Columns that are neither features nor label, e.g. an Id. */
  readonly ignoreColumns?: readonly string[];
}

export function csvDataset(text: string, { labelColumn, ignoreColumns = [] }: CsvOptions): Dataset {
  const [header, ...body] = parseCsv(text);
  if (!header) throw new Error('empty CSV');
  const labelIndex = header.indexOf(labelColumn);
  if (labelIndex < 0)
    throw new Error(`no column named ${labelColumn}; columns: ${header.join(', ')}`);
  const featureIndices = header.flatMap((name, i) =>
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

export async function readCsvDataset(path: string, options: CsvOptions): Promise<Dataset> {
  return csvDataset(await readFile(path, 'utf8'), options);
}
