/**
 * `medlabel loop-demo`: starts the platform on a fresh temporary data directory, runs a CNN
 * labeling loop on real Fashion-MNIST images through the HTTP API with a simulated annotator,
 * prints each round's figures and stops the platform, also when a step fails.
 */
import { parseArgs } from 'node:util';
import { FASHION_CLASSES, fashionImages } from '../loop-demo/fashion.js';
import { runLoopDemo, type DemoSettings } from '../loop-demo/demo.js';
import { PLATFORM_ADMIN, startPlatform } from '../loop-demo/platform.js';
import { isCount, isShare, listOption, numberOption, UsageError } from '../usage.js';

export const LOOP_DEMO_HELP = `Usage: medlabel loop-demo [options]

Starts the platform (apps/server/src/main.ts) on a temporary SQLite data directory, uploads
Fashion-MNIST images as PNG, labels a seed as a simulated annotator, creates a CNN labeling loop
(28x28 pixels, threshold routing, audits, manual retraining) and runs its rounds through the
HTTP API: pre-label, review every case in the review collections (the true label, with a
recorded time), train the next model. Prints one line per round and a summary, then stops the
platform.

  --dataset DIR              Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist,
                             Debian's dataset-fashion-mnist; packages/test-data/fashion-mnist
                             holds a committed 2,000-item slice)
  --classes A,B,...          class indices, 2 to 10 (default 0,3,6,8: T-shirt/top, Dress,
                             Shirt, Bag)
  --per-class N              images uploaded per class (default 100)
  --seed-per-class N         images per class the annotator labels before the loop (default 40)
  --validation-per-class N   of those, kept aside as the loop's V (default 10)
  --batch N                  images pre-labeled per round (default 120)
  --rounds N                 rounds (default 2)
  --threshold T              routing threshold on calibrated confidence (default 0.9)
  --audit-share S            share of auto-accepted labels sent to people (default 0.1)
  --epochs N                 CNN epochs per training (default: the server's, 12)
  --job-timeout SECONDS      how long one training or pre-labeling may take (default 300)
  --keep                     keep the platform's data directory and print where it is
`;

const OPTIONS = {
  dataset: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  classes: { type: 'string', default: '0,3,6,8' },
  'per-class': { type: 'string', default: '100' },
  'seed-per-class': { type: 'string', default: '40' },
  'validation-per-class': { type: 'string', default: '10' },
  batch: { type: 'string', default: '120' },
  rounds: { type: 'string', default: '2' },
  threshold: { type: 'string', default: '0.9' },
  'audit-share': { type: 'string', default: '0.1' },
  epochs: { type: 'string' },
  'job-timeout': { type: 'string', default: '300' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

const isPositive = (v: number) => isCount(v) && v > 0;

interface DemoPlan {
  readonly dataset: string;
  readonly classes: readonly number[];
  readonly perClass: number;
  readonly settings: DemoSettings;
}

function plan(v: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']): DemoPlan {
  const classes = listOption(v.classes).map((text) =>
    numberOption('classes', text, (k) => isCount(k) && k < FASHION_CLASSES.length)!,
  );
  if (classes.length < 2 || new Set(classes).size !== classes.length)
    throw new UsageError('--classes: name two or more different classes');
  const count = (name: keyof typeof OPTIONS, check = isPositive) =>
    numberOption(name, v[name] as string, check)!;
  const perClass = count('per-class');
  const seedPerClass = count('seed-per-class');
  const validationPerClass = count('validation-per-class', (n) => isCount(n) && n >= 2);
  const batchSize = count('batch', (n) => isCount(n) && n >= 10);
  const rounds = count('rounds');
  if (seedPerClass <= validationPerClass)
    throw new UsageError('--seed-per-class must exceed --validation-per-class (V and training)');
  const unlabeled = (perClass - seedPerClass) * classes.length;
  if (unlabeled < batchSize * rounds) {
    throw new UsageError(
      `${rounds} rounds of ${batchSize} need ${batchSize * rounds} unlabeled images; ` +
        `--per-class and --seed-per-class leave ${unlabeled}`,
    );
  }
  return {
    dataset: v.dataset,
    classes,
    perClass,
    settings: {
      classNames: classes.map((k) => FASHION_CLASSES[k]!),
      seedPerClass,
      validationPerClass,
      batchSize,
      rounds,
      threshold: numberOption('threshold', v.threshold, (t) => t >= 0.5 && t <= 1)!,
      auditShare: numberOption('audit-share', v['audit-share'], (s) => isShare(s) && s <= 0.5)!,
      ...(v.epochs === undefined ? {} : { epochs: count('epochs') }),
      jobTimeoutMs: count('job-timeout') * 1000,
    },
  };
}

export async function loopDemoCommand(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true });
  if (values.help) {
    process.stdout.write(LOOP_DEMO_HELP);
    return;
  }
  const { dataset, classes, perClass, settings } = plan(values);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  log(
    `medlabel loop demo: ${perClass} images each of ${settings.classNames.join(', ')}; CNN, ` +
      `threshold ${settings.threshold}, audit share ${settings.auditShare}, ${settings.rounds} rounds of ${settings.batchSize}`,
  );
  const images = await fashionImages(dataset, classes, perClass);
  const platform = await startPlatform({ timeoutMs: 60_000 });
  log(`platform: ${platform.baseUrl} (pid ${platform.pid}, data in ${platform.dataDir})`);
  try {
    await runLoopDemo({ baseUrl: platform.baseUrl, admin: PLATFORM_ADMIN, images, settings, log });
  } catch (error) {
    const tail = platform.output().trim().split('\n').slice(-20).join('\n');
    throw new Error(
      `${(error as Error).message}${tail ? `\nthe server's last output:\n${tail}` : ''}`,
      {
        cause: error,
      },
    );
  } finally {
    await platform.stop({ keepData: values.keep });
  }
  log(
    `stopped the platform${values.keep ? `; its data is in ${platform.dataDir}` : ''}; ` +
      `done in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
