import fs from 'node:fs';
import { parseCsv } from '@medlabel/csv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from './support/app.js';
import { waitForPhase } from './support/loop-workspace.js';

/** Breast Cancer Wisconsin (Original), UCI, CC BY 4.0: see apps/cli/fixtures/wbc/ATTRIBUTION.md. */
const WBC = new URL('../../cli/fixtures/wbc/wbc_original.csv', import.meta.url);
const FEATURES = [
  'cl_thickness',
  'cell_size',
  'cell_shape',
  'marg_adhesion',
  'epith_c_size',
  'bare_nuclei',
  'bl_cromatin',
  'normal_nucleoli',
  'mitoses',
];

/**
 * The paper's second case inside the platform: an SVM over measurement vectors. Each WBC sample
 * is imported as an image (a slide on an image server) whose nine cytology scores are its
 * metadata; the loop learns from those numbers alone.
 */
describe('an SVM loop on measurement vectors from image metadata', () => {
  let t: TestApp;
  let researcher: Caller;
  let annotator: Caller;
  const truth = new Map<number, string>();
  let rows: string[][];
  let collectionId: number;

  const call = async <T>(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: Caller,
    payload?: unknown,
  ) => {
    const response = await t.app.inject({
      method,
      url,
      headers: who,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json<T>();
  };
  const label = (imageId: number) => ({
    payload: { labels: [truth.get(imageId)], shapes: [], values: {} },
    status: 'submitted',
    timeSpentMs: 20_000,
  });

  beforeAll(async () => {
    t = await createTestApp('sqlite', { MEDLABEL_IMAGE_HOSTS: 'slides.example.org' });
    await t.user('path@example.org', 'researcher');
    const annotatorId = await t.user('cyto@example.org', 'annotator');
    researcher = await t.login('path@example.org');
    annotator = await t.login('cyto@example.org');
    [, ...rows] = parseCsv(fs.readFileSync(WBC, 'utf8'));
    const csv = [
      ['url', 'width', 'height', ...FEATURES].join(','),
      ...rows.map((row, i) =>
        [
          `https://slides.example.org/wbc/${row[0]}-${i}.png`,
          1,
          1,
          ...row.slice(1, 10).map((v) => (v === 'NA' ? '' : v)),
        ].join(','),
      ),
    ].join('\n');
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/images/import-csv',
      headers: { ...researcher, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const ids = imported.json<{ ids: number[] }>().ids;
    rows.forEach((row, i) => truth.set(ids[i]!, row[10]!));
    const template = await call<{ id: number }>('POST', '/api/templates', researcher, {
      definition: {
        formatVersion: 1,
        name: 'Cytology',
        classification: {
          choice: 'single',
          required: true,
          labels: [{ name: 'benign' }, { name: 'malignant' }],
        },
        tools: [],
        fields: [],
      },
    });
    collectionId = (
      await call<{ id: number }>('POST', '/api/collections', researcher, {
        name: 'WBC',
        templateId: template.id,
        imageIds: ids,
      })
    ).id;
    await call('PUT', `/api/collections/${collectionId}/assignments/${annotatorId}`, researcher, {
      kind: 'annotate',
    });
    for (const imageId of ids.slice(0, 100))
      await call(
        'PUT',
        `/api/collections/${collectionId}/images/${imageId}/annotation`,
        annotator,
        label(imageId),
      );
  }, 60_000);
  afterAll(() => t.close());

  it('learns from the nine measurements, accepts most of a batch and labels it right', async () => {
    const loop = await call<{ id: number; config: { features: unknown } }>(
      'POST',
      '/api/loops',
      researcher,
      {
        name: 'WBC loop',
        collectionId,
        classifier: 'svm',
        features: { kind: 'metadata', keys: FEATURES.map((k) => k.toUpperCase()) },
        routing: { strategy: 'threshold', threshold: 0.9 },
        batchSize: 200,
        auditShare: 0.05,
        validationPerClass: 10,
      },
    );
    expect(loop.config.features).toEqual({ kind: 'metadata', keys: FEATURES });
    await waitForPhase(t, researcher, loop.id, ['ready-to-prelabel']);
    await call('POST', `/api/loops/${loop.id}/prelabel`, researcher);
    await waitForPhase(t, researcher, loop.id, ['reviewing', 'ready-to-train']);

    const dashboard = await call<{
      rounds: {
        model: { validationAccuracy: number } | null;
        batch: {
          size: number;
          autoAccepted: number;
          manualShare: number;
          collections: { id: number }[];
        } | null;
      }[];
    }>('GET', `/api/loops/${loop.id}/dashboard`, researcher);
    const [first, second] = dashboard.rounds;
    expect(first!.model!.validationAccuracy).toBeGreaterThanOrEqual(0.9);
    const batch = second!.batch!;
    expect(batch.size).toBe(200);
    expect(batch.manualShare).toBeLessThan(0.3);
    // The model's accepted labels, checked against the data set's truth.
    const page = await call<{
      items: { image: { id: number }; predicted: { label: string } | null }[];
    }>('GET', `/api/collections/${collectionId}/images?limit=500`, researcher);
    const accepted = page.items.filter((i) => i.predicted);
    expect(accepted).toHaveLength(batch.autoAccepted);
    const wrong = accepted.filter((i) => i.predicted!.label !== truth.get(i.image.id)).length;
    expect(wrong / accepted.length).toBeLessThan(0.05);

    for (const review of batch.collections) {
      const cases = await call<{ items: { image: { id: number } }[] }>(
        'GET',
        `/api/collections/${review.id}/images?limit=500`,
        annotator,
      );
      for (const item of cases.items)
        await call(
          'PUT',
          `/api/collections/${review.id}/images/${item.image.id}/annotation`,
          annotator,
          label(item.image.id),
        );
    }
    await call('POST', `/api/loops/${loop.id}/train`, researcher);
    await waitForPhase(t, researcher, loop.id, ['ready-to-prelabel']);
    const models = await call<
      { round: number; algorithm: string; metrics: { validationAccuracy: number } }[]
    >('GET', `/api/loops/${loop.id}/models`, researcher);
    expect(models.map((m) => [m.round, m.algorithm])).toEqual([
      [0, 'svm'],
      [1, 'svm'],
    ]);
    expect(models[1]!.metrics.validationAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('takes its batches from a search, adding the images found to the loop collection', async () => {
    const labeled = [...truth.keys()].slice(0, 100);
    const template = (
      await call<{ templateId: number }>('GET', `/api/collections/${collectionId}`, researcher)
    ).templateId;
    const seeds = await call<{ id: number }>('POST', '/api/collections', researcher, {
      name: 'WBC seeds',
      templateId: template,
      imageIds: labeled,
    });
    for (const imageId of labeled)
      await call(
        'PUT',
        `/api/collections/${seeds.id}/images/${imageId}/annotation`,
        researcher,
        label(imageId),
      );
    const loop = await call<{ id: number }>('POST', '/api/loops', researcher, {
      name: 'WBC from a search',
      collectionId: seeds.id,
      classifier: 'logreg',
      features: { kind: 'metadata', keys: FEATURES },
      batchSize: 30,
      validationPerClass: 20,
      batchSource: { kind: 'search', q: 'meta.mitoses:>=3' },
    });
    await waitForPhase(t, researcher, loop.id, ['ready-to-prelabel']);
    await call('POST', `/api/loops/${loop.id}/prelabel`, researcher);
    await waitForPhase(t, researcher, loop.id, ['reviewing', 'ready-to-train']);
    const page = await call<{
      items: { image: { id: number; metadata: Record<string, string> }; predicted: unknown }[];
    }>('GET', `/api/collections/${seeds.id}/images?limit=500`, researcher);
    const added = page.items.filter((item) => !labeled.includes(item.image.id));
    // Every image the search found joined the collection; the batch came from them alone.
    const found = [...truth.keys()].filter(
      (id, i) => Number(rows[i]![9]) >= 3 && !labeled.includes(id),
    );
    expect(added.map((i) => i.image.id).sort((a, b) => a - b)).toEqual(found.sort((a, b) => a - b));
    const dashboard = await call<{ rounds: { batch: { size: number } | null }[] }>(
      'GET',
      `/api/loops/${loop.id}/dashboard`,
      researcher,
    );
    expect(dashboard.rounds[1]!.batch!.size).toBe(30);
    for (const item of added.filter((i) => i.predicted))
      expect(Number(item.image.metadata.mitoses)).toBeGreaterThanOrEqual(3);
  });
});
