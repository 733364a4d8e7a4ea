import { cumulativeWrongBound, type ErrorGuarantee } from '@medlabel/loop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { loopWorkspace, reviewWithTruth, waitForPhase } from './support/loop-workspace.js';

interface Dashboard {
  rounds: { batch: { guarantee: ErrorGuarantee | null; collections: { id: number }[] } | null }[];
}

describe("the platform loop's error bound covers every round's accepted labels (sqlite)", () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof loopWorkspace>>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    // 200 labeled: V of 50 per class and a seed of 50; 100 unlabeled: two batches of 50.
    w = await loopWorkspace(t, 300, 200);
  }, 120_000);
  afterAll(() => t.close());

  it("bounds round 2's labels together with round 1's, V counted once", async () => {
    const loop = await w.call<{ id: number }>('POST', '/api/loops', w.researcher, {
      collectionId: w.collectionId,
      name: 'Certified loop',
      classifier: 'logreg',
      features: { kind: 'pixels', size: 28 },
      validationPerClass: 50,
      routing: { strategy: 'adaptive', targetError: 0.1 },
      batchSize: 50,
      randomShare: 0,
      retrainPolicy: 'auto',
    });
    const dashboard = () =>
      w.call<Dashboard>('GET', `/api/loops/${loop.id}/dashboard`, w.researcher);

    await waitForPhase(t, w.researcher, loop.id, ['reviewing']);
    const first = (await dashboard()).rounds[1]!.batch!;

    expect(first.guarantee?.met, first.guarantee?.message).toBe(true);
    const round1 = first.guarantee!.accepted!;
    expect(round1.batchAccepted).toBeGreaterThan(0);

    // The hard cases reviewed with their true labels; the retrained model pre-labels batch 2.
    await reviewWithTruth(w, first.collections);
    const next = await waitForPhase(t, w.researcher, loop.id, ['reviewing']);
    expect(next.batchRound).toBe(2);

    const second = (await dashboard()).rounds[2]!.batch!.guarantee!;
    expect(second.met, second.message).toBe(true);
    const round2 = second.accepted!;
    const runAccepted = round1.batchAccepted + round2.batchAccepted;
    expect(second.message).toContain(
      `of the ${runAccepted} labels accepted in this run, ${round2.batchAccepted} of them from this batch`,
    );
    // The bound is the whole run's, not batch 2's alone.
    expect(second.bound).toBeCloseTo(cumulativeWrongBound([round1, round2], 0.05) / runAccepted);
    expect(second.bound).not.toBeCloseTo(
      cumulativeWrongBound([round2], 0.05) / round2.batchAccepted,
    );
  }, 180_000);
});
