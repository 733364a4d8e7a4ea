import { computeMeasurements, type Measurement, type TemplateDefinition } from '@medlabel/schema';
import type { PixelSpacing, Shape } from './types.js';

/** No template: lengths and areas in mm with a pixel spacing, else in px. */
const PLAIN: TemplateDefinition = { formatVersion: 1, name: 'measurements', tools: [], fields: [] };

/**
 * A shape's measurements, computed by @medlabel/schema as the server and the measurement panel
 * do (a ruler or polyline: its length; a polygon: area and perimeter).
 */
export function measureShape(shape: Shape, spacing: PixelSpacing | null): Measurement[] {
  return computeMeasurements(PLAIN, { labels: [], values: {}, shapes: [shape] }, spacing);
}

export type { Measurement };
