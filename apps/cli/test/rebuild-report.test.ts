import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../src/commands/merge-reports.js';
import { runFromLog } from '../src/commands/rebuild-report.js';
import type { SavedReport } from '../src/report/write.js';

const FOLDER = join(import.meta.dirname, '../../../docs/experiments/fashion-mnist-10-random50');

describe('medlabel rebuild-report', () => {
  it('rebuilds the runs of the committed random-at-50% report that came from logs', async () => {
    const saved = JSON.parse(await readFile(join(FOLDER, 'report.json'), 'utf8')) as SavedReport;
    const fromLogs = saved.runs.filter((run) => 'reconstructedFromLog' in run);
    // Seeds 1-4 ran on a lent box that returned only their logs; seed 5 wrote its own report.
    expect(fromLogs.map((run) => run.seed)).toEqual([1, 2, 3, 4]);
    for (const run of fromLogs) {
      const log = await readFile(join(FOLDER, `logs/fm10-s${run.seed}-random50.log`), 'utf8');
      expect(runFromLog(log, saved)).toEqual(run);
    }
    const merged = mergeReports([saved]);
    expect(merged.summary).toEqual(saved.summary);
  });

  it('rejects a log without round rows', () => {
    const template = { sizes: { batch: 10 }, strategyParams: { threshold: 0.9 } } as SavedReport;
    expect(() => runFromLog('strategy\tseed\tround\n', template)).toThrow(/no round rows/);
  });
});
