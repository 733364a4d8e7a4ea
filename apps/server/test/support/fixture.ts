import sharp from 'sharp';
import { expect } from 'vitest';
import { exampleDefinition, type Caller, type TestApp } from './app.js';

export const ACTORS = [
  'admin',
  'owner',
  'other',
  'assigned',
  'unassigned',
  'reviewer',
  'anonymous',
] as const;
export type ActorName = (typeof ACTORS)[number];

/** A small PNG for uploads. */
export const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();

/** A multipart/form-data body with one file field. */
export function multipart(file: Buffer, fields: Record<string, string> = {}) {
  const boundary = '----medlabel-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`;
  return {
    payload: Buffer.concat([
      Buffer.from(parts.join('') + head),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * The people of the authorization matrix and what they own: a researcher's template and
 * collection (with an uploaded image), an annotator assigned to it and one who is not, and a
 * reviewer assigned to review it.
 */
export async function buildFixture(t: TestApp) {
  const ids = {
    admin: await t.user('admin@example.org', 'admin'),
    owner: await t.user('owner@example.org', 'researcher'),
    other: await t.user('other@example.org', 'researcher'),
    assigned: await t.user('assigned@example.org', 'annotator'),
    unassigned: await t.user('unassigned@example.org', 'annotator'),
    reviewer: await t.user('reviewer@example.org', 'reviewer'),
  };
  const callers: Record<ActorName, Caller> = {
    admin: await t.login('admin@example.org'),
    owner: await t.login('owner@example.org'),
    other: await t.login('other@example.org'),
    assigned: await t.login('assigned@example.org'),
    unassigned: await t.login('unassigned@example.org'),
    reviewer: await t.login('reviewer@example.org'),
    anonymous: {},
  };
  const owner = callers.owner;
  const call = async (
    method: 'POST' | 'PUT',
    url: string,
    payload: unknown,
    headers: Caller = owner,
  ) => {
    const response = await t.app.inject({ method, url, headers, payload: payload as object });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json<Record<string, unknown>>();
  };
  const templateId = (await call('POST', '/api/templates', { definition: exampleDefinition() }))
    .id as number;
  const upload = multipart(await png());
  const uploaded = await t.app.inject({
    method: 'POST',
    url: '/api/images/upload',
    headers: { ...owner, ...upload.headers },
    payload: upload.payload,
  });
  const uploadedId = uploaded.json<{ id: number }>().id;
  const imported = await call('POST', '/api/images', {
    images: [1, 2, 3].map((i) => ({
      url: `https://images.example.org/${i}.png`,
      width: 100,
      height: 80,
      modality: 'US',
    })),
  });
  const imageIds = [uploadedId, ...(imported.ids as number[])];
  const fileName = (await t.app.inject({ url: `/api/images/${uploadedId}`, headers: owner }))
    .json<{ url: string }>()
    .url.split('/')
    .pop()!;

  /** A fresh collection of the owner with the assigned annotator, for routes that change it. */
  const collection = async () => {
    const id = (await call('POST', '/api/collections', { name: 'Matrix', templateId, imageIds }))
      .id as number;
    await call('PUT', `/api/collections/${id}/assignments/${ids.assigned}`, { kind: 'annotate' });
    await call('PUT', `/api/collections/${id}/assignments/${ids.reviewer}`, { kind: 'review' });
    return id;
  };
  const collectionId = await collection();
  const payload = { labels: ['B-mode'], shapes: [], values: {} };
  const annotation = await call(
    'PUT',
    `/api/collections/${collectionId}/images/${imageIds[0]}/annotation`,
    { payload, status: 'submitted' },
    callers.assigned,
  );
  return {
    ids,
    callers,
    templateId,
    imageIds,
    fileName,
    collectionId,
    collection,
    annotationId: annotation.id as number,
    payload,
  };
}
export type Fixture = Awaited<ReturnType<typeof buildFixture>>;
