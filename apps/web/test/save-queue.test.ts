import { ApiError, NetworkError } from '@medlabel/api-client';
import { emptyPayload } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../src/api.js';
import {
  pendingSavesKey,
  SaveQueue,
  type SaveOutcome,
  type SaveRequest,
} from '../src/features/workspace/save-queue.js';

let keys = 0;
const request = (
  imageId: number,
  baseVersion?: number,
  label = `label ${imageId}`,
): SaveRequest => ({
  collectionId: 1,
  imageId,
  payload: { ...emptyPayload(), labels: [label] },
  status: 'draft',
  timeSpentMs: 10,
  idempotencyKey: `key-${++keys}`,
  ...(baseVersion === undefined ? {} : { baseVersion }),
});

const ALICE = 7;
const BOB = 8;

/**
 * A server stand-in whose reachability the test switches (the network is outside our control):
 * optimistic versions per image and idempotency keys per user, like the real server.
 */
function fakeServer() {
  const applied = new Map<string, Annotation>();
  const server = {
    online: true,
    /** apply the save, then lose the answer on the way back */
    loseResponses: false,
    versions: new Map<number, number>(),
    /** who sent each applied save, by image */
    senders: [] as { userId: number; imageId: number }[],
    sendAs(userId: number) {
      return async (r: SaveRequest): Promise<Annotation> => {
        await Promise.resolve();
        if (!server.online) throw new NetworkError(new TypeError('fetch failed'));
        const repeated = applied.get(`${userId}/${r.idempotencyKey}`);
        if (repeated) return repeated;
        const current = server.versions.get(r.imageId);
        if (current !== r.baseVersion) {
          throw new ApiError({
            type: 'https://medlabel.dev/problems/stale-annotation',
            title: 'Conflict',
            status: 409,
          });
        }
        const version = (current ?? 0) + 1;
        server.versions.set(r.imageId, version);
        server.senders.push({ userId, imageId: r.imageId });
        const annotation = {
          collectionId: r.collectionId,
          imageId: r.imageId,
          version,
          payload: r.payload,
        } as Annotation;
        applied.set(`${userId}/${r.idempotencyKey}`, annotation);
        if (server.loseResponses) throw new NetworkError(new TypeError('connection reset'));
        return annotation;
      };
    },
  };
  return server;
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

/** A queue of `userId` whose flushed outcomes are collected. */
function queueOf(
  server: ReturnType<typeof fakeServer>,
  storage: ReturnType<typeof memoryStorage> | null,
  userId = ALICE,
) {
  const queue = new SaveQueue(server.sendAs(userId), storage, userId);
  const flushed: SaveOutcome[] = [];
  queue.subscribeFlushed((o) => flushed.push(o));
  return { queue, flushed };
}

describe('SaveQueue', () => {
  it('saves directly when the server is reachable, and keeps nothing afterwards', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const { queue } = queueOf(server, storage);
    const outcome = await queue.save(request(1));
    expect(outcome.kind).toBe('saved');
    expect(server.versions.get(1)).toBe(1);
    expect(queue.pending).toBe(0);
    expect(storage.data.size).toBe(0);
  });

  it('queues offline saves, keeps the latest per image, survives a reload and flushes later', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const { queue } = queueOf(server, storage);
    server.online = false;
    expect((await queue.save(request(1))).kind).toBe('queued');
    expect((await queue.save(request(1, undefined, 'newer'))).kind).toBe('queued');
    expect((await queue.save(request(2))).kind).toBe('queued');
    expect(queue.size).toBe(2);

    const reloaded = queueOf(server, storage);
    expect(reloaded.queue.queued(1, 1)?.payload.labels).toEqual(['newer']);
    await reloaded.queue.flush();
    expect(reloaded.queue.size).toBe(2); // still offline: nothing lost
    server.online = true;
    await reloaded.queue.flush();
    expect(reloaded.queue.size).toBe(0);
    expect(reloaded.flushed.map((o) => o.kind)).toEqual(['saved', 'saved']);
    // The first offline save and the newer one of image 1 were both sent, in order.
    expect(server.versions.get(1)).toBe(2);
    expect(storage.data.size).toBe(0);
  });

  it("keeps each user's saves under their own key: another user's session never sends them", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    server.online = false;
    const alice = queueOf(server, storage, ALICE);
    expect((await alice.queue.save(request(1))).kind).toBe('queued');
    expect([...storage.data.keys()]).toEqual([pendingSavesKey(ALICE)]);

    // Alice signs out; Bob signs in on the same browser, online.
    alice.queue.stop();
    server.online = true;
    const bob = queueOf(server, storage, BOB);
    expect(bob.queue.size).toBe(0);
    expect(bob.queue.queued(1, 1)).toBeUndefined();
    await bob.queue.flush();
    expect(server.senders).toEqual([]);

    // Alice signs in again: her work is sent, as hers.
    const aliceAgain = queueOf(server, storage, ALICE);
    expect(aliceAgain.queue.size).toBe(1);
    await aliceAgain.queue.flush();
    expect(server.senders).toEqual([{ userId: ALICE, imageId: 1 }]);
    expect(aliceAgain.flushed.map((o) => o.kind)).toEqual(['saved']);
  });

  it('sends nothing once stopped (signed out), even a save already queued', async () => {
    const server = fakeServer();
    server.online = false;
    const { queue } = queueOf(server, memoryStorage());
    await queue.save(request(1));
    queue.stop();
    server.online = true;
    await queue.flush();
    expect(queue.size).toBe(1);
    expect(server.senders).toEqual([]);
  });

  it('retries a save whose answer was lost without a conflict or a second version', async () => {
    const server = fakeServer();
    const { queue, flushed } = queueOf(server, memoryStorage());
    server.loseResponses = true;
    expect((await queue.save(request(1))).kind).toBe('queued');
    expect(server.versions.get(1)).toBe(1); // it did arrive
    server.loseResponses = false;
    await queue.flush();
    expect(flushed).toMatchObject([{ kind: 'saved', annotation: { version: 1 } }]);
    expect(server.versions.get(1)).toBe(1);
  });

  it('sends a newer save after an earlier one whose answer was lost, on top of its version', async () => {
    const server = fakeServer();
    const { queue } = queueOf(server, memoryStorage());
    server.loseResponses = true;
    expect((await queue.save(request(1))).kind).toBe('queued');
    server.loseResponses = false;
    // The user edits on; the pane still knows no version (the first answer never came).
    const outcome = await queue.save(request(1, undefined, 'edited'));
    expect(outcome).toMatchObject({
      kind: 'saved',
      annotation: { version: 2, payload: { labels: ['edited'] } },
    });
  });

  it('stores a save before sending it, so a page closed mid-save sends it at the next load', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    // A send the page never sees the end of.
    const closing = new SaveQueue(() => new Promise<Annotation>(() => undefined), storage, ALICE);
    void closing.save(request(1, undefined, 'drawn just before the reload'), { keepalive: true });
    const next = queueOf(server, storage);
    expect(next.queue.queued(1, 1)?.payload.labels).toEqual(['drawn just before the reload']);
    await next.queue.flush();
    expect(next.flushed.map((o) => o.kind)).toEqual(['saved']);
  });

  it('reports a stale write as a conflict instead of overwriting, also from a flush', async () => {
    const server = fakeServer();
    server.versions.set(3, 2);
    const { queue, flushed } = queueOf(server, memoryStorage());
    const outcome = await queue.save(request(3, 1));
    expect(outcome.kind).toBe('conflict');
    expect(server.versions.get(3)).toBe(2);

    server.online = false;
    await queue.save(request(3, 1, 'offline edit'));
    server.online = true;
    await queue.flush();
    expect(flushed).toMatchObject([
      { kind: 'conflict', request: { payload: { labels: ['offline edit'] } } },
    ]);
    expect(queue.pending).toBe(0);
  });
});
