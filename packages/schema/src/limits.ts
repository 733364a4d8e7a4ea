// How big one annotation may be: the schemas and the validators share these numbers.
/**
 * Bounds on one annotation, so that validating, storing and drawing a payload stays cheap: the
 * schema refuses more shapes or longer contours before anything else looks at them, and the
 * validator the total (a self-intersection check costs about 5 ms per 1,000 vertices).
 */
export const ANNOTATION_LIMITS = {
  /** shapes in one payload */
  shapes: 1000,
  /** vertices of one polygon or polyline (a template tool may allow fewer: `maxVertices`) */
  verticesPerShape: 5000,
  /** vertices of all shapes of one payload together */
  vertices: 10_000,
} as const;
