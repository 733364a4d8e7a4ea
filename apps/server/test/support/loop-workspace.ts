import { expect } from 'vitest';
import type { TemplateDefinition } from '@medlabel/schema';
import { multipart } from './fixture.js';
import type { Caller, TestApp } from './app.js';
import { FASHION_CLASSES, fashionPngs } from './fashion-mnist.js';

/** Three Fashion-MNIST classes a small model tells apart after a few dozen labels. */
export const LOOP_CLASSES = [1, 7, 8];
export const loopLabels = LOOP_CLASSES.map((k) => FASHION_CLASSES[k]!);

export function labelTemplate(): TemplateDefinition {
  return {
    formatVersion: 1,
    name: 'Garment',
    classification: {
      choice: 'single',
      required: true,
      labels: loopLabels.map((name) => ({ name })),
    },
    tools: [],
    fields: [],
  };
}

/**
 * A researcher's collection of `count` real Fashion-MNIST images uploaded as PNG, of which an
 * annotator has labeled the first `labeled` (true labels, 4 s each): the seed and V of a loop.
 */
export async function loopWorkspace(t: TestApp, count: number, labeled: number) {
  await t.user('loop-res@example.org', 'researcher');
  const annotatorId = await t.user('loop-ann@example.org', 'annotator', [
    { specialty: 'radiology', modality: 'CR', level: 'expert' },
  ]);
  const researcher: Caller = await t.login('loop-res@example.org');
  const annotator: Caller = await t.login('loop-ann@example.org');
  const call = async <T>(
    method: 'POST' | 'PUT' | 'GET',
    url: string,
    headers: Caller,
    payload?: unknown,
  ) => {
    const response = await t.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json<T>();
  };
  const templateId = (
    await call<{ id: number }>('POST', '/api/templates', researcher, {
      definition: labelTemplate(),
    })
  ).id;
  const images = await fashionPngs(count, LOOP_CLASSES);
  const imageIds: number[] = [];
  const truth = new Map<number, string>();
  for (const image of images) {
    const body = multipart(image.png);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/images/upload',
      headers: { ...researcher, ...body.headers },
      payload: body.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const id = uploaded.json<{ id: number }>().id;
    imageIds.push(id);
    truth.set(id, FASHION_CLASSES[image.label]!);
  }
  const collectionId = (
    await call<{ id: number }>('POST', '/api/collections', researcher, {
      name: 'Garments',
      templateId,
      imageIds,
    })
  ).id;
  await call('PUT', `/api/collections/${collectionId}/assignments/${annotatorId}`, researcher, {
    kind: 'annotate',
  });
  for (const imageId of imageIds.slice(0, labeled)) {
    await call('PUT', `/api/collections/${collectionId}/images/${imageId}/annotation`, annotator, {
      payload: { labels: [truth.get(imageId)], shapes: [], values: {} },
      status: 'submitted',
      timeSpentMs: 4000,
    });
  }
  return { researcher, annotator, annotatorId, templateId, imageIds, truth, collectionId, call };
}

/** The annotator reviews every hard case of a batch's review collections with its true label. */
export async function reviewWithTruth(
  w: Awaited<ReturnType<typeof loopWorkspace>>,
  collections: readonly { id: number }[],
) {
  for (const review of collections) {
    const page = await w.call<{ items: { image: { id: number } }[] }>(
      'GET',
      `/api/collections/${review.id}/images?limit=500`,
      w.annotator,
    );
    for (const item of page.items)
      await w.call(
        'PUT',
        `/api/collections/${review.id}/images/${item.image.id}/annotation`,
        w.annotator,
        {
          payload: { labels: [w.truth.get(item.image.id)], shapes: [], values: {} },
          status: 'submitted',
        },
      );
  }
}

/** Polls the loop until its phase is one of `phases` (a job ran), failing on a failed job. */
export async function waitForPhase(
  t: TestApp,
  caller: Caller,
  loopId: number,
  phases: readonly string[],
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await t.app.inject({ url: `/api/loops/${loopId}`, headers: caller });
    const loop = response.json<{
      phase: string;
      modelRound: number;
      batchRound: number;
      job: { state: string; error: string | null } | null;
    }>();
    if (phases.includes(loop.phase)) return loop;
    if (loop.phase === 'failed') throw new Error(`the loop's job failed: ${loop.job?.error}`);
    if (Date.now() > deadline) throw new Error(`the loop stayed ${loop.phase}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
