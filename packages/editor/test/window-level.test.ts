import { describe, expect, it } from 'vitest';
import {
  applyGreyLut,
  applyLut,
  isGrey,
  dragWindowLevel,
  FULL_RANGE,
  windowLevelLut,
} from '../src/render/window-level.js';
import { createFrameScheduler } from '../src/render/scheduler.js';
import { displayLevel, valueAt, windowValues, type ValueImage } from '../src/render/value-image.js';

describe('window/level', () => {
  it('is the identity at full range', () => {
    const lut = windowLevelLut(FULL_RANGE);
    for (let v = 0; v < 256; v++) expect(Math.abs(lut[v]! - v)).toBeLessThanOrEqual(1);
  });

  it('stretches the window over the display range and clips outside it', () => {
    const lut = windowLevelLut({ width: 100, level: 100 });
    expect(lut[50]).toBe(0);
    expect(lut[100]).toBe(128);
    expect(lut[150]).toBe(255);
    expect(lut[10]).toBe(0);
    expect(lut[200]).toBe(255);
  });

  it('maps RGB channels and leaves alpha alone', () => {
    const pixels = new Uint8ClampedArray([50, 100, 150, 77]);
    applyLut(pixels, windowLevelLut({ width: 100, level: 100 }));
    expect([...pixels]).toEqual([0, 128, 255, 77]);
  });

  it('drags: right widens the window, up raises the level', () => {
    expect(dragWindowLevel({ width: 100, level: 100 }, 20, -10)).toEqual({
      width: 120,
      level: 110,
    });
    expect(dragWindowLevel({ width: 10, level: 100 }, -50, 0).width).toBe(1);
  });
});

describe('window/level on modality values', () => {
  const ct: ValueImage = {
    kind: 'values',
    width: 4,
    height: 1,
    data: Int16Array.from([-1000, -600, 40, 1000]),
    min: -1000,
    max: 1000,
    inverted: false,
  };
  const grey = (word: number) => word & 0xff;

  it('maps HU through the lung window: air dark, lung mid grey, soft tissue light, bone white', () => {
    const target = new Uint32Array(4);
    windowValues(ct, { level: -600, width: 1500 }, target);
    expect(Array.from(target, grey)).toEqual([
      displayLevel(-1000, { level: -600, width: 1500 }, false),
      128,
      236,
      255,
    ]);
    expect(grey(target[0]!)).toBeLessThanOrEqual(60);
    expect(target[0]! >>> 24).toBe(255); // opaque
  });

  it('gives float values the same levels as integer ones', () => {
    const floats: ValueImage = { ...ct, data: Float32Array.from(ct.data) };
    const [a, b] = [new Uint32Array(4), new Uint32Array(4)];
    windowValues(ct, { level: 40, width: 400 }, a);
    windowValues(floats, { level: 40, width: 400 }, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('inverts MONOCHROME1', () => {
    expect(displayLevel(-1000, { level: 0, width: 100 }, true)).toBe(255);
    expect(displayLevel(1000, { level: 0, width: 100 }, true)).toBe(0);
  });

  it('reads the value under a point, nothing outside', () => {
    expect(valueAt(ct, 1.7, 0.2)).toBe(-600);
    expect(valueAt(ct, 4, 0)).toBeUndefined();
    expect(valueAt(ct, -0.1, 0)).toBeUndefined();
  });

  it('drags by a 256th of the range a pixel', () => {
    const range = { min: -1024, max: 3071 };
    expect(dragWindowLevel({ width: 400, level: 40 }, 10, 0, range).width).toBe(400 + 160);
    expect(dragWindowLevel({ width: 400, level: 40 }, 0, 10, range).level).toBe(40 - 160);
  });
});

describe('frame scheduler', () => {
  it('draws once per frame however often it is invalidated', () => {
    const frames: (() => void)[] = [];
    let draws = 0;
    const invalidate = createFrameScheduler(
      () => draws++,
      (cb) => frames.push(cb),
    );
    invalidate();
    invalidate();
    invalidate();
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(draws).toBe(1);
    invalidate();
    expect(frames).toHaveLength(1);
  });
});

describe('grey fast path', () => {
  it('gives the same pixels as the per-channel path and keeps alpha', () => {
    const rgba = new Uint8ClampedArray([
      0, 0, 0, 255, 90, 90, 90, 128, 200, 200, 200, 255, 255, 255, 255, 0,
    ]);
    const lut = windowLevelLut({ width: 120, level: 110 });
    const expected = rgba.slice();
    applyLut(expected, lut);
    const target = new Uint8ClampedArray(rgba.length);
    applyGreyLut(new Uint32Array(rgba.buffer), new Uint32Array(target.buffer), lut);
    expect([...target]).toEqual([...expected]);
  });

  it('recognises grey and colour images', () => {
    expect(isGrey(new Uint8ClampedArray([5, 5, 5, 255, 7, 7, 7, 0]))).toBe(true);
    expect(isGrey(new Uint8ClampedArray([5, 5, 6, 255]))).toBe(false);
  });
});
