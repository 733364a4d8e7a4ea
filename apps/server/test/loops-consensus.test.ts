// The labeling loop trained on the readers' consensus (issue #11): two readers label the same 60
// real Fashion-MNIST images and disagree on 10; a senior reader decides 4 of those (for the
// second reader). A loop with trainingLabel 'consensus' trains on the decisions, leaves the 6
// undecided ties out and keeps every agreed label; a loop with 'readers' gives each tie to the
// first reader's label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { loopLabels, loopWorkspace, waitForPhase } from './support/loop-workspace.js';

const LABELED = 60;
const TIES = 10;
const DECIDED = 4;

interface Model {
  trainingSet: { size: number; labels: [number, number, string][] };
}

for (const dialect of DIALECTS) {
  describe(`labeling loop on the readers' consensus (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof loopWorkspace>>;
    let second: Caller;
    /** what the second reader said: the true label, or the next class on the first TIES images */
    const secondLabel = (imageId: number, i: number) => {
      const truth = loopLabels.findIndex((label) => label === w.truth.get(imageId));
      return loopLabels[i < TIES ? (truth + 1) % loopLabels.length : truth]!;
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await loopWorkspace(t, 90, LABELED);
      const secondId = await t.user('loop-ann2@example.org', 'annotator');
      second = await t.login('loop-ann2@example.org');
      const url = `/api/collections/${w.collectionId}`;
      const patched = await t.app.inject({
        method: 'PATCH',
        url,
        headers: w.researcher,
        payload: { readersPerImage: 2 },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      await w.call('PUT', `${url}/assignments/${secondId}`, w.researcher, { kind: 'annotate' });
      for (const [i, imageId] of w.imageIds.slice(0, LABELED).entries()) {
        await w.call('PUT', `${url}/images/${imageId}/annotation`, second, {
          payload: { labels: [secondLabel(imageId, i)], shapes: [], values: {} },
          status: 'submitted',
          timeSpentMs: 4000,
        });
      }
      // The researcher decides the first DECIDED ties for the second reader.
      for (const imageId of w.imageIds.slice(0, DECIDED)) {
        const seen = await w.call<{
          readings: { annotationId: number; reader: { email: string } }[];
        }>('GET', `${url}/adjudication/${imageId}`, w.researcher);
        const reading = seen.readings.find((r) => r.reader.email === 'loop-ann2@example.org')!;
        await w.call('PUT', `${url}/adjudication/${imageId}`, w.researcher, {
          method: 'picked',
          fromAnnotationIds: [reading.annotationId],
        });
      }
    }, 180_000);
    afterAll(() => t.close());

    /** The first model of a new loop with this training label: image -> class it trained on. */
    const firstModel = async (trainingLabel: 'readers' | 'consensus') => {
      const loop = await w.call<{ id: number }>('POST', '/api/loops', w.researcher, {
        name: `Garments (${trainingLabel})`,
        collectionId: w.collectionId,
        classifier: 'logreg',
        features: { kind: 'pixels', size: 28 },
        routing: { strategy: 'threshold', threshold: 0.9 },
        batchSize: 20,
        auditShare: 0.1,
        validationPerClass: 5,
        trainingLabel,
      });
      await waitForPhase(t, w.researcher, loop.id, ['ready-to-prelabel']);
      const [model] = await w.call<Model[]>(
        'GET',
        `/api/loops/${loop.id}/models?labels=true`,
        w.researcher,
      );
      return new Map(model!.trainingSet.labels.map(([imageId, k]) => [imageId, loopLabels[k]!]));
    };

    it('trains on the decisions, leaves undecided ties out and keeps agreed labels', async () => {
      const readers = await firstModel('readers');
      const consensus = await firstModel('consensus');
      // The readers' loop trains on every labeled image but V (the same seeded V for both).
      const labeled = w.imageIds.slice(0, LABELED);
      const trained = labeled.filter((id) => readers.has(id));
      expect(trained.length).toBe(LABELED - 5 * loopLabels.length);
      const decided = trained.filter((id) => labeled.indexOf(id) < DECIDED);
      const undecided = trained.filter((id) => {
        const i = labeled.indexOf(id);
        return i >= DECIDED && i < TIES;
      });
      expect(decided.length).toBeGreaterThan(0);
      expect(undecided.length).toBeGreaterThan(0);
      for (const id of decided) {
        expect(readers.get(id)).toBe(w.truth.get(id)); // the first reader's label
        expect(consensus.get(id)).toBe(secondLabel(id, labeled.indexOf(id))); // the decision
      }
      for (const id of undecided) {
        expect(readers.get(id)).toBe(w.truth.get(id));
        expect(consensus.has(id)).toBe(false);
      }
      for (const id of trained.filter((id) => labeled.indexOf(id) >= TIES)) {
        expect(consensus.get(id)).toBe(w.truth.get(id));
      }
      expect(consensus.size).toBe(trained.length - undecided.length);
    });
  });
}
