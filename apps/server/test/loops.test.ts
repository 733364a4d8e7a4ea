import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { loopLabels, loopWorkspace, waitForPhase } from './support/loop-workspace.js';

interface Dashboard {
  loop: { phase: string; modelRound: number; batchRound: number };
  rounds: {
    round: number;
    model: { validationAccuracy: number; trainingSize: number } | null;
    humanLabels: number | null;
    batch: {
      size: number;
      autoAccepted: number;
      toPeople: number;
      audit: number;
      confirmed: number;
      corrected: number;
      threshold: number | null;
      collections: { id: number; label: string; imageCount: number; doneCount: number }[];
      auditError: { audited: number; wrong: number; low: number; high: number };
    } | null;
  }[];
  totals: { autoAccepted: number; labelsSaved: number; secondsPerManualLabel: number | null };
}

for (const dialect of DIALECTS) {
  describe(`labeling loop in the platform (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof loopWorkspace>>;
    let loopId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await loopWorkspace(t, 150, 60);
    }, 120_000);
    afterAll(() => t.close());

    it('creates a loop with a class-balanced V and trains the first model in the background', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/loops',
        headers: w.researcher,
        payload: {
          name: 'Garments loop',
          collectionId: w.collectionId,
          classifier: 'logreg',
          features: { kind: 'pixels', size: 28 },
          routing: { strategy: 'threshold', threshold: 0.9 },
          batchSize: 60,
          auditShare: 0.1,
          validationPerClass: 5,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const loop = created.json<{ id: number; validationSize: number; classNames: string[] }>();
      loopId = loop.id;
      expect(loop.validationSize).toBe(15);
      expect(loop.classNames).toEqual(loopLabels);
      await waitForPhase(t, w.researcher, loopId, ['ready-to-prelabel']);
      const models = await w.call<
        {
          round: number;
          metrics: { validationAccuracy: number };
          trainingSet: { size: number; bySource: { human: number; model: number } };
          artifactHash: string;
          jobId: number;
        }[]
      >('GET', `/api/loops/${loopId}/models`, w.researcher);
      expect(models).toHaveLength(1);
      expect(models[0]!.round).toBe(0);
      // 60 labeled minus V's 15.
      expect(models[0]!.trainingSet.bySource).toEqual({ human: 45, model: 0 });
      expect(models[0]!.metrics.validationAccuracy).toBeGreaterThan(0.6);
      expect(models[0]!.artifactHash).toMatch(/^[a-f0-9]{64}$/);
    });

    it('refuses to retrain before a batch exists and keeps loops from people who do not manage them', async () => {
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: `/api/loops/${loopId}/train`,
          headers: w.researcher,
        }),
        409,
      );
      expectProblem(await t.app.inject({ url: `/api/loops/${loopId}`, headers: w.annotator }), 404);
      expectProblem(await t.app.inject({ url: `/api/loops/${loopId}` }), 401);
      expectProblem(await t.app.inject({ url: '/api/loops', headers: w.annotator }), 403);
    });

    it('pre-labels a batch: confident labels accepted with provenance, hard cases in review collections by predicted label', async () => {
      const asked = await t.app.inject({
        method: 'POST',
        url: `/api/loops/${loopId}/prelabel`,
        headers: w.researcher,
      });
      expect(asked.statusCode, asked.body).toBe(200);
      await waitForPhase(t, w.researcher, loopId, ['reviewing', 'ready-to-train']);
      const dashboard = await w.call<Dashboard>(
        'GET',
        `/api/loops/${loopId}/dashboard`,
        w.researcher,
      );
      const batch = dashboard.rounds[1]!.batch!;
      expect(batch.size).toBe(60);
      expect(batch.autoAccepted + batch.toPeople).toBe(60);
      expect(batch.threshold).toBe(0.9);
      expect(batch.collections.reduce((n, c) => n + c.imageCount, 0)).toBe(batch.toPeople);
      expect(new Set(batch.collections.map((c) => c.label)).size).toBe(batch.collections.length);
      // The accepted labels are the model's, in the loop's collection, linked to their predictions.
      const page = await w.call<{
        items: { image: { id: number }; predicted: { label: string; confidence: number } | null }[];
      }>('GET', `/api/collections/${w.collectionId}/images?limit=500`, w.researcher);
      const accepted = page.items.filter((i) => i.predicted);
      expect(accepted).toHaveLength(batch.autoAccepted);
      for (const item of accepted) expect(item.predicted!.confidence).toBeGreaterThanOrEqual(0.9);
      // Each review collection holds its hard cases least confident first.
      for (const review of batch.collections) {
        const cases = await w.call<{ items: { predicted: { confidence: number } | null }[] }>(
          'GET',
          `/api/collections/${review.id}/images?limit=500`,
          w.researcher,
        );
        const confidences = cases.items.map((i) => i.predicted!.confidence);
        expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
      }
      const annotations = await w.call<
        { provenance: string; predictionId: number | null; source: string }[]
      >(
        'GET',
        `/api/collections/${w.collectionId}/images/${accepted[0]!.image.id}/annotations`,
        w.researcher,
      );
      expect(annotations).toHaveLength(1);
      expect(annotations[0]).toMatchObject({ source: 'model', provenance: 'model' });
      expect(annotations[0]!.predictionId).toBeGreaterThan(0);
      // A second pre-label while the batch is under review is refused.
      if (batch.toPeople > 0) {
        expectProblem(
          await t.app.inject({
            method: 'POST',
            url: `/api/loops/${loopId}/prelabel`,
            headers: w.researcher,
          }),
          409,
        );
        expectProblem(
          await t.app.inject({
            method: 'POST',
            url: `/api/loops/${loopId}/train`,
            headers: w.researcher,
          }),
          409,
        );
      }
    });

    it('records confirmations and corrections of the hard cases, linked to the predictions', async () => {
      const dashboard = await w.call<Dashboard>(
        'GET',
        `/api/loops/${loopId}/dashboard`,
        w.researcher,
      );
      const collections = dashboard.rounds[1]!.batch!.collections;
      let confirmed = 0;
      let corrected = 0;
      for (const collection of collections) {
        const page = await w.call<{
          items: { image: { id: number }; predicted: { label: string } | null }[];
        }>('GET', `/api/collections/${collection.id}/images?limit=500`, w.annotator);
        for (const item of page.items) {
          const label = w.truth.get(item.image.id)!;
          if (label === item.predicted!.label) confirmed++;
          else corrected++;
          const saved = await w.call<{ provenance: string; predictionId: number | null }>(
            'PUT',
            `/api/collections/${collection.id}/images/${item.image.id}/annotation`,
            w.annotator,
            {
              payload: { labels: [label], shapes: [], values: {} },
              status: 'submitted',
              timeSpentMs: label === item.predicted!.label ? 1000 : 3000,
            },
          );
          expect(saved.provenance).toBe(
            label === item.predicted!.label ? 'confirmed' : 'corrected',
          );
          expect(saved.predictionId).toBeGreaterThan(0);
        }
      }
      // A reviewer's page shows what it gave and how, after a reload too.
      const reviewed = await w.call<{
        items: {
          image: { id: number };
          mine: { label: string | null; provenance: string } | null;
        }[];
      }>('GET', `/api/collections/${collections[0]!.id}/images?limit=500`, w.annotator);
      for (const item of reviewed.items) {
        expect(item.mine!.label).toBe(w.truth.get(item.image.id));
        expect(['confirmed', 'corrected']).toContain(item.mine!.provenance);
      }
      const after = await w.call<Dashboard>('GET', `/api/loops/${loopId}/dashboard`, w.researcher);
      expect(after.loop.phase).toBe('ready-to-train');
      const batch = after.rounds[1]!.batch!;
      expect([batch.confirmed, batch.corrected]).toEqual([confirmed, corrected]);
      expect(batch.auditError.audited).toBe(batch.audit);
    });

    it('retrains on the labels so far, a person over the model, and shows round two on the dashboard', async () => {
      const asked = await t.app.inject({
        method: 'POST',
        url: `/api/loops/${loopId}/train`,
        headers: w.researcher,
      });
      expect(asked.statusCode, asked.body).toBe(200);
      await waitForPhase(t, w.researcher, loopId, ['ready-to-prelabel']);
      const dashboard = await w.call<Dashboard>(
        'GET',
        `/api/loops/${loopId}/dashboard`,
        w.researcher,
      );
      const [first, second] = dashboard.rounds;
      const batch = second!.batch!;
      expect(second!.model!.trainingSize).toBe(first!.model!.trainingSize + 60);
      expect(second!.humanLabels).toBe(45 + batch.toPeople);
      expect(dashboard.totals.autoAccepted).toBe(batch.autoAccepted);
      expect(dashboard.totals.secondsPerManualLabel).toBe(4);
      const models = await w.call<
        { round: number; trainingSet: { bySource: { human: number; model: number } } }[]
      >('GET', `/api/loops/${loopId}/models`, w.researcher);
      expect(models.map((m) => m.round)).toEqual([0, 1]);
      expect(models[1]!.trainingSet.bySource).toEqual({
        human: 45 + batch.toPeople,
        model: batch.autoAccepted,
      });
      // Training labels only when asked for: they grow with every round.
      expect(models[1]).not.toHaveProperty('trainingSet.labels');
      const withLabels = await w.call<{ trainingSet: { labels: [number, number, string][] } }[]>(
        'GET',
        `/api/loops/${loopId}/models?labels=true`,
        w.researcher,
      );
      expect(withLabels[1]!.trainingSet.labels).toHaveLength(105);
      expect(
        await w.call<{ id: number }[]>(
          'GET',
          `/api/loops?collectionId=${w.collectionId}`,
          w.researcher,
        ),
      ).toEqual([expect.objectContaining({ id: loopId })]);
      expect(
        await w.call<unknown[]>(
          'GET',
          `/api/loops?collectionId=${w.collectionId + 1000}`,
          w.researcher,
        ),
      ).toEqual([]);
    });

    it('finds labels by their provenance and exports it with the prediction behind each', async () => {
      const dashboard = await w.call<Dashboard>(
        'GET',
        `/api/loops/${loopId}/dashboard`,
        w.researcher,
      );
      const batch = dashboard.rounds[1]!.batch!;
      const count = async (q: string) =>
        (
          await w.call<{ items: unknown[] }>(
            'GET',
            `/api/search?limit=500&q=${encodeURIComponent(q)}`,
            w.researcher,
          )
        ).items.length;
      // Model labels: the accepted ones, and the hard cases' predictions in review collections.
      expect(await count('type:annotation source:model')).toBe(batch.size);
      expect(await count('type:annotation source:confirmed')).toBe(batch.confirmed);
      expect(await count('type:annotation source:corrected')).toBe(batch.corrected);
      expect(await count('type:annotation source:manual')).toBe(60);
      expect(await count('type:annotation source:human')).toBe(60 + batch.toPeople);

      const csv = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.csv`,
        headers: w.researcher,
      });
      const [header, ...rows] = csv.body
        .trim()
        .split('\r\n')
        .map((line) => line.split(','));
      const column = (name: string) => header!.indexOf(name);
      const modelRows = rows.filter((r) => r[column('provenance')] === 'model');
      expect(modelRows).toHaveLength(batch.autoAccepted);
      for (const row of modelRows) {
        expect(row[column('model_version')]).toBe(`loop-${loopId}.v0`);
        expect(Number(row[column('probability')])).toBeGreaterThanOrEqual(0.9);
        expect(row[column('threshold')]).toBe('0.9');
        expect(row[column('round')]).toBe('1');
      }
      const review = batch.collections[0]!;
      const exported = await w.call<{
        annotations: {
          source: string;
          provenance: string;
          prediction: { modelVersion: string; label: string } | null;
        }[];
      }>('GET', `/api/collections/${review.id}/export.json`, w.researcher);
      const people = exported.annotations.filter((a) => a.source === 'human');
      expect(people).toHaveLength(review.imageCount);
      for (const annotation of people) {
        expect(['confirmed', 'corrected']).toContain(annotation.provenance);
        expect(annotation.prediction).toMatchObject({
          modelVersion: `loop-${loopId}.v0`,
          label: review.label,
        });
      }
    });
  });
}
