/**
 * CNN training throughput against PyTorch on the same network, data, batch and augmentation.
 * Usage: npx tsx packages/loop/bench/cnn-speed.ts [trainCount=2000] [epochs=3] [filters=16,32] [batch=64] [repeats=3]
 *
 * Each repeat runs, one after the other so that all see the same machine load: our CNN with 1
 * and 2 threads (`threads`, data-parallel workers), then PyTorch (cnn_speed_torch.py, Debian's
 * python3-torch, as /usr/bin/python3) with 1 and 2 threads. Throughput counts the epochs after
 * the first (which starts threads, packs XNNPACK operators and warms PyTorch's allocator); the
 * whole fit, start-up included, is printed too. Then the median of each and the ratios, with the
 * 1-minute load average before every run. The committed Fashion-MNIST slice has 2,000 items a
 * part; FASHION_MNIST_DIR names the full set (Debian's /usr/share/datasets/fashion-mnist).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CnnClassifier, initTrainingBackend } from '../src/cnn/index.js';
import { fashionMnist } from '../test/cnn-fixtures.js';

const [trainCount = 2000, epochs = 3] = process.argv.slice(2, 4).map(Number);
const filters = (process.argv[4] ?? '16,32').split(',').map(Number);
const batchSize = Number(process.argv[5] ?? 64);
const repeats = Number(process.argv[6] ?? 3);
if (epochs < 2) throw new Error('epochs must be at least 2: the first one only warms up');
const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = new URL('./cnn_speed_torch.py', import.meta.url).pathname;

interface Run {
  readonly name: string;
  /** Images per second over epochs 2..E. */
  readonly steady: number;
  /** Seconds of the whole fit, start-up included. */
  readonly total: number;
  readonly load: number;
  readonly note: string;
}

function throughput(epochSeconds: readonly number[]): number {
  const steady = epochSeconds.slice(1);
  return (trainCount * steady.length) / steady.reduce((a, b) => a + b, 0);
}

await initTrainingBackend();
const train = fashionMnist('train', trainCount);
const test = fashionMnist('t10k', 2000);

async function ours(threads: number): Promise<Run> {
  const load = loadavg()[0]!;
  const cnn = new CnnClassifier(10, {
    epochs,
    batchSize,
    seed: 1,
    threads,
    architecture: { filters },
  });
  const seconds: number[] = [];
  // CPU time of the process (every thread): what a run costs, less sensitive to others' load.
  const cpuMs: number[] = [];
  const started = performance.now();
  let last = started;
  let lastCpu = process.cpuUsage();
  await cnn.fit(train, {
    onProgress: () => {
      const now = performance.now();
      seconds.push((now - last) / 1000);
      last = now;
      const cpu = process.cpuUsage(lastCpu);
      cpuMs.push((cpu.user + cpu.system) / 1000);
      lastCpu = process.cpuUsage();
    },
  });
  const total = (performance.now() - started) / 1000;
  const proba = await cnn.predictProba(test);
  cnn.dispose();
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    const row = proba.subarray(i * 10, i * 10 + 10);
    if (row.indexOf(Math.max(...row)) === test.labels[i]) correct++;
  }
  const accuracy = ((100 * correct) / test.count).toFixed(2);
  return {
    name: `ours ${threads}T`,
    steady: throughput(seconds),
    total,
    load,
    note: `CPU ${(cpuMs.slice(1).reduce((a, b) => a + b, 0) / (trainCount * (epochs - 1))).toFixed(2)} ms per image after the first epoch; test accuracy ${accuracy}%`,
  };
}

function torchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

const folder = mkdtempSync(join(tmpdir(), 'cnn-speed-'));
const imagesFile = join(folder, 'images.f32');
const labelsFile = join(folder, 'labels.i32');
writeFileSync(imagesFile, train.values);
writeFileSync(labelsFile, train.labels);

function pytorch(threads: number): Run {
  const load = loadavg()[0]!;
  const started = performance.now();
  const out = execFileSync(PYTHON, [
    TORCH_SCRIPT,
    imagesFile,
    labelsFile,
    String(trainCount),
    String(epochs),
    filters.join(','),
    String(batchSize),
    String(threads),
  ]).toString();
  const total = (performance.now() - started) / 1000;
  const lines = out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { seconds: number; loss: number });
  return {
    name: `PyTorch ${threads}T`,
    steady: throughput(lines.map((l) => l.seconds)),
    total,
    load,
    note: `last loss ${lines.at(-1)!.loss.toFixed(4)}`,
  };
}

const withTorch = torchAvailable();
if (!withTorch) {
  console.log(
    `PyTorch side skipped: ${PYTHON} cannot import torch (as root: apt-get install -y python3-torch)`,
  );
}
const runs: Run[] = [];
try {
  for (let r = 0; r < repeats; r++) {
    for (const run of [
      () => ours(1),
      () => ours(2),
      ...(withTorch ? [() => pytorch(1), () => pytorch(2)] : []),
    ]) {
      const result = await run();
      runs.push(result);
      console.log(
        `${result.name.padEnd(10)} ${result.steady.toFixed(0).padStart(5)} images/s after the first epoch; ` +
          `fit ${result.total.toFixed(1)} s with start-up; load ${result.load.toFixed(2)}; ${result.note}`,
      );
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const names = [...new Set(runs.map((r) => r.name))];
const medians = new Map(
  names.map((n) => [n, median(runs.filter((r) => r.name === n).map((r) => r.steady))]),
);
console.log(
  `filters ${filters.join(',')}, batch ${batchSize}, ${trainCount} images x ${epochs} epochs, ${repeats} repeats; ` +
    `load ${median(runs.map((r) => r.load)).toFixed(2)} (median; ${Math.min(...runs.map((r) => r.load)).toFixed(2)}-${Math.max(...runs.map((r) => r.load)).toFixed(2)})`,
);
console.log(
  `median images/s: ${names.map((n) => `${n} ${medians.get(n)!.toFixed(0)}`).join(', ')}`,
);
if (withTorch) {
  // Ratios per repeat (runs of one repeat saw the same load), then their median.
  const ratio = (ourName: string, torchName: string): string => {
    const per = Array.from({ length: repeats }, (_, r) => {
      const of = (n: string) => runs.filter((x) => x.name === n)[r]!.steady;
      return of(ourName) / of(torchName);
    });
    return `${ourName} / ${torchName} = ${median(per).toFixed(2)} (${per.map((p) => p.toFixed(2)).join(', ')})`;
  };
  console.log(
    `median ratios: ${ratio('ours 1T', 'PyTorch 1T')}; ${ratio('ours 2T', 'PyTorch 1T')}; ${ratio('ours 2T', 'PyTorch 2T')}`,
  );
}
