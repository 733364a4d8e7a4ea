import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@medlabel/csv';
import { labelsToReach, randomBaselineCurve } from '@medlabel/loop';
import { describe, expect, it, vi } from 'vitest';
import { compareCommand, compareReports } from '../src/commands/compare.js';
import { mergeReports } from '../src/commands/merge-reports.js';
import { seedOutcomes } from '../src/report/seed-outcomes.js';
import { summaryText } from '../src/report/tables.js';
import type { SavedReport } from '../src/report/write.js';

const EXPERIMENTS = join(import.meta.dirname, '../../../docs/experiments');
const read = async (name: string) =>
  JSON.parse(await readFile(join(EXPERIMENTS, name, 'report.json'), 'utf8')) as SavedReport;

/** "adaptive: ... random needs 8143 (1.85x)" -> 1.85 */
function ratioOf(text: string, strategy: string): number {
  const match = new RegExp(`^${strategy}: .*random needs \\d+ \\(([\\d.]+)x\\)$`, 'm').exec(text);
  if (!match) throw new Error(`no ratio for ${strategy} in\n${text}`);
  return Number(match[1]);
}

describe('medlabel compare', () => {
  it('pools random at 25, 50 and 75% of each batch with the ceiling', async () => {
    const loop = await read('fashion-mnist-10');
    const pooled = compareReports([
      loop,
      await read('fashion-mnist-10-random50'),
      await read('fashion-mnist-10-random75'),
    ]);
    const labels = /^random baseline \(human labels: test accuracy\): (.*)$/m
      .exec(pooled)![1]!
      .split(', ')
      .map((point) => Number(point.split(':')[0]));
    // 25%: 1000-3000 by 500; 50%: 2000-5000 by 1000; 75%: 2500-7000 by 1500; the ceiling.
    expect(labels).toEqual([1000, 1500, 2000, 2500, 3000, 4000, 5000, 5500, 7000, 9000]);
    // Measured points between 3,000 and 9,000 labels lie above the straight line to the
    // ceiling (the curve is concave), so random needs fewer labels than the 25% curve alone says.
    const alone = compareReports([loop]);
    for (const strategy of ['threshold', 'adaptive']) {
      expect(ratioOf(pooled, strategy)).toBeLessThan(ratioOf(alone, strategy));
    }
  });

  it('names each strategy line by its parameters, or its report, when several reports run it', async () => {
    const loop = await read('fashion-mnist-10');
    const looser = { ...loop, strategyParams: { ...loop.strategyParams, targetError: 0.05 } };
    const lines = compareReports([loop, looser]).split('\n');
    const adaptive = lines.filter((l) => l.startsWith('adaptive'));
    expect(adaptive.map((l) => l.split(':')[0])).toEqual([
      `adaptive (targetError ${loop.strategyParams.targetError}, auditShare ${loop.strategyParams.auditShare})`,
      `adaptive (targetError 0.05, auditShare ${loop.strategyParams.auditShare})`,
    ]);
    const twice = compareReports([loop, loop]).split('\n');
    expect(twice.filter((l) => l.startsWith('threshold')).map((l) => l.split(':')[0])).toEqual([
      expect.stringMatching(/^threshold \(threshold [\d.]+, auditShare [\d.]+; report 1\)$/),
      expect.stringMatching(/^threshold \(threshold [\d.]+, auditShare [\d.]+; report 2\)$/),
    ]);
  });

  it('gives each seed its observed auto-label error against the target and random’s labels for its accuracy', async () => {
    const loop = await read('fashion-mnist-10');
    const baselines = [
      await read('fashion-mnist-10-random50'),
      await read('fashion-mnist-10-random75'),
    ];
    const text = compareReports([loop], { baselines, perSeed: true });
    // The baseline reports pool into random's curve but list no strategy of their own.
    expect(
      text
        .split('\n')
        .filter((l) => /^\w/.test(l))
        .map((l) => l.split(':')[0]),
    ).toEqual(['random baseline (human labels', 'threshold', 'adaptive']);
    const curve = randomBaselineCurve([loop, ...baselines].map((r) => r.summary));
    const outcomes = seedOutcomes([loop], curve).filter((o) => o.strategy === 'adaptive');
    expect(outcomes.map((o) => o.seed).sort()).toEqual([1, 2, 3, 4, 5]);
    const adaptive = loop.summary.strategies.find((s) => s.strategy === 'adaptive')!;
    const wrong = outcomes.reduce((a, o) => a + o.autoAcceptedWrong, 0);
    const accepted = outcomes.reduce((a, o) => a + o.autoAccepted, 0);
    expect(wrong / accepted).toBeCloseTo(adaptive.autoAcceptedWrongRate!, 12);
    // This (pre-certification) run held 1.5% in some seeds and not in others (1.49-2.66%).
    const target = loop.strategyParams.targetError;
    for (const o of outcomes) {
      expect(o.withinTarget).toBe(o.autoAcceptedWrong / o.autoAccepted <= target);
      expect(o.randomLabels).toBe(labelsToReach(curve, o.finalTestAccuracy));
      expect(o.shareOfRandom).toBe(o.humanLabels / o.randomLabels!);
      expect(text).toContain(
        `seed ${o.seed}: ${o.autoAcceptedWrong} of ${o.autoAccepted} auto-accepted wrong`,
      );
    }
    expect(outcomes.filter((o) => o.withinTarget).map((o) => o.seed)).toEqual([3, 4]);
    expect(text).toMatch(
      /seed 2: 119 of 4482 auto-accepted wrong \(2\.66%; target 1\.50%: ABOVE; 4 of 4 above target\)/,
    );
  });

  it('writes the per-seed rows as CSV', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'medlabel-compare-')), 'seeds.csv');
    const path = (name: string) => join(EXPERIMENTS, name, 'report.json');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await compareCommand([
        '--csv',
        out,
        '--baseline',
        path('fashion-mnist-6-random50'),
        path('fashion-mnist-6'),
      ]);
    } finally {
      quiet.mockRestore();
    }
    const [header, ...rows] = parseCsv(await readFile(out, 'utf8'));
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]);
    // Threshold and adaptive, five seeds each; random only makes the baseline.
    expect(column('strategy')).toEqual([
      ...Array<string>(5).fill('threshold'),
      ...Array<string>(5).fill('adaptive'),
    ]);
    expect(column('targetError')).toEqual([
      ...Array<string>(5).fill(''),
      ...Array<string>(5).fill('0.01'),
    ]);
    expect(
      column('withinTarget')
        .slice(5)
        .every((v) => v === 'true' || v === 'false'),
    ).toBe(true);
  });

  it('explains why random runs at two rates of one seed do not merge, and what pools them', async () => {
    const reports = [await read('fashion-mnist-10'), await read('fashion-mnist-10-random50')];
    expect(() => mergeReports(reports)).toThrow(
      /random seed \d+ appears twice, at random rates 0.25 and 0.5: .*`medlabel compare` pools/,
    );
  });

  it('refuses reports of different experiments', async () => {
    const [ten, six] = await Promise.all([read('fashion-mnist-10'), read('fashion-mnist-6')]);
    expect(() => compareReports([ten, six])).toThrow(/differ in classNames, sizes/);
  });
});

describe('the summary text', () => {
  it('says in words when a strategy does not reach random’s final accuracy', async () => {
    const report = await read('fashion-mnist-10');
    const [first] = report.summary.comparisons;
    const behind = {
      ...report,
      summary: {
        ...report.summary,
        comparisons: [{ ...first!, labelsToReachRandomFinal: null, shareOfRandomLabels: null }],
      },
    };
    const text = summaryText(behind);
    expect(text).toContain(
      `${first!.strategy} does not reach random's final accuracy within its ${first!.humanLabels.toFixed(0)} labels`,
    );
    expect(text).not.toContain('never');
  });
});
