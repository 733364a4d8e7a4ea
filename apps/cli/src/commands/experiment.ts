/**
 * `medlabel experiment`: runs the labelling loop on a dataset with several strategies and seeds,
 * prints one row per round and writes report.json, report.csv and SVG plots to --out.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  STRATEGY_NAMES,
  isStrategyName,
  poolSize,
  runExperiment,
  splitSizesProblem,
  type CalibrationMethod,
  type ExperimentReport,
  type RetrainPolicy,
  type StrategyName,
} from '@medlabel/loop';
import { loadDataset, selectClasses } from '../datasets/index.js';
import {
  AUGMENTATIONS,
  DEFAULT_CNN_THREADS,
  modelBuilder,
  MODEL_NAMES,
  type Augmentation,
} from '../models.js';
import { LOG_COLUMNS, fullSupervisionRow, roundRow } from '../report/log-rows.js';
import { OUTPUT_FILES, writeReport } from '../report/write.js';
import { isCount, isShare, listOption, numberOption, UsageError } from '../usage.js';
import { progressBar } from '../progress.js';

export const EXPERIMENT_HELP = `Usage: medlabel experiment --dataset SPEC --model NAME [options]

Runs the semi-automatic labelling loop with a simulated annotator and writes a report.

Dataset:
  --dataset SPEC          idx:DIR | folder:DIR | csv:FILE
  --label-column NAME     label column of a CSV dataset (required for csv:)
  --ignore-columns A,B    CSV columns that are not features (e.g. Id)
  --no-header             the CSV has no header row: columns are named 1..n (label last: n)
  --skip-rows N           CSV rows to pass over before the header or data (default 0)
  --image-size N          folder datasets: images are resized to N x N grey (default 64)
  --classes A,B,...       keep these classes (names or indices), renumbered in this order
Model:
  --model NAME            ${MODEL_NAMES.join(' | ')}
  --epochs N              training epochs (logreg, cnn)
  --full-epochs N         epochs of the full-supervision ceiling (default --epochs). With
                          --warm-start the loop's last model trained in every round; a ceiling
                          with as many steps takes epochs x (sum of round sizes) / all labels
  --warm-start            cnn: continue from the previous round's weights
  --augment A             cnn: none | shift (default shift: up to 2 pixels)
  --mirror-invariant      cnn: the labels survive a left-right mirror (clothing; not digits,
                          laterality, situs or echo views): flip images in training and average
                          each prediction with its mirror image's. Off by default
  --threads N             cnn: threads a fit trains on, data-parallel (default: the machine's
                          cores, at most 2: ${DEFAULT_CNN_THREADS} here; give 1 to each of several
                          processes run at once). The seed reproduces a run for a given thread
                          count; another count gives another, equally good fit
  --svm-cost C            svm: cost (default 1)
  --svm-gamma G           svm: RBF gamma (default 1/features)
  --calibration M         temperature | platt | none (default: platt for svm, temperature otherwise)
Protocol:
  --strategies A,B        ${STRATEGY_NAMES.join(', ')} (default threshold,random)
  --seeds N               seeds 1..N (default 5)
  --seed-list A,B         exactly these seeds instead (to split the work over processes)
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
  --only-full             run only the full-supervision ceiling (no strategies)
  (runs split over processes are joined by: medlabel merge-reports --out DIR a/report.json ...)
Output:
  --out DIR               where report.json, report.csv, accuracy.svg, manual-share.svg go (default ./experiment)
`;

const OPTIONS = {
  dataset: { type: 'string' },
  'label-column': { type: 'string' },
  'ignore-columns': { type: 'string' },
  'no-header': { type: 'boolean' },
  'skip-rows': { type: 'string' },
  'image-size': { type: 'string' },
  classes: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  'full-epochs': { type: 'string' },
  'warm-start': { type: 'boolean' },
  augment: { type: 'string' },
  'mirror-invariant': { type: 'boolean' },
  threads: { type: 'string' },
  'svm-cost': { type: 'string' },
  'svm-gamma': { type: 'string' },
  calibration: { type: 'string' },
  strategies: { type: 'string', default: 'threshold,random' },
  seeds: { type: 'string', default: '5' },
  'seed-list': { type: 'string' },
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
  'only-full': { type: 'boolean' },
  out: { type: 'string', default: 'experiment' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
  if (v['only-full'] && v['no-full'])
    throw new UsageError('--only-full and --no-full exclude each other');
  const strategies = v['only-full'] ? [] : listOption(v.strategies);
  const unknown = strategies.filter((s) => !isStrategyName(s));
  if (unknown.length > 0 || (strategies.length === 0 && !v['only-full']))
    throw new UsageError(`--strategies: unknown ${unknown.join(', ')}`);
  const calibration = (v.calibration ??
    (v.model === 'svm' ? 'platt' : 'temperature')) as CalibrationMethod;
  if (!['temperature', 'platt', 'none'].includes(calibration))
    throw new UsageError('--calibration: temperature, platt or none');

  const batch = numberOption('batch', v.batch, isCount)!;
  const randomRate = numberOption('random-rate', v['random-rate'], isShare)!;
  const seeds = v['seed-list']
    ? listOption(v['seed-list']).map((text) => numberOption('seed-list', text, isCount)!)
    : Array.from(
        { length: numberOption('seeds', v.seeds, (x) => isCount(x) && x > 0)! },
        (_, i) => i + 1,
      );
  if (seeds.length === 0) throw new UsageError('--seed-list: name at least one seed');
  if (v.augment !== undefined && !AUGMENTATIONS.includes(v.augment))
    throw new UsageError(`--augment: one of ${AUGMENTATIONS.join(', ')}`);
  const modelOptions = {
    epochs: numberOption('epochs', v.epochs, isCount),
    warmStart: v['warm-start'],
    augment: v.augment as Augmentation | undefined,
    mirrorInvariant: v['mirror-invariant'],
    threads: numberOption('threads', v.threads, (x) => isCount(x) && x > 0),
    svmCost: numberOption('svm-cost', v['svm-cost'], (x) => x > 0),
    svmGamma: numberOption('svm-gamma', v['svm-gamma'], (x) => x > 0),
  };
  const fullEpochs = numberOption('full-epochs', v['full-epochs'], (x) => isCount(x) && x > 0);

  let dataset = await loadDataset(v.dataset, {
    labelColumn: v['label-column'],
    ignoreColumns: listOption(v['ignore-columns']),
    csvHeader: !v['no-header'],
    skipRows: numberOption('skip-rows', v['skip-rows'], isCount),
    imageSize: numberOption('image-size', v['image-size'], (x) => isCount(x) && x > 0),
  });
  if (v.classes) dataset = selectClasses(dataset, listOption(v.classes));
  const validation = numberOption('validation', v.validation, isCount)!;
  const initial = numberOption('initial', v.initial, isCount)!;
  const test = numberOption('test', v.test, isCount)!;
  const pool = poolSize(dataset, { test, validation, initial });
  const batches =
    v.batches === 'all'
      ? Math.ceil(Math.max(0, pool) / batch)
      : numberOption('batches', v.batches, isCount)!;
  // Every problem names its option first: "test 800 does not fit: ...".
  const sizesProblem = splitSizesProblem(dataset, { test, validation, initial, batch, batches });
  if (sizesProblem) throw new UsageError(`--${sizesProblem}`);

  const bar = progressBar();
  const write = (line: string): void => {
    bar.clear();
    process.stdout.write(line + '\n');
  };
  write(
    `dataset ${v.dataset}: ${dataset.train.count} samples, ${dataset.classNames.length} classes (${dataset.classNames.join(', ')})` +
      (dataset.test ? `, test split ${dataset.test.count}` : ''),
  );
  write(LOG_COLUMNS.join('\t'));

  const report = await runExperiment(
    {
      dataset,
      model: v.model,
      createFactory: (seed) => buildFactory(seed, modelOptions),
      createFullSupervisionFactory: (seed) =>
        buildFactory(seed, { ...modelOptions, epochs: fullEpochs ?? modelOptions.epochs }),
      strategies: strategies as StrategyName[],
      strategyParams: {
        threshold: numberOption('threshold', v.threshold, (x) => x > 0 && x <= 1)!,
        randomRate,
        topK: numberOption('top-k', v['top-k'], isCount) ?? Math.round(randomRate * batch),
        targetError: numberOption('target-error', v['target-error'], isShare)!,
        auditShare: numberOption('audit-share', v['audit-share'], isShare)!,
      },
      seeds,
      initial,
      batch,
      batches,
      validation,
      test,
      calibration,
      retrain: (v['warm-start'] ? 'warm' : 'auto') satisfies RetrainPolicy,
      oracleErrorRate: numberOption('oracle-error', v['oracle-error'], isShare)!,
      stopManualShare: numberOption('stop-manual-share', v['stop-manual-share'], isShare),
      stopAgreement: numberOption('stop-agreement', v['stop-agreement'], isShare),
      fullSupervision: !v['no-full'],
    },
    {
      onRound: ({ strategy, seed }, r) => write(roundRow(strategy, seed, r)),
      onFullSupervision: (f) => write(fullSupervisionRow(f)),
      onProgress: ({ strategy, seed, round }, p) =>
        bar.update(
          p.fraction,
          `${strategy} seed ${seed} ${round < 0 ? 'all labels' : `round ${round}`} epoch ${p.epoch}/${p.epochs}` +
            (p.loss === undefined ? '' : ` loss ${p.loss.toFixed(4)}`),
        ),
    },
  );
  bar.clear();

  const text = await writeReport({ dataset: v.dataset, ...report }, v.out);
  process.stdout.write(
    `\n${text}wrote ${join(v.out, 'report.json')} and the rest of ${OUTPUT_FILES}\n`,
  );
  return report;
}
