import type { Point } from './point.js';

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Axis-aligned bounding box; null for no points. */
export function boundingBox(points: readonly Point[]): Bounds | null {
  if (points.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}

/** Whether p lies inside the image of the given size, borders included. */
export function isInsideImage(p: Point, width: number, height: number): boolean {
  return p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height;
}
