import { describe, expect, it } from 'vitest';
import { routingCurve, summarize, type RunReport } from '../src/index.js';

describe('routing curve', () => {
  // Five samples: confidences 0.95 (right), 0.9 (wrong), 0.8 (right), 0.6 (wrong), 0.55 (right).
  const predicted = [0, 1, 2, 0, 1];
  const truth = [0, 0, 2, 1, 1];
  const confidence = [0.95, 0.9, 0.8, 0.6, 0.55];

  it('counts what each threshold sends to humans and how many accepted labels are wrong', () => {
    expect(routingCurve(predicted, confidence, truth, [0.5, 0.85, 0.9, 0.99])).toEqual([
      { threshold: 0.5, manualShare: 0, autoAccepted: 5, autoAcceptedWrong: 2 },
      { threshold: 0.85, manualShare: 0.6, autoAccepted: 2, autoAcceptedWrong: 1 },
      // At or above the threshold is accepted, as in the threshold strategy.
      { threshold: 0.9, manualShare: 0.6, autoAccepted: 2, autoAcceptedWrong: 1 },
      { threshold: 0.99, manualShare: 1, autoAccepted: 0, autoAcceptedWrong: 0 },
    ]);
  });

  it('is summarised over seeds for the last batch, pooled errors and share over model error', () => {
    const round = (seed: number, wrong: number) => ({
      round: 1,
      trainingSize: 20,
      humanLabels: 12,
      autoAccepted: 8,
      autoAcceptedWrong: wrong,
      humanCorrected: 0,
      audited: 0,
      auditedWrong: 0,
      skipped: 0,
      manualShare: 0.2 * seed,
      threshold: 0.9,
      routingCurve: [
        { threshold: 0.9, manualShare: 0.2 * seed, autoAccepted: 10, autoAcceptedWrong: wrong },
      ],
      validationAccuracy: 0.9,
      testAccuracy: 0.9,
      testConfusion: [],
      eceRaw: 0,
      eceCalibrated: 0,
      calibration: [],
      agreement: null,
      seconds: 1,
      stoppedBy: null,
    });
    const runs: RunReport[] = [1, 2].map((seed) => ({
      strategy: 'threshold',
      seed,
      rounds: [round(seed, seed)],
    }));
    const [curve] = summarize(runs, []).strategies[0]!.lastRoutingCurve;
    expect(curve!.threshold).toBe(0.9);
    expect(curve!.manualShare.mean).toBeCloseTo(0.3);
    expect(curve!.autoAcceptedWrongRate).toBeCloseTo(3 / 20);
    expect(curve!.manualShareToError).toBeCloseTo(0.3 / 0.1);
  });
});
