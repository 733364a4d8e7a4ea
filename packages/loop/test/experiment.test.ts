import { describe, expect, it } from 'vitest';
import {
  createLogisticRegression,
  runExperiment,
  type ClassifierFactory,
  type Dataset,
} from '../src/index.js';
import { blobs } from './fixtures.js';

const dataset: Dataset = { train: blobs(600, 3, 4, 1.5, 2), classNames: ['a', 'b', 'c'] };

/** A logistic-regression factory that records the size of every set its classifiers fit. */
function recordingFactory(fits: number[]): ClassifierFactory {
  return (classCount) => {
    const classifier = createLogisticRegression(classCount, { seed: 1, epochs: 5 });
    const fit = classifier.fit.bind(classifier);
    classifier.fit = (data, options) => {
      fits.push(data.count);
      return fit(data, options);
    };
    return classifier;
  };
}

describe('runExperiment', () => {
  it('trains the ceiling with its own factory and reports each round routing curve', async () => {
    const loopFits: number[] = [];
    const ceilingFits: number[] = [];
    const report = await runExperiment({
      dataset,
      model: 'logreg',
      createFactory: () => Promise.resolve(recordingFactory(loopFits)),
      createFullSupervisionFactory: () => Promise.resolve(recordingFactory(ceilingFits)),
      strategies: ['threshold'],
      strategyParams: {
        threshold: 0.9,
        randomRate: 0.25,
        topK: 10,
        targetError: 0.01,
        auditShare: 0,
      },
      seeds: [1],
      test: 100,
      validation: 60,
      initial: 30,
      batch: 100,
      batches: 3,
      calibration: 'temperature',
      retrain: 'auto',
      oracleErrorRate: 0,
      fullSupervision: true,
    });
    expect(loopFits).toEqual([30, 130, 230, 330]);
    expect(ceilingFits).toEqual([330]);
    expect(report.fullSupervision[0]!.trainingSize).toBe(330);

    const [first, ...rest] = report.runs[0]!.rounds;
    expect(first!.routingCurve).toBeNull();
    for (const round of rest) {
      // The curve's point at the strategy's own threshold is what the round actually did.
      const atThreshold = round.routingCurve!.find((p) => p.threshold === 0.9)!;
      expect(atThreshold.autoAccepted).toBe(round.autoAccepted);
      expect(atThreshold.autoAcceptedWrong).toBe(round.autoAcceptedWrong);
      expect(atThreshold.manualShare).toBe(round.manualShare);
      const shares = round.routingCurve!.map((p) => p.manualShare);
      expect(shares).toEqual([...shares].sort((a, b) => a - b));
    }
  });

  it('reports the adaptive guarantee, or its refusal, in every routed round', async () => {
    const report = await runExperiment({
      dataset,
      model: 'logreg',
      createFactory: () => Promise.resolve(recordingFactory([])),
      strategies: ['adaptive', 'threshold'],
      strategyParams: {
        threshold: 0.9,
        randomRate: 0.25,
        topK: 10,
        targetError: 0.2,
        auditShare: 0,
      },
      seeds: [1],
      test: 100,
      validation: 60,
      initial: 30,
      batch: 100,
      batches: 2,
      calibration: 'temperature',
      retrain: 'auto',
      oracleErrorRate: 0,
      fullSupervision: false,
    });
    const [adaptive, threshold] = report.runs;
    // Each round's bound covers every label the run has accepted so far.
    let runAccepted = 0;
    for (const round of adaptive!.rounds.slice(1)) {
      const guarantee = round.guarantee!;
      expect(guarantee).toMatchObject({ targetError: 0.2, confidence: 0.95, validationCount: 60 });
      expect(guarantee.message).toMatch(
        guarantee.met ? /^auto-label error at most/ : /^no threshold/,
      );
      if (!guarantee.met) expect(round.autoAccepted).toBe(0);
      expect(guarantee.accepted?.batchAccepted ?? 0).toBe(round.autoAccepted);
      runAccepted += round.autoAccepted;
      if (guarantee.met)
        expect(guarantee.message).toContain(`wrong of the ${runAccepted} labels accepted`);
    }
    // Both batches had labels accepted, so the second round's bound pooled the first's.
    expect(adaptive!.rounds.slice(1).every((round) => round.autoAccepted > 0)).toBe(true);
    expect(threshold!.rounds.every((round) => round.guarantee === undefined)).toBe(true);
  });

  it('refuses sizes that cannot split the data before it builds a model', async () => {
    let factories = 0;
    const run = runExperiment({
      dataset,
      model: 'logreg',
      createFactory: () => {
        factories++;
        return Promise.resolve(recordingFactory([]));
      },
      strategies: ['threshold'],
      strategyParams: {
        threshold: 0.9,
        randomRate: 0.25,
        topK: 10,
        targetError: 0.1,
        auditShare: 0,
      },
      seeds: [1],
      test: 100,
      validation: 60,
      initial: 30,
      batch: 100,
      batches: 0,
      calibration: 'temperature',
      retrain: 'auto',
      oracleErrorRate: 0,
      fullSupervision: false,
    });
    await expect(run).rejects.toThrow(/^batches 0: at least 1; the pool of 410 samples holds 5/);
    expect(factories).toBe(0);
  });
});
