/** Writes an experiment's report.json, report.csv, plots and summary.txt to a folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentReport } from '@medlabel/loop';
import { accuracyPlot, manualSharePlot } from './plots.js';
import { reportCsv, summaryText } from './tables.js';

/** What report.json holds: the experiment report plus the dataset spec it ran on. */
export type SavedReport = ExperimentReport & { readonly dataset: string };

/** Writes every output file and returns the text summary. */
export async function writeReport(report: SavedReport, out: string): Promise<string> {
  await mkdir(out, { recursive: true });
  const { dataset, ...rest } = report;
  await writeFile(join(out, 'report.json'), JSON.stringify({ dataset, ...rest }, null, 2) + '\n');
  await writeFile(join(out, 'report.csv'), reportCsv(report));
  await writeFile(join(out, 'accuracy.svg'), accuracyPlot(report));
  await writeFile(join(out, 'manual-share.svg'), manualSharePlot(report));
  const text = summaryText(report);
  await writeFile(join(out, 'summary.txt'), text);
  return text;
}

export const OUTPUT_FILES = 'report.json, report.csv, accuracy.svg, manual-share.svg, summary.txt';
