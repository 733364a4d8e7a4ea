import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { loopWorkspace, reviewWithTruth, waitForPhase } from './support/loop-workspace.js';

interface LoopView {
  phase: string;
  modelRound: number;
  batchRound: number;
  job: {
    state: string;
    progress: { phase?: string; epoch?: number; epochs?: number; validationAccuracy?: number };
  } | null;
}

describe('loop policies, cancellation and the event loop during training (sqlite)', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof loopWorkspace>>;

  beforeAll(async () => {
    // The default 30 s lease: a job running in this process stops as soon as its cancellation is
    // asked for, not at its next heartbeat 10 s later.
    t = await createTestApp('sqlite');
    w = await loopWorkspace(t, 150, 60);
  }, 120_000);
  afterAll(() => t.close());

  const create = (payload: object) =>
    w.call<{ id: number }>('POST', '/api/loops', w.researcher, {
      collectionId: w.collectionId,
      validationPerClass: 5,
      ...payload,
    });
  const view = (id: number) => w.call<LoopView>('GET', `/api/loops/${id}`, w.researcher);

  it('trains the CNN off the event loop, reports epochs, and cancels on request', async () => {
    const loop = await create({ name: 'Long CNN', classifier: 'cnn', epochs: 200 });
    let running: LoopView;
    for (;;) {
      running = await view(loop.id);
      if (running.job?.progress.validationAccuracy !== undefined) break;
      if (running.job && !['queued', 'running'].includes(running.job.state))
        throw new Error(`the training ended early: ${JSON.stringify(running.job)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(running.phase).toBe('training');
    expect(running.job.progress).toMatchObject({ phase: 'training', epochs: 200 });
    // Requests are answered promptly while the model trains on its worker thread.
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const health = await t.app.inject({ url: '/api/health' });
      latencies.push(performance.now() - started);
      expect(health.statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Math.max(...latencies)).toBeLessThan(250);

    const asked = performance.now();
    await w.call('POST', `/api/loops/${loop.id}/cancel`, w.researcher);
    const cancelled = await waitForPhase(t, w.researcher, loop.id, ['cancelled']);
    expect(cancelled.job).toMatchObject({ state: 'cancelled' });
    // Well before the first heartbeat (10 s) and before the 200 epochs could end.
    expect(performance.now() - asked).toBeLessThan(3000);
    expect(await w.call<unknown[]>('GET', `/api/loops/${loop.id}/models`, w.researcher)).toEqual(
      [],
    );
    // The cancelled step may be asked for again; asking twice is the same job; one job at a time.
    const retried = await w.call<{ job: { id: number } }>(
      'POST',
      `/api/loops/${loop.id}/train`,
      w.researcher,
    );
    const twice = await w.call<{ job: { id: number } }>(
      'POST',
      `/api/loops/${loop.id}/train`,
      w.researcher,
    );
    expect(twice.job.id).toBe(retried.job.id);
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/loops/${loop.id}/prelabel`,
      headers: w.researcher,
    });
    expect(other.statusCode, other.body).toBe(409);
    await w.call('POST', `/api/loops/${loop.id}/cancel`, w.researcher);
    await waitForPhase(t, w.researcher, loop.id, ['cancelled']);
  }, 120_000);

  it('retrains and pre-labels by itself under the auto policy, with a random-sampling baseline', async () => {
    const loop = await create({
      name: 'Auto loop',
      classifier: 'logreg',
      features: { kind: 'pixels', size: 28 },
      routing: { strategy: 'adaptive', targetError: 0.05 },
      batchSize: 30,
      randomShare: 0.2,
      retrainPolicy: 'auto',
    });
    // Model 0, then batch 1 pre-labeled with no click.
    const reviewing = await waitForPhase(t, w.researcher, loop.id, ['reviewing']);
    expect(reviewing).toMatchObject({ modelRound: 0, batchRound: 1 });
    const dashboard = await w.call<{
      rounds: {
        batch: {
          random: number;
          threshold: number | null;
          guarantee: { targetError: number; confidence: number; met: boolean } | null;
          collections: { id: number }[];
        } | null;
      }[];
    }>('GET', `/api/loops/${loop.id}/dashboard`, w.researcher);
    const batch = dashboard.rounds[1]!.batch!;
    expect(batch.threshold).toBeGreaterThanOrEqual(0.5);
    // The round keeps what its routing certified, for the dashboard and the report.
    expect(batch.guarantee).toMatchObject({
      targetError: 0.05,
      confidence: 0.95,
      validationCount: expect.any(Number) as unknown,
      message: expect.any(String) as unknown,
    });
    // Reviewing the last case starts training, which pre-labels batch 2 when it is done.
    await reviewWithTruth(w, batch.collections);
    const next = await waitForPhase(t, w.researcher, loop.id, [
      'reviewing',
      'finished',
      'ready-to-train',
    ]);
    expect(next.modelRound).toBe(1);
    const models = await w.call<
      { round: number; metrics: { baselineAccuracy?: number; baselineTrainingSize?: number } }[]
    >('GET', `/api/loops/${loop.id}/models`, w.researcher);
    // The baseline learns from the seed plus the batch's random draw (20% of 30) only.
    expect(models[1]!.metrics.baselineAccuracy).toBeGreaterThan(0);
    expect(models[1]!.metrics.baselineTrainingSize).toBe(45 + 6);
    expect(batch.random).toBeLessThanOrEqual(6);
  });
});
