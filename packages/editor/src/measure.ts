import { polygonArea, polygonAreaMm2, polylineLength, polylineLengthMm } from '@medlabel/geometry';
import type { PixelSpacing, Shape } from './types.js';

/** A measurement of a shape, in mm where the image has a pixel spacing, else in pixels. */
export interface Measurement {
  readonly kind: 'length' | 'area';
  readonly value: number;
  readonly unit: 'mm' | 'px' | 'mm²' | 'px²';
}

export function measureShape(shape: Shape, spacing: PixelSpacing | null): Measurement | null {
  switch (shape.kind) {
    case 'ruler':
    case 'polyline':
      return spacing
        ? { kind: 'length', value: polylineLengthMm(shape.points, spacing), unit: 'mm' }
        : { kind: 'length', value: polylineLength(shape.points), unit: 'px' };
    case 'polygon':
      return spacing
        ? { kind: 'area', value: polygonAreaMm2(shape.points, spacing), unit: 'mm²' }
        : { kind: 'area', value: polygonArea(shape.points), unit: 'px²' };
    case 'keypoint':
      return null;
  }
}

/** "12.3 mm" */
export function formatMeasurement(m: Measurement): string {
  return `${m.value.toFixed(m.value < 10 ? 2 : 1)} ${m.unit}`;
}
