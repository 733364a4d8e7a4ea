import { expect } from 'vitest';
import { exampleDefinition, type Caller, type TestApp } from './app.js';

/** A researcher's collection of `count` images with one assigned annotator, built through the API. */
export async function seedWorkspace(t: TestApp, count = 3, suffix = '') {
  const researcherId = await t.user(`res${suffix}@example.org`, 'researcher');
  const annotatorId = await t.user(`ann${suffix}@example.org`, 'annotator', [
    { specialty: 'cardiology', modality: 'US', level: 'expert' },
  ]);
  const researcher: Caller = await t.login(`res${suffix}@example.org`);
  const annotator: Caller = await t.login(`ann${suffix}@example.org`);
  const template = await t.app.inject({
    method: 'POST',
    url: '/api/templates',
    headers: researcher,
    payload: { definition: exampleDefinition(`Echo view${suffix}`) },
  });
  expect(template.statusCode, template.body).toBe(201);
  const images = await t.app.inject({
    method: 'POST',
    url: '/api/images',
    headers: researcher,
    payload: {
      images: Array.from({ length: count }, (_, i) => ({
        url: `https://images.example.org/${suffix}${i}.png`,
        width: 100,
        height: 80,
        modality: i % 2 === 0 ? 'US' : 'CT',
      })),
    },
  });
  expect(images.statusCode, images.body).toBe(201);
  const imageIds = images.json<{ ids: number[] }>().ids;
  const templateId = template.json<{ id: number }>().id;
  const collection = await t.app.inject({
    method: 'POST',
    url: '/api/collections',
    headers: researcher,
    payload: { name: `Echo${suffix}`, templateId, readersPerImage: 1, imageIds },
  });
  expect(collection.statusCode, collection.body).toBe(201);
  const collectionId = collection.json<{ id: number }>().id;
  const assigned = await t.app.inject({
    method: 'PUT',
    url: `/api/collections/${collectionId}/assignments/${annotatorId}`,
    headers: researcher,
    payload: { kind: 'annotate' },
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return { researcherId, annotatorId, researcher, annotator, templateId, imageIds, collectionId };
}
