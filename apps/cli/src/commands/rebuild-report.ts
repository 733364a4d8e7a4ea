/**
 * `medlabel rebuild-report`: turns the per-round rows a killed `medlabel experiment` process
 * printed to stdout back into a report.json holding that one run, flagged
 * `reconstructedFromLog`, so `medlabel merge-reports` can join it with complete reports.
 * Fields the log does not hold are null (humanCorrected, agreement, stoppedBy) or empty
 * (calibration); audits are 0 because the logged runs had none.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RoundReport, RunReport } from '@medlabel/loop';
import { parseRoundRow } from '../report/log-rows.js';
import type { SavedReport } from '../report/write.js';
import { UsageError } from '../usage.js';

export const REBUILD_HELP = `Usage: medlabel rebuild-report --template REPORT.json --out OUT.json LOG

Rebuilds a report.json from the per-round rows of a killed experiment's stdout (the rounds it
finished). The template is a report.json of the same experiment (dataset, model, sizes and
strategy parameters); its runs are replaced by the one run in the log, its full supervision
dropped.
`;

/** A round rebuilt from a log row: no test confusion matrix, unknown corrections. */
export type LoggedRound = Omit<RoundReport, 'humanCorrected' | 'testConfusion'> & {
  readonly humanCorrected: null;
};

export interface LoggedRun extends Omit<RunReport, 'rounds'> {
  readonly rounds: LoggedRound[];
  readonly reconstructedFromLog: true;
}

/** The strategies whose rows the log parser understands (skipped counts depend on them). */
const LOGGED_STRATEGIES = ['threshold', 'random'] as const;
type LoggedStrategy = (typeof LOGGED_STRATEGIES)[number];

const isLoggedStrategy = (s: string): s is LoggedStrategy =>
  (LOGGED_STRATEGIES as readonly string[]).includes(s);

/** Rebuilds the run whose round rows (`report/log-rows.ts`) the log holds; other lines are ignored. */
export function runFromLog(log: string, template: SavedReport): LoggedRun {
  const rounds: LoggedRound[] = [];
  let run: { strategy: LoggedStrategy; seed: number } | undefined;
  let previousHuman = 0;
  for (const line of log.split('\n')) {
    const row = parseRoundRow(line);
    if (!row || !isLoggedStrategy(row.strategy)) continue;
    const { strategy, seed, ...measured } = row;
    const { round } = measured;
    run = { strategy, seed };
    rounds.push({
      ...measured,
      humanCorrected: null,
      routingCurve: null,
      audited: 0,
      auditedWrong: 0,
      // The random strategy leaves what it does not send to humans unlabelled.
      skipped:
        round === 0 || strategy === 'threshold'
          ? 0
          : template.sizes.batch - (row.humanLabels - previousHuman),
      threshold: strategy === 'threshold' && round > 0 ? template.strategyParams.threshold : null,
      calibration: [],
      agreement: null,
      stoppedBy: null,
    });
    previousHuman = row.humanLabels;
  }
  if (!run) throw new UsageError('the log holds no round rows of a threshold or random run');
  return { ...run, rounds, reconstructedFromLog: true };
}

export async function rebuildReportCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      template: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(REBUILD_HELP);
    return;
  }
  const [log, ...extra] = positionals;
  if (!values.template || !values.out || !log || extra.length > 0) {
    throw new UsageError('name --template, --out and one log');
  }
  const template = JSON.parse(await readFile(values.template, 'utf8')) as SavedReport;
  const run = runFromLog(await readFile(log, 'utf8'), template);
  // No summary: merge-reports computes it over all the runs.
  const report = { ...template, runs: [run], fullSupervision: [], summary: undefined };
  await writeFile(values.out, JSON.stringify(report, null, 2) + '\n');
}
