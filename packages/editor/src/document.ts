import type { Point, Shape } from './types.js';

/**
 * The document: the shapes that are saved, in drawing order. Immutable; every edit returns a
 * new document so the history can keep the states it needs without copying points.
 */
export interface EditorDocument {
  readonly shapes: readonly Shape[];
}

export const EMPTY_DOCUMENT: EditorDocument = { shapes: [] };

export function findShape(doc: EditorDocument, id: string): Shape | undefined {
  return doc.shapes.find((s) => s.id === id);
}

export function insertShape(
  doc: EditorDocument,
  shape: Shape,
  index = doc.shapes.length,
): EditorDocument {
  const shapes = doc.shapes.slice();
  shapes.splice(index, 0, shape);
  return { shapes };
}

export function removeShape(doc: EditorDocument, id: string): EditorDocument {
  return { shapes: doc.shapes.filter((s) => s.id !== id) };
}

export function replaceShape(doc: EditorDocument, shape: Shape): EditorDocument {
  return { shapes: doc.shapes.map((s) => (s.id === shape.id ? shape : s)) };
}

export function withPoint(shape: Shape, index: number, point: Point): Shape {
  const points = shape.points.slice();
  points[index] = point;
  return { ...shape, points };
}

export function withInsertedPoint(shape: Shape, index: number, point: Point): Shape {
  const points = shape.points.slice();
  points.splice(index, 0, point);
  return { ...shape, points };
}

export function withoutPoint(shape: Shape, index: number): Shape {
  return { ...shape, points: shape.points.filter((_, i) => i !== index) };
}

/** The fewest points a shape of this kind needs to exist. */
export function minimumPoints(shape: Pick<Shape, 'kind'>): number {
  switch (shape.kind) {
    case 'polygon':
      return 3;
    case 'polyline':
    case 'ruler':
      return 2;
    case 'keypoint':
      return 1;
  }
}
