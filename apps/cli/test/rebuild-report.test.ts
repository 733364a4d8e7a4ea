import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../src/commands/merge-reports.js';
import { runFromLog } from '../src/commands/rebuild-report.js';
import type { SavedReport } from '../src/report/write.js';

const FOLDER = join(import.meta.dirname, '../../../docs/experiments/fashion-mnist-10');

describe('medlabel rebuild-report', () => {
  it('rebuilds the Fashion-MNIST 10 report.json from the logs of its killed runs', async () => {
    const saved = JSON.parse(await readFile(join(FOLDER, 'report.json'), 'utf8')) as SavedReport;
    const logs = ['threshold', 'random'].flatMap((strategy) =>
      [1, 2, 3, 4, 5].map((seed) => join(FOLDER, `logs/fm10-s${seed}-${strategy}.log`)),
    );
    const rebuilt = await Promise.all(
      logs.map(async (log) => ({
        ...saved,
        runs: [runFromLog(await readFile(log, 'utf8'), saved)] as unknown as SavedReport['runs'],
        fullSupervision: [],
      })),
    );
    const merged = mergeReports([...rebuilt, { ...saved, runs: [] }]);
    expect(merged).toEqual(saved);
  });

  it('rejects a log without round rows', () => {
    const template = { sizes: { batch: 10 }, strategyParams: { threshold: 0.9 } } as SavedReport;
    expect(() => runFromLog('strategy\tseed\tround\n', template)).toThrow(/no round rows/);
  });
});
