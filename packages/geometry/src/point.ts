/** A point in image pixels: x to the right, y down, (0, 0) the top-left corner of the image. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** Twice the signed area of triangle abc: > 0 when a, b, c turn counter-clockwise (y up). */
export function cross(a: Point, b: Point, c: Point): number {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}
