import { describe, expect, it } from 'vitest';
import { ReviewClock } from '../src/features/review/review-clock.js';

function clockAt(start = 1000) {
  let now = start;
  const clock = new ReviewClock(() => now);
  return { clock, wait: (ms: number) => (now += ms) };
}

describe('ReviewClock', () => {
  it('shares the page time among its cards when none is changed', () => {
    const { clock, wait } = clockAt();
    wait(9000);
    expect([...clock.times([1, 2, 3]).values()]).toEqual([3000, 3000, 3000]);
  });

  it('gives a changed card the time from its selection to its change, and shares the rest', () => {
    const { clock, wait } = clockAt();
    wait(2000);
    clock.select(2);
    wait(3000);
    clock.changed(2);
    wait(1000);
    const times = clock.times([1, 2, 3]);
    // 6 s in all: 3 s changing card 2, the other 3 s shared by the three cards.
    expect([...times.values()]).toEqual([1000, 4000, 1000]);
    expect([...times.values()].reduce((a, b) => a + b)).toBe(6000);
  });

  it('counts a change only for the selected card and restarts with each page', () => {
    const { clock, wait } = clockAt();
    clock.select(1);
    wait(500);
    clock.changed(2);
    wait(500);
    expect(clock.times([1, 2]).get(2)).toBe(500);
    clock.startPage();
    wait(10);
    expect([...clock.times([3, 4]).values()]).toEqual([5, 5]);
  });

  it('reports at least 1 ms and at most a day per image', () => {
    const { clock, wait } = clockAt();
    expect(clock.times([1]).get(1)).toBe(1);
    wait(3 * 86_400_000);
    expect(clock.times([1]).get(1)).toBe(86_400_000);
  });
});
