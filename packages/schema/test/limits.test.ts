import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_LIMITS,
  validateAnnotationPayload,
  validateTemplateDefinition,
  type Point,
  type TemplateDefinition,
} from '../src/index.js';

const image = { width: 2000, height: 2000, mode: 'draft' as const };

/** A convex contour of `n` vertices (never self-intersecting), centred in the image. */
function circle(n: number, radius = 900): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = (i / n) * Math.PI * 2;
    return { x: 1000 + radius * Math.cos(angle), y: 1000 + radius * Math.sin(angle) };
  });
}

const template = (maxVertices?: number): TemplateDefinition => ({
  formatVersion: 1,
  name: 'Contours',
  tools: [
    { kind: 'polygon', id: 'contour', title: 'Contour', ...(maxVertices ? { maxVertices } : {}) },
    { kind: 'keypoint', id: 'marks', title: 'Marks', keypoints: [{ name: 'a' }] },
  ],
  fields: [],
});

const polygon = (id: string, points: Point[]) => ({
  id,
  kind: 'polygon' as const,
  tool: 'contour',
  points,
});

function problems(def: TemplateDefinition, payload: unknown) {
  const result = validateAnnotationPayload(def, payload, image);
  return result.ok ? [] : result.problems;
}

describe('annotation limits', () => {
  it('accepts a contour of the most vertices a shape may have', () => {
    const payload = {
      labels: [],
      shapes: [polygon('a', circle(ANNOTATION_LIMITS.verticesPerShape))],
      values: {},
    };
    expect(problems(template(), payload)).toEqual([]);
  });

  it('refuses a 100,000-vertex polygon quickly, in the schema', () => {
    const payload = { labels: [], shapes: [polygon('a', circle(100_000))], values: {} };
    const started = performance.now();
    const found = problems(template(), payload);
    expect(performance.now() - started).toBeLessThan(500);
    expect(found).toEqual([
      {
        path: '/shapes/0/points',
        message: `Expected array length to be less or equal to ${ANNOTATION_LIMITS.verticesPerShape}`,
      },
    ]);
  });

  it('refuses more shapes than an annotation may hold', () => {
    const shapes = Array.from({ length: ANNOTATION_LIMITS.shapes + 1 }, (_, i) => ({
      id: `k${i}`,
      kind: 'keypoint' as const,
      tool: 'marks',
      name: 'a',
      frame: i,
      points: [{ x: 1, y: 1 }],
    }));
    const found = problems(template(), { labels: [], shapes, values: {} });
    expect(found[0]).toEqual({
      path: '/shapes',
      message: `Expected array length to be less or equal to ${ANNOTATION_LIMITS.shapes}`,
    });
  });

  it('refuses more vertices in all than an annotation may hold, before the geometry checks', () => {
    const per = ANNOTATION_LIMITS.verticesPerShape;
    const count = Math.floor(ANNOTATION_LIMITS.vertices / per) + 1;
    const shapes = Array.from({ length: count }, (_, i) => polygon(`p${i}`, circle(per, 900 - i)));
    const started = performance.now();
    expect(problems(template(), { labels: [], shapes, values: {} })).toEqual([
      {
        path: '/shapes',
        message: `${count * per} vertices in all; an annotation holds at most ${ANNOTATION_LIMITS.vertices}`,
      },
    ]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("keeps to a tool's own maxVertices", () => {
    const payload = { labels: [], shapes: [polygon('a', circle(101))], values: {} };
    expect(problems(template(100), payload)).toEqual([
      {
        path: '/shapes/0/points',
        message: 'Contour allows at most 100 vertices per shape, not 101',
      },
    ]);
    expect(problems(template(101), payload)).toEqual([]);
  });

  it('bounds maxVertices and maxCount in the template schema', () => {
    const tooMany = template(ANNOTATION_LIMITS.verticesPerShape + 1);
    expect(validateTemplateDefinition(tooMany).ok).toBe(false);
    expect(validateTemplateDefinition(template(ANNOTATION_LIMITS.verticesPerShape)).ok).toBe(true);
    const polygonOfTwo = template(2);
    expect(validateTemplateDefinition(polygonOfTwo).ok).toBe(false);
    const counted = template();
    counted.tools[0] = { ...counted.tools[0]!, maxCount: ANNOTATION_LIMITS.shapes + 1 };
    const result = validateTemplateDefinition(counted);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['/tools/0/maxCount']);
  });
});
