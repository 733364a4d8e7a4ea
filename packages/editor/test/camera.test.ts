import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fitCamera,
  imageToScreen,
  pan,
  screenToImage,
  wheelZoomFactor,
  zoomAt,
  MAX_ZOOM,
} from '../src/camera.js';

const camera = { x: 30, y: -12, zoom: 2.5 };

describe('camera', () => {
  it('maps screen to image and back', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (x, y) => {
          const back = imageToScreen(camera, screenToImage(camera, { x, y }));
          expect(back.x).toBeCloseTo(x, 6);
          expect(back.y).toBeCloseTo(y, 6);
        },
      ),
    );
    expect(imageToScreen(camera, { x: 10, y: 10 })).toEqual({ x: 55, y: 13 });
  });

  it('keeps the image point under the anchor fixed while zooming', () => {
    const anchor = { x: 200, y: 150 };
    const before = screenToImage(camera, anchor);
    const zoomed = zoomAt(camera, anchor, 1.7);
    expect(zoomed.zoom).toBeCloseTo(4.25);
    const after = screenToImage(zoomed, anchor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('clamps zoom', () => {
    expect(zoomAt(camera, { x: 0, y: 0 }, 1e6).zoom).toBe(MAX_ZOOM);
  });

  it('pans by screen pixels', () => {
    expect(pan(camera, 5, -5)).toEqual({ x: 35, y: -17, zoom: 2.5 });
  });

  it('fits the image centred with a margin', () => {
    const fit = fitCamera({ width: 1000, height: 500 }, { width: 532, height: 400 }, 16);
    expect(fit.zoom).toBeCloseTo(0.5);
    expect(fit.x).toBeCloseTo(16);
    expect(fit.y).toBeCloseTo((400 - 250) / 2);
  });

  it('zooms in for negative wheel deltas and out for positive ones', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(100000)).toBe(wheelZoomFactor(100));
  });
});
