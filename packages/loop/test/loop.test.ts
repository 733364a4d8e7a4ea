import { describe, expect, it } from 'vitest';
import {
  createLogisticRegression,
  createRng,
  manualShareBelow,
  modelAgreementAbove,
  randomStrategy,
  runLoop,
  simulatedOracle,
  take,
  takeLabeled,
  thresholdStrategy,
  withAudit,
  type Classifier,
  type ClassifierFactory,
  type LabeledSamples,
  type LoopOptions,
  type LoopRound,
  type UnlabeledBatch,
} from '../src/index.js';
import { blobs } from './fixtures.js';

const data = blobs(1400, 3, 4, 3, 11);
const rows = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

/** A real logistic regression that also records every training set it is given. */
function recording(fits: LabeledSamples[], created: { count: number }): ClassifierFactory {
  return (classCount) => {
    created.count++;
    const inner = createLogisticRegression(classCount, { epochs: 5, minSteps: 100 });
    const recorder: Classifier = {
      ...inner,
      name: inner.name,
      classCount,
      warmStart: inner.warmStart,
      fit: (training, options) => {
        fits.push(training);
        return inner.fit(training, options);
      },
    };
    return recorder;
  };
}

function options(overrides: Partial<LoopOptions> & { factory: ClassifierFactory }): LoopOptions {
  const batches: UnlabeledBatch[] = [0, 1, 2].map((b) => {
    const ids = rows(300 + b * 200, 500 + b * 200);
    return { ids: Int32Array.from(ids), samples: take(data, ids) };
  });
  return {
    classCount: 3,
    initial: takeLabeled(data, rows(0, 30)),
    validation: takeLabeled(data, rows(30, 300)),
    batches,
    oracle: simulatedOracle({ truth: data.labels, classCount: 3, rng: createRng(1) }),
    strategy: thresholdStrategy(0.9),
    rng: createRng(2),
    ...overrides,
  };
}

async function collect(loop: AsyncGenerator<LoopRound>): Promise<LoopRound[]> {
  const rounds: LoopRound[] = [];
  for await (const round of loop) rounds.push(round);
  return rounds;
}

describe('the labelling loop', () => {
  it('merges every labelled batch into the next training set, humans overriding predictions', async () => {
    const fits: LabeledSamples[] = [];
    // An oracle that always answers class 2 makes human answers easy to tell from predictions.
    const oracle = {
      label: (requests: readonly unknown[]) =>
        Promise.resolve(new Int32Array(requests.length).fill(2)),
    };
    const rounds = await collect(
      runLoop(options({ factory: recording(fits, { count: 0 }), oracle })),
    );
    expect(rounds.map((r) => r.round)).toEqual([0, 1, 2, 3]);
    expect(fits).toHaveLength(4);
    for (let i = 1; i < fits.length; i++) {
      const batch = rounds[i]!.batch!;
      const previous = fits[i - 1]!;
      const current = fits[i]!;
      expect(current.count).toBe(previous.count + batch.mergedRows.length);
      // The old training set is kept as is, then the merged rows follow with their labels.
      expect(current.values.subarray(0, previous.values.length)).toEqual(previous.values);
      expect(current.labels.subarray(0, previous.count)).toEqual(previous.labels);
      const added = take(
        data,
        Array.from(batch.mergedRows, (row) => batch.ids[row]!),
      );
      expect(current.values.subarray(previous.values.length)).toEqual(added.values);
      const human = new Set(batch.routing.toHuman);
      batch.mergedRows.forEach((row, j) => {
        expect(current.labels[previous.count + j]).toBe(human.has(row) ? 2 : batch.predicted[row]);
        expect(batch.mergedSources[j]).toBe(human.has(row) ? 'human' : 'model');
      });
    }
    expect(
      rounds
        .slice(1)
        .some((r) => r.batch!.routing.toHuman.some((row) => r.batch!.predicted[row] !== 2)),
    ).toBe(true);
  });

  it('counts human labels and keeps skipped samples out of training', async () => {
    const fits: LabeledSamples[] = [];
    const rounds = await collect(
      runLoop(options({ factory: recording(fits, { count: 0 }), strategy: randomStrategy(0.25) })),
    );
    expect(rounds.map((r) => r.humanLabels)).toEqual([30, 80, 130, 180]);
    expect(rounds.map((r) => r.trainingSize)).toEqual([30, 80, 130, 180]);
    expect(rounds.slice(1).map((r) => r.manualShare)).toEqual([0.25, 0.25, 0.25]);
    expect(rounds.at(-1)!.validationAccuracy).toBeGreaterThan(0.85);
  });

  it('auto-accepts confident samples and ends up accurate', async () => {
    const rounds = await collect(runLoop(options({ factory: recording([], { count: 0 }) })));
    const last = rounds.at(-1)!;
    expect(last.trainingSize).toBe(630);
    expect(last.humanLabels).toBeLessThan(300);
    expect(last.validationAccuracy).toBeGreaterThan(0.9);
    expect(last.eceCalibrated).toBeLessThan(0.1);
    expect(last.agreement).toBeGreaterThan(0.8);
  });

  it('keeps a warm-startable classifier unless told to retrain from scratch', async () => {
    const auto = { count: 0 };
    await collect(runLoop(options({ factory: recording([], auto) })));
    expect(auto.count).toBe(1);
    const scratch = { count: 0 };
    await collect(runLoop(options({ factory: recording([], scratch), retrain: 'scratch' })));
    expect(scratch.count).toBe(4);
  });

  it('stops when a stopping rule fires', async () => {
    const rounds = await collect(
      runLoop(
        options({ factory: recording([], { count: 0 }), stopping: [manualShareBelow(1.01, 2)] }),
      ),
    );
    expect(rounds).toHaveLength(3);
    expect(rounds.at(-1)!.stoppedBy).toMatch(/manual share/);
  });

  it('stops when successive models agree on V', async () => {
    const rounds = await collect(
      runLoop(
        options({ factory: recording([], { count: 0 }), stopping: [modelAgreementAbove(0)] }),
      ),
    );
    expect(rounds.map((r) => r.round)).toEqual([0, 1]);
    expect(rounds[1]!.stoppedBy).toMatch(/agreement/);
  });

  it('counts audits where the human disagreed with the model', async () => {
    // Every confident sample is audited, and this oracle contradicts every prediction.
    const oracle = {
      label: (requests: readonly { predicted: number }[]) =>
        Promise.resolve(Int32Array.from(requests, (r) => (r.predicted + 1) % 3)),
    };
    const rounds = await collect(
      runLoop(
        options({
          factory: recording([], { count: 0 }),
          oracle,
          strategy: withAudit(thresholdStrategy(0.9), 1),
        }),
      ),
    );
    for (const round of rounds.slice(1)) {
      expect(round.batch!.routing.autoAccepted).toEqual([]);
      expect(round.auditedWrong).toBe(round.batch!.routing.audited.length);
    }
    expect(rounds.some((r) => (r.auditedWrong ?? 0) > 0)).toBe(true);
  });

  it('rejects when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      collect(
        runLoop(options({ factory: recording([], { count: 0 }), signal: controller.signal })),
      ),
    ).rejects.toThrow();
  });
});
