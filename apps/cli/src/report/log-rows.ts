/**
 * The tab-separated row `medlabel experiment` prints per round, and its reader
 * (`medlabel rebuild-report`): both sides of the format in one place.
 */
import type { FullSupervisionReport, RoundReport } from '@medlabel/loop';

export const LOG_COLUMNS = [
  'strategy',
  'seed',
  'round',
  'train',
  'human',
  'auto',
  'autoWrong',
  'manual',
  'valAcc',
  'testAcc',
  'ECE raw>cal',
  'sec',
] as const;

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** "55.2%" as 0.552, "-" as null. */
const fraction = (text: string): number | null =>
  text === '-' ? null : Number(text.replace(/%$/, '')) / 100;

export function roundRow(strategy: string, seed: number, r: RoundReport): string {
  return (
    [
      strategy,
      seed,
      r.round,
      r.trainingSize,
      r.humanLabels,
      r.autoAccepted,
      r.autoAcceptedWrong,
      pct(r.manualShare),
      pct(r.validationAccuracy),
      pct(r.testAccuracy),
      `${r.eceRaw.toFixed(3)}>${r.eceCalibrated.toFixed(3)}`,
      r.seconds.toFixed(1),
    ].join('\t') + (r.stoppedBy ? `\tstopped: ${r.stoppedBy}` : '')
  );
}

export function fullSupervisionRow(f: FullSupervisionReport): string {
  const { seed, trainingSize, testAccuracy, seconds } = f;
  const row = [
    ...['full', seed, '-', trainingSize, trainingSize, '-', '-', '-', '-'],
    ...[pct(testAccuracy), '-', seconds.toFixed(1)],
  ];
  return row.join('\t');
}

/** What a round row holds (numbers rounded as printed). */
export interface LoggedRow {
  readonly strategy: string;
  readonly seed: number;
  readonly round: number;
  readonly trainingSize: number;
  readonly humanLabels: number;
  readonly autoAccepted: number;
  readonly autoAcceptedWrong: number;
  readonly manualShare: number | null;
  readonly validationAccuracy: number;
  readonly testAccuracy: number;
  readonly eceRaw: number;
  readonly eceCalibrated: number;
  readonly seconds: number;
}

/** One string per column (a mapped tuple type needs a type parameter to stay a tuple). */
type Strings<T extends readonly unknown[]> = { [K in keyof T]: string };
type Cells = Strings<typeof LOG_COLUMNS>;

/** Reads a round row; null for any other line (the header, dataset and full-supervision rows). */
export function parseRoundRow(line: string): LoggedRow | null {
  const cells = line.split('\t');
  if (cells.length < LOG_COLUMNS.length || cells[2] === '-' || cells[0] === 'strategy') return null;
  const [strategy, seed, round, train, human, auto, autoWrong, manual, val, test, ece, sec] =
    cells as unknown as Cells;
  const [eceRaw = NaN, eceCalibrated = NaN] = ece.split('>').map(Number);
  return {
    strategy,
    seed: Number(seed),
    round: Number(round),
    trainingSize: Number(train),
    humanLabels: Number(human),
    autoAccepted: Number(auto),
    autoAcceptedWrong: Number(autoWrong),
    manualShare: fraction(manual),
    validationAccuracy: fraction(val) ?? NaN,
    testAccuracy: fraction(test) ?? NaN,
    eceRaw,
    eceCalibrated,
    seconds: Number(sec),
  };
}
