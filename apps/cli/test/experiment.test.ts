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
        'threshold,random,entropy',
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
    // A header, 3 strategies x 2 seeds x 5 rounds, 2 full-supervision rows.
    expect(
      stdout.split('\n').filter((l) => /^(threshold|random|entropy|full)\t/.test(l)),
    ).toHaveLength(32);
    const report = await readReport(out);
    expect(report.runs).toHaveLength(6);
    expect(report.fullSupervision.map((f) => f.trainingSize)).toEqual([85, 85]);
    const threshold = report.runs.find((r) => r.strategy === 'threshold')!;
    expect(threshold.rounds.map((r) => r.trainingSize)).toEqual([5, 25, 45, 65, 85]);
    const last = threshold.rounds.at(-1)!;
    expect(last.humanLabels).toBeLessThan(85);
    expect(last.testAccuracy).toBeGreaterThan(0.85);
    expect(report.summary.comparisons.map((c) => c.strategy)).toEqual(['threshold', 'entropy']);
    const csv = (await readFile(join(out, 'report.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toMatch(
      /^model,strategy,seed,round,trainingSize,humanLabels,autoAccepted,autoAcceptedWrong/,
    );
    expect(csv).toHaveLength(1 + 30 + 2);
    for (const plot of ['accuracy.svg', 'manual-share.svg']) {
      const svg = await readFile(join(out, plot), 'utf8');
      expect(svg).toMatch(/^<svg/);
      expect(svg.match(/<polyline/g)).toHaveLength(3);
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
});
