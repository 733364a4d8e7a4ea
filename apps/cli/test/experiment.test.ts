import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ExperimentReport } from '@medlabel/loop';
import { fashionSlice } from './fashion-slice.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../bin/medlabel.js');
const WBC = join(import.meta.dirname, '../fixtures/wbc/wbc_original.csv');

async function medlabel(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { maxBuffer: 10_000_000 });
}

async function readReport(out: string): Promise<ExperimentReport> {
  return JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ExperimentReport;
}

describe('medlabel experiment', () => {
  it('prints help and rejects bad options with exit code 2', async () => {
    expect((await medlabel('--help')).stdout).toMatch(/medlabel <command>/);
    expect((await medlabel('experiment', '--help')).stdout).toMatch(/--dataset SPEC/);
    await expect(medlabel('experiment', '--model', 'svm')).rejects.toMatchObject({ code: 2 });
    await expect(
      medlabel('experiment', '--dataset', `csv:${WBC}`, '--model', 'forest'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/unknown model forest/) as unknown,
    });
  });

  it('refuses impossible sizes at once, in one line that says what fits', async () => {
    const wbc = ['experiment', '--dataset', `csv:${WBC}`, '--label-column', 'Class'];
    const sizes = ['--ignore-columns', 'Id', '--model', 'logreg', '--validation', '40'];
    const refusals: [string[], RegExp][] = [
      // 699 rows: 40 in V, 1000 in D0 by default.
      [
        ['--test', '800', '--initial', '5', '--batch', '20'],
        /^medlabel: --test 800 does not fit: 699 samples less validation 40, initial 5 and one batch leave at most 653$/m,
      ],
      [['--batches', '0'], /^medlabel: --validation 40 and initial 1000 leave no samples/m],
      [
        ['--batches', '0', '--test', '100', '--initial', '5', '--batch', '200'],
        /^medlabel: --batches 0: at least 1; the pool of 554 samples holds 3 of batch 200$/m,
      ],
      [
        ['--batches', '20', '--test', '100', '--initial', '5', '--batch', '50'],
        /^medlabel: --batches 20 do not fit: the pool of 554 samples holds at most 12 of batch 50 \(or give batches all\)$/m,
      ],
      [['--augment', 'shift+flip'], /^medlabel: --augment: one of none, shift$/m],
      [['--threads', '0'], /^medlabel: --threads: invalid value 0$/m],
      [['--threads', '1.5'], /^medlabel: --threads: invalid value 1.5$/m],
    ];
    for (const [args, message] of refusals) {
      const refused = medlabel(...wbc, ...sizes, ...args);
      await expect(refused).rejects.toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(message) as unknown,
      });
    }
  });

  it('runs the SVM on WBC and writes report.json, report.csv and the plots', async () => {
    const out = await mkdtemp(join(tmpdir(), 'medlabel-wbc-'));
    const { stdout } = await medlabel(
      ...[
        'experiment',
        '--dataset',
        `csv:${WBC}`,
        '--label-column',
        'Class',
        '--ignore-columns',
        'Id',
      ],
      ...[
        '--model',
        'svm',
        '--strategies',
        'threshold,random,entropy,adaptive',
        '--seeds',
        '2',
        '--initial',
        '5',
      ],
      ...[
        '--batch',
        '20',
        '--batches',
        '4',
        '--validation',
        '40',
        '--test',
        '100',
        '--random-rate',
        '1',
        '--out',
        out,
      ],
    );
    // A header, 4 strategies x 2 seeds x 5 rounds, 2 full-supervision rows.
    expect(
      stdout.split('\n').filter((l) => /^(threshold|random|entropy|adaptive|full)\t/.test(l)),
    ).toHaveLength(42);
    const report = await readReport(out);
    expect(report.runs).toHaveLength(8);
    expect(report.fullSupervision.map((f) => f.trainingSize)).toEqual([85, 85]);
    const threshold = report.runs.find((r) => r.strategy === 'threshold')!;
    expect(threshold.rounds.map((r) => r.trainingSize)).toEqual([5, 25, 45, 65, 85]);
    const last = threshold.rounds.at(-1)!;
    expect(last.humanLabels).toBeLessThan(85);
    expect(last.testAccuracy).toBeGreaterThan(0.85);
    expect(report.summary.comparisons.map((c) => c.strategy)).toEqual([
      'threshold',
      'entropy',
      'adaptive',
    ]);
    const csv = (await readFile(join(out, 'report.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toMatch(
      /^model,strategy,seed,round,trainingSize,humanLabels,autoAccepted,autoAcceptedWrong,.*,targetError,errorBound,boundConfidence,targetMet$/,
    );
    expect(csv).toHaveLength(1 + 40 + 2);
    // Each adaptive round states its target, the certified bound when met and its confidence.
    const adaptiveRows = csv.filter((l) => l.split(',')[1] === 'adaptive');
    expect(adaptiveRows).toHaveLength(10);
    for (const row of adaptiveRows.filter((l) => l.split(',')[3] !== '0')) {
      const [targetError, bound, confidence, met] = row.split(',').slice(-4);
      expect([targetError, confidence]).toEqual(['0.01', '0.95']);
      expect(met === '1' ? Number(bound) <= 0.01 : met === '0' && bound === '').toBe(true);
    }
    for (const plot of ['accuracy.svg', 'manual-share.svg']) {
      const svg = await readFile(join(out, plot), 'utf8');
      expect(svg).toMatch(/^<svg/);
      expect(svg.match(/<polyline/g)).toHaveLength(4);
    }
  });

  it('runs logistic regression on a Fashion-MNIST slice with two classes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'medlabel-fmnist-'));
    const dir = await fashionSlice(1500, 300);
    await medlabel(
      ...[
        'experiment',
        '--dataset',
        `idx:${dir}`,
        '--classes',
        '1,9',
        '--model',
        'logreg',
        '--epochs',
        '5',
      ],
      ...[
        '--seeds',
        '1',
        '--initial',
        '20',
        '--batch',
        '50',
        '--batches',
        '2',
        '--validation',
        '60',
        '--test',
        '100',
      ],
      ...['--out', out],
    );
    const report = await readReport(out);
    expect(report.classNames).toEqual(['1', '9']);
    const random = report.runs.find((r) => r.strategy === 'random')!;
    expect(random.rounds.map((r) => r.humanLabels)).toEqual([20, 33, 46]);
    expect(report.fullSupervision[0]!.testAccuracy).toBeGreaterThan(0.95);
  });

  it('splits seeds and the ceiling over processes and merges the reports', async () => {
    const root = await mkdtemp(join(tmpdir(), 'medlabel-merge-'));
    const common = [
      ...[
        'experiment',
        '--dataset',
        `csv:${WBC}`,
        '--label-column',
        'Class',
        '--ignore-columns',
        'Id',
      ],
      ...[
        '--model',
        'logreg',
        '--epochs',
        '3',
        '--initial',
        '5',
        '--batch',
        '30',
        '--batches',
        '2',
      ],
      ...['--validation', '40', '--test', '100'],
    ];
    await Promise.all([
      medlabel(...common, '--seed-list', '1', '--no-full', '--out', join(root, 'a')),
      medlabel(...common, '--seed-list', '2', '--no-full', '--out', join(root, 'b')),
      medlabel(...common, '--seed-list', '1,2', '--only-full', '--out', join(root, 'full')),
    ]);
    expect((await readReport(join(root, 'full'))).runs).toEqual([]);
    const parts = ['a', 'b', 'full'].map((d) => join(root, d, 'report.json'));
    await medlabel('merge-reports', '--out', join(root, 'merged'), ...parts);
    const merged = await readReport(join(root, 'merged'));
    expect(merged.runs.map((r) => `${r.strategy}${r.seed}`).sort()).toEqual([
      'random1',
      'random2',
      'threshold1',
      'threshold2',
    ]);
    expect(merged.fullSupervision.map((f) => f.seed)).toEqual([1, 2]);
    expect(merged.summary.strategies.map((s) => s.runs)).toEqual([2, 2]);
    expect(merged.summary.fullSupervision).not.toBeNull();
    // The same seed twice, or reports of different experiments, are refused.
    await expect(
      medlabel('merge-reports', '--out', join(root, 'x'), parts[0]!, parts[0]!),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/threshold seed 1 appears twice/) as unknown,
    });
    await medlabel(
      ...common,
      '--seed-list',
      '3',
      '--threshold',
      '0.8',
      '--no-full',
      '--out',
      join(root, 'c'),
    );
    await expect(
      medlabel(
        'merge-reports',
        '--out',
        join(root, 'y'),
        parts[0]!,
        join(root, 'c', 'report.json'),
      ),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/differ in strategyParams.threshold/) as unknown,
    });
    // A parameter only another strategy reads does not keep runs apart.
    await medlabel(
      ...common,
      ...['--seed-list', '1', '--strategies', 'adaptive', '--target-error', '0.05', '--no-full'],
      ...['--out', join(root, 'd')],
    );
    await medlabel(
      'merge-reports',
      '--out',
      join(root, 'z'),
      ...parts,
      join(root, 'd', 'report.json'),
    );
    const withAdaptive = await readReport(join(root, 'z'));
    expect(withAdaptive.strategyParams.targetError).toBe(0.05);
    expect(withAdaptive.strategyParams.threshold).toBe(0.9);
    expect(withAdaptive.summary.strategies.map((s) => s.strategy)).toEqual([
      'threshold',
      'random',
      'adaptive',
    ]);
  });
});
