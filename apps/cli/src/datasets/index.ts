/** Resolves a dataset spec (idx:DIR, folder:DIR, csv:FILE) and an optional class subset. */
import { takeLabeled, type Dataset, type LabeledSamples } from '@medlabel/loop';
import { readCsvDataset } from './csv.js';
import { readImageFolder } from './folder.js';
import { readIdxDataset } from './idx.js';

export interface DatasetOptions {
  readonly labelColumn?: string;
  readonly ignoreColumns?: readonly string[];
  readonly csvHeader?: boolean;
  readonly skipRows?: number;
  readonly imageSize?: number;
}

export async function loadDataset(spec: string, options: DatasetOptions = {}): Promise<Dataset> {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  if (colon < 0 || path === '')
    throw new Error(`dataset must be idx:DIR, folder:DIR or csv:FILE, got ${spec}`);
  switch (kind) {
    case 'idx':
      return readIdxDataset(path);
    case 'folder':
      return readImageFolder(path, options.imageSize ?? 64);
    case 'csv':
      if (!options.labelColumn) throw new Error('csv datasets need --label-column');
      return readCsvDataset(path, {
        labelColumn: options.labelColumn,
        ignoreColumns: options.ignoreColumns,
        header: options.csvHeader,
        skipRows: options.skipRows,
      });
    default:
      throw new Error(`unknown dataset kind ${kind}: use idx, folder or csv`);
  }
}

/**
 * Keeps the listed classes (by name or index) and renumbers them 0..k-1 in the given order.
 */
export function selectClasses(dataset: Dataset, classes: readonly string[]): Dataset {
  const chosen = classes.map((c) => {
    const byName = dataset.classNames.indexOf(c);
    const index = byName >= 0 ? byName : /^\d+$/.test(c) ? Number(c) : -1;
    if (index < 0 || index >= dataset.classNames.length) throw new Error(`unknown class ${c}`);
    return index;
  });
  const remap = (samples: LabeledSamples): LabeledSamples => {
    const rows = [...samples.labels.keys()].filter((i) => chosen.includes(samples.labels[i]!));
    const kept = takeLabeled(samples, rows);
    return { ...kept, labels: kept.labels.map((label) => chosen.indexOf(label)) };
  };
  return {
    train: remap(dataset.train),
    ...(dataset.test ? { test: remap(dataset.test) } : {}),
    classNames: chosen.map((k) => dataset.classNames[k]!),
  };
}
