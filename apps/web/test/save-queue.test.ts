import { ApiError, NetworkError } from '@medlabel/api-client';
import { emptyPayload } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../src/api.js';
import {
  SaveQueue,
  type SaveOutcome,
  type SaveRequest,
} from '../src/features/workspace/save-queue.js';

const request = (imageId: number, baseVersion?: number): SaveRequest => ({
  collectionId: 1,
  imageId,
  payload: { ...emptyPayload(), labels: [`label ${imageId}`] },
  status: 'draft',
  timeSpentMs: 10,
  ...(baseVersion === undefined ? {} : { baseVersion }),
});

/** A server stand-in whose reachability the test switches (the network is outside our control). */
function fakeServer() {
  const server = {
    online: true,
    versions: new Map<number, number>(),
    async send(r: SaveRequest): Promise<Annotation> {
      await Promise.resolve();
      if (!server.online) throw new NetworkError(new TypeError('fetch failed'));
      const current = server.versions.get(r.imageId);
      if (current !== r.baseVersion) {
        throw new ApiError({ type: 'conflict', title: 'Conflict', status: 409 });
      }
      const version = (current ?? 0) + 1;
      server.versions.set(r.imageId, version);
      return { imageId: r.imageId, version, payload: r.payload } as Annotation;
    },
  };
  return server;
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('SaveQueue', () => {
  it('saves directly when the server is reachable', async () => {
    const server = fakeServer();
    const queue = new SaveQueue((r) => server.send(r), null);
    const outcome = await queue.save(request(1));
    expect(outcome.kind).toBe('saved');
    expect(server.versions.get(1)).toBe(1);
  });

  it('queues offline saves, keeps the latest per image, survives a reload and flushes later', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const queue = new SaveQueue((r) => server.send(r), storage);
    server.online = false;
    expect((await queue.save(request(1))).kind).toBe('queued');
    expect(
      (await queue.save({ ...request(1), payload: { ...emptyPayload(), labels: ['newer'] } })).kind,
    ).toBe('queued');
    expect((await queue.save(request(2))).kind).toBe('queued');
    expect(queue.size).toBe(2);

    const flushed: SaveOutcome[] = [];
    const reloaded = new SaveQueue(
      (r) => server.send(r),
      storage,
      (o) => flushed.push(o),
    );
    expect(reloaded.queued(1, 1)?.payload.labels).toEqual(['newer']);
    await reloaded.flush();
    expect(reloaded.size).toBe(2); // still offline: nothing lost
    server.online = true;
    await reloaded.flush();
    expect(reloaded.size).toBe(0);
    expect(flushed.map((o) => o.kind)).toEqual(['saved', 'saved']);
    expect(server.versions.get(1)).toBe(1);
  });

  it('reports a stale write as a conflict instead of overwriting', async () => {
    const server = fakeServer();
    server.versions.set(3, 2);
    const queue = new SaveQueue((r) => server.send(r), null);
    const outcome = await queue.save(request(3, 1));
    expect(outcome.kind).toBe('conflict');
    expect(server.versions.get(3)).toBe(2);
  });
});
