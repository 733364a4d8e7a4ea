import { describe, expect, it } from 'vitest';
import { BackgroundRefresh } from '../src/agreement/background-refresh.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background refresh', () => {
  it('joins requests within the delay into one run, per key', async () => {
    const runs: number[] = [];
    const refresh = new BackgroundRefresh(
      (key) => {
        runs.push(key);
        return Promise.resolve();
      },
      20,
      () => undefined,
    );
    for (let i = 0; i < 5; i++) refresh.request(1);
    refresh.request(2);
    await refresh.settled();
    expect(runs.sort()).toEqual([1, 2]);
  });

  it('runs once more after a run when asked during it, never twice at once', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const refresh = new BackgroundRefresh(
      async () => {
        running++;
        most = Math.max(most, running);
        await tick(40);
        running--;
        runs++;
      },
      5,
      () => undefined,
    );
    refresh.request(7);
    await tick(20); // the first run is under way
    refresh.request(7);
    refresh.request(7);
    await refresh.settled();
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('runs different keys one at a time, in the order they fell due', async () => {
    const events: string[] = [];
    const refresh = new BackgroundRefresh(
      async (key) => {
        events.push(`start ${key}`);
        await tick(30);
        events.push(`end ${key}`);
      },
      5,
      () => undefined,
    );
    refresh.request(3);
    await tick(2);
    refresh.request(1);
    refresh.request(2);
    await refresh.settled();
    expect(events).toEqual(['start 3', 'end 3', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('logs a failure instead of throwing it, and drops what is scheduled on close', async () => {
    const logged: string[] = [];
    const runs: number[] = [];
    const refresh = new BackgroundRefresh(
      (key) => {
        runs.push(key);
        return key === 1 ? Promise.reject(new Error('no database')) : Promise.resolve();
      },
      5,
      (message) => logged.push(message),
    );
    refresh.request(1);
    await refresh.settled();
    expect(logged).toEqual(['background refresh of 1 failed']);
    refresh.request(2);
    await refresh.close();
    refresh.request(3);
    await tick(20);
    expect(runs).toEqual([1]);
  });
});
