import { describe, expect, it } from 'vitest';
import { PageCache } from '../src/features/workspace/page-cache.js';

describe('PageCache', () => {
  it('loads a page once while it is fresh and again after it expires', async () => {
    let time = 0;
    let loads = 0;
    const cache = new PageCache<number>(1000, () => time);
    const load = () => Promise.resolve(++loads);
    expect(await cache.get('p1', load)).toBe(1);
    time = 999;
    expect(await cache.get('p1', load)).toBe(1);
    time = 1000;
    expect(await cache.get('p1', load)).toBe(2);
    expect(await cache.get('p2', load)).toBe(3);
  });

  it('forgets failed loads', async () => {
    const cache = new PageCache<number>();
    await expect(cache.get('p', () => Promise.reject(new Error('offline')))).rejects.toThrow(
      'offline',
    );
    expect(await cache.get('p', () => Promise.resolve(7))).toBe(7);
  });
});
