/**
 * `medlabel experiment`: runs the labelling loop on a dataset with several strategies and seeds,
 * prints one row per round and writes report.json, report.csv and SVG plots to --out.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  STRATEGY_NAMES,
  isStrategyName,
  runExperiment,
  type CalibrationMethod,
  type ExperimentReport,
  type RetrainPolicy,
  type StrategyName,
} from '@medlabel/loop';
import { loadDataset, selectClasses } from '../datasets/index.js';
import { modelBuilder, MODELS } from '../models.js';
import { accuracyPlot, manualSharePlot } from '../report/plots.js';
import { reportCsv, summaryText } from '../report/tables.js';
import { progressBar } from '../progress.js';

export const EXPERIMENT_HELP = `Usage: medlabel experiment --dataset SPEC --model NAME [options]

Runs the semi-automatic labelling loop with a simulated annotator and writes a report.

Dataset:
  --dataset SPEC          idx:DIR | folder:DIR | csv:FILE
  --label-column NAME     label column of a CSV dataset (required for csv:)
  --ignore-columns A,B    CSV columns that are not features (e.g. Id)
  --image-size N          folder datasets: images are resized to N x N grey (default 64)
  --classes A,B,...       keep these classes (names or indices), renumbered in this order
Model:
  --model NAME            ${Object.keys(MODELS).join(' | ')}
  --epochs N              training epochs (logreg, cnn)
  --warm-start            cnn: continue from the previous round's weights
  --svm-cost C            svm: cost (default 1)
  --svm-gamma G           svm: RBF gamma (default 1/features)
  --calibration M         temperature | platt | none (default: platt for svm, temperature otherwise)
Protocol:
  --strategies A,B        ${STRATEGY_NAMES.join(', ')} (default threshold,random)
  --seeds N               seeds 1..N (default 5)
  --initial N             initial labelled set D0 (default 1000)
  --batch N               batch size (default 2000)
  --batches K|all         number of batches, or all to use the whole pool (default 4)
  --validation N          class-balanced validation set V (default 3500)
  --test N                test samples (default 10000; held out of the data when it has no test split)
  --threshold T           confidence threshold of 'threshold' (default 0.9)
  --random-rate R         share of each batch 'random' sends to humans (default 0.25)
  --top-k K               samples per batch uncertainty sampling sends to humans (default random-rate x batch)
  --target-error E        'adaptive': target error of auto-accepted labels (default 0.01)
  --audit-share S         share of auto-accepted samples also sent to humans (default 0)
  --oracle-error E        simulated annotator's error rate (default 0)
  --stop-manual-share S   stop when the manual share stays under S for two batches
  --stop-agreement A      stop when successive models agree on A of V
  --no-full               skip the full-supervision ceiling
Output:
  --out DIR               where report.json, report.csv, accuracy.svg, manual-share.svg go (default ./experiment)
`;

const OPTIONS = {
  dataset: { type: 'string' },
  'label-column': { type: 'string' },
  'ignore-columns': { type: 'string' },
  'image-size': { type: 'string' },
  classes: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  'warm-start': { type: 'boolean' },
  'svm-cost': { type: 'string' },
  'svm-gamma': { type: 'string' },
  calibration: { type: 'string' },
  strategies: { type: 'string', default: 'threshold,random' },
  seeds: { type: 'string', default: '5' },
  initial: { type: 'string', default: '1000' },
  batch: { type: 'string', default: '2000' },
  batches: { type: 'string', default: '4' },
  validation: { type: 'string', default: '3500' },
  test: { type: 'string', default: '10000' },
  threshold: { type: 'string', default: '0.9' },
  'random-rate': { type: 'string', default: '0.25' },
  'top-k': { type: 'string' },
  'target-error': { type: 'string', default: '0.01' },
  'audit-share': { type: 'string', default: '0' },
  'oracle-error': { type: 'string', default: '0' },
  'stop-manual-share': { type: 'string' },
  'stop-agreement': { type: 'string' },
  'no-full': { type: 'boolean' },
  out: { type: 'string', default: 'experiment' },
  help: { type: 'boolean', short: 'h' },
} as const;

function number(
  name: string,
  text: string | undefined,
  check: (v: number) => boolean = () => true,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value))
    throw new UsageError(`--${name}: invalid value ${text}`);
  return value;
}
const count = (v: number): boolean => Number.isInteger(v) && v >= 0;
const share = (v: number): boolean => v >= 0 && v <= 1;
const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export class UsageError extends Error {}

export async function experimentCommand(
  argv: readonly string[],
): Promise<ExperimentReport | undefined> {
  const { values: v } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(EXPERIMENT_HELP);
    return undefined;
  }
  if (!v.dataset) throw new UsageError('--dataset is required');
  if (!v.model) throw new UsageError('--model is required');
  const buildFactory = modelBuilder(v.model);
  const strategies = list(v.strategies);
  const unknown = strategies.filter((s) => !isStrategyName(s));
  if (unknown.length > 0 || strategies.length === 0)
    throw new UsageError(`--strategies: unknown ${unknown.join(', ')}`);
  const calibration = (v.calibration ??
    (v.model === 'svm' ? 'platt' : 'temperature')) as CalibrationMethod;
  if (!['temperature', 'platt', 'none'].includes(calibration))
    throw new UsageError('--calibration: temperature, platt or none');

  const batch = number('batch', v.batch, count)!;
  const randomRate = number('random-rate', v['random-rate'], share)!;
  const seedCount = number('seeds', v.seeds, (x) => count(x) && x > 0)!;
  const modelOptions = {
    epochs: number('epochs', v.epochs, count),
    warmStart: v['warm-start'],
    svmCost: number('svm-cost', v['svm-cost'], (x) => x > 0),
    svmGamma: number('svm-gamma', v['svm-gamma'], (x) => x > 0),
  };

  let dataset = await loadDataset(v.dataset, {
    labelColumn: v['label-column'],
    ignoreColumns: list(v['ignore-columns']),
    imageSize: number('image-size', v['image-size'], (x) => count(x) && x > 0),
  });
  if (v.classes) dataset = selectClasses(dataset, list(v.classes));
  const validation = number('validation', v.validation, count)!;
  const initial = number('initial', v.initial, count)!;
  const test = number('test', v.test, count)!;
  const pool = dataset.train.count - validation - initial - (dataset.test ? 0 : test);
  const batches =
    v.batches === 'all'
      ? Math.ceil(Math.max(0, pool) / batch)
      : number('batches', v.batches, count)!;

  const out = v.out;
  await mkdir(out, { recursive: true });
  const bar = progressBar();
  const write = (line: string): void => {
    bar.clear();
    process.stdout.write(line + '\n');
  };
  write(
    `dataset ${v.dataset}: ${dataset.train.count} samples, ${dataset.classNames.length} classes (${dataset.classNames.join(', ')})` +
      (dataset.test ? `, test split ${dataset.test.count}` : ''),
  );
  write(
    [
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
    ].join('\t'),
  );
  const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

  const report = await runExperiment(
    {
      dataset,
      model: v.model,
      createFactory: (seed) => buildFactory(seed, modelOptions),
      strategies: strategies as StrategyName[],
      strategyParams: {
        threshold: number('threshold', v.threshold, (x) => x > 0 && x <= 1)!,
        randomRate,
        topK: number('top-k', v['top-k'], count) ?? Math.round(randomRate * batch),
        targetError: number('target-error', v['target-error'], share)!,
        auditShare: number('audit-share', v['audit-share'], share)!,
      },
      seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
      initial,
      batch,
      batches,
      validation,
      test,
      calibration,
      retrain: (v['warm-start'] ? 'warm' : 'auto') satisfies RetrainPolicy,
      oracleErrorRate: number('oracle-error', v['oracle-error'], share)!,
      stopManualShare: number('stop-manual-share', v['stop-manual-share'], share),
      stopAgreement: number('stop-agreement', v['stop-agreement'], share),
      fullSupervision: !v['no-full'],
    },
    {
      onRound: ({ strategy, seed }, r) =>
        write(
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
          ].join('\t') + (r.stoppedBy ? `\tstopped: ${r.stoppedBy}` : ''),
        ),
      onFullSupervision: (f) =>
        write(
          [
            'full',
            f.seed,
            '-',
            f.trainingSize,
            f.trainingSize,
            '-',
            '-',
            '-',
            '-',
            pct(f.testAccuracy),
            '-',
            f.seconds.toFixed(1),
          ].join('\t'),
        ),
      onProgress: ({ strategy, seed, round }, p) =>
        bar.update(
          p.fraction,
          `${strategy} seed ${seed} ${round < 0 ? 'all labels' : `round ${round}`} epoch ${p.epoch}/${p.epochs}` +
            (p.loss === undefined ? '' : ` loss ${p.loss.toFixed(4)}`),
        ),
    },
  );
  bar.clear();

  const { classNames, ...rest } = report;
  await writeFile(
    join(out, 'report.json'),
    JSON.stringify({ dataset: v.dataset, classNames, ...rest }, null, 2) + '\n',
  );
  await writeFile(join(out, 'report.csv'), reportCsv(report));
  await writeFile(join(out, 'accuracy.svg'), accuracyPlot(report));
  await writeFile(join(out, 'manual-share.svg'), manualSharePlot(report));
  const text = summaryText(report);
  await writeFile(join(out, 'summary.txt'), text);
  process.stdout.write(
    `\n${text}wrote ${join(out, 'report.json')}, report.csv, accuracy.svg, manual-share.svg, summary.txt\n`,
  );
  return report;
}
