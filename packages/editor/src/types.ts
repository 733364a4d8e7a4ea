import type { Point } from '@medlabel/geometry';
import type { Shape } from '@medlabel/schema';

export type { Point, PixelSpacing } from '@medlabel/geometry';
/** A document record: one shape of the annotation payload, as @medlabel/schema defines it. */
export type { Shape } from '@medlabel/schema';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export type ShapeKind = Shape['kind'];

/** A vertex of a shape, addressed by shape id and point index. */
export interface VertexRef {
  readonly shapeId: string;
  readonly index: number;
}

/** Where new shapes go: the template's tool id, the label (or keypoint name) and the frame. */
export interface ShapeDefaults {
  readonly toolId: string;
  readonly label: string | undefined;
  readonly frame: number;
}

/** Builds a new shape of a kind with the current defaults (schema-valid once it has enough points). */
export function makeShape(
  id: string,
  kind: ShapeKind,
  points: Point[],
  defaults: ShapeDefaults,
): Shape {
  const base = {
    id,
    tool: defaults.toolId,
    points,
    ...(defaults.frame > 0 ? { frame: defaults.frame } : {}),
  };
  const label = defaults.label === undefined ? {} : { label: defaults.label };
  switch (kind) {
    case 'keypoint':
      return { ...base, kind, name: defaults.label ?? 'point' };
    case 'polygon':
    case 'polyline':
    case 'ruler':
      return { ...base, kind, ...label };
  }
}
