import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../src/http/fair-turns.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnQueue', () => {
  it('lets one request start per turn of the event loop, first come first served', async () => {
    const queue = new TurnQueue();
    const started: number[] = [];
    for (const id of [1, 2, 3]) void queue.enter().then(() => started.push(id));
    expect(queue.queued).toBe(3);

    await nextTurn();
    expect(started).toEqual([1]);
    await nextTurn();
    expect(started).toEqual([1, 2]);
    // One that arrives now waits behind the one still queued.
    void queue.enter().then(() => started.push(4));
    await nextTurn();
    await nextTurn();
    expect(started).toEqual([1, 2, 3, 4]);
    expect(queue.queued).toBe(0);
  });

  it('never starts a request in the turn it arrived in', async () => {
    const queue = new TurnQueue();
    let started = false;
    void queue.enter().then(() => (started = true));
    await Promise.resolve();
    expect(started).toBe(false);
    await nextTurn();
    expect(started).toBe(true);
  });
});
