// The annotations an SR or SEG carries, in image pixels: the shape of @medlabel/schema's payload
// (this package imports no other @medlabel package), one entry per annotation of one image.
import type { SourceInstance } from './source.js';

export interface ReportPoint {
  x: number;
  y: number;
}

interface ShapeBase {
  id: string;
  tool: string;
  /** 0-based frame of a multi-frame image */
  frame: number;
  points: ReportPoint[];
}
export type ReportShape =
  | (ShapeBase & { kind: 'polygon' | 'polyline' | 'ruler'; label?: string })
  | (ShapeBase & { kind: 'keypoint'; name: string });

/** A measurement of one shape in mm (mm² for areas). */
export interface ReportMeasurement {
  shapeId: string;
  quantity: 'length' | 'area' | 'perimeter';
  mm: number;
}

/** Who made an annotation: a person by pseudonym (never a name), or a model. */
export type Observer = { kind: 'person'; name: string } | { kind: 'device'; name: string };

export interface ReportAnnotation {
  instance: SourceInstance;
  observer: Observer;
  labels: string[];
  shapes: ReportShape[];
  measurements: ReportMeasurement[];
}
