// Generates annotation payloads for a template that are often valid and often wrong in one
// way (a point outside the image, a value out of range, a missing required part).
import fc from 'fast-check';
import type {
  AnnotationPayload,
  FieldValue,
  FormField,
  Shape,
  TemplateDefinition,
  Tool,
} from '../src/index.js';

const coordinate = fc.double({ min: -5, max: 105, noNaN: true });
const point = fc.record({ x: coordinate, y: coordinate });

/** A regular polygon around a centre: simple, and outside the image when it is near an edge. */
const regularPolygon = fc
  .record({
    cx: coordinate,
    cy: coordinate,
    r: fc.double({ min: 1, max: 30, noNaN: true }),
    n: fc.integer({ min: 3, max: 12 }),
  })
  .map(({ cx, cy, r, n }) =>
    Array.from({ length: n }, (_, i) => ({
      x: cx + r * Math.cos((2 * Math.PI * i) / n),
      y: cy + r * Math.sin((2 * Math.PI * i) / n),
    })),
  );

function shapeOf(tool: Tool): fc.Arbitrary<Omit<Shape, 'id'>> {
  const label =
    tool.kind === 'keypoint'
      ? fc.constant(undefined)
      : fc.option(fc.constantFrom(...(tool.labels ?? [{ name: 'x' }]).map((l) => l.name)), {
          nil: undefined,
        });
  switch (tool.kind) {
    case 'polygon':
      return fc.record(
        {
          kind: fc.constant('polygon' as const),
          tool: fc.constant(tool.id),
          points: regularPolygon,
          label,
        },
        { requiredKeys: ['kind', 'tool', 'points'] },
      );
    case 'polyline':
      return fc.record({
        kind: fc.constant('polyline' as const),
        tool: fc.constant(tool.id),
        points: fc.array(point, { minLength: 2, maxLength: 6 }),
      });
    case 'ruler':
      return fc.record({
        kind: fc.constant('ruler' as const),
        tool: fc.constant(tool.id),
        points: fc.tuple(point, point).map((p) => [...p]),
      });
    case 'keypoint':
      return fc.record({
        kind: fc.constant('keypoint' as const),
        tool: fc.constant(tool.id),
        name: fc.constantFrom(...tool.keypoints.map((k) => k.name)),
        points: point.map((p) => [p]),
      });
  }
}

function valueOf(field: FormField): fc.Arbitrary<FieldValue> {
  switch (field.kind) {
    case 'number':
      return fc.oneof(
        fc.integer({ min: (field.min ?? 0) - 2, max: (field.max ?? 100) + 2 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'checkbox':
      return fc.boolean();
    case 'text':
      return fc.string({ maxLength: 20 });
    case 'select':
      return field.multiple
        ? fc.subarray(field.options)
        : fc.constantFrom(...field.options, 'other');
  }
}

export function plausiblePayload(template: TemplateDefinition): fc.Arbitrary<AnnotationPayload> {
  const names = template.classification?.labels.map((l) => l.name) ?? [];
  const labels = fc.subarray(names, { maxLength: Math.min(2, names.length) });
  const shapes =
    template.tools.length === 0
      ? fc.constant([])
      : fc
          .array(fc.oneof(...template.tools.map(shapeOf)), { maxLength: 5 })
          .map((list) => list.map((s, i) => ({ ...s, id: `s${i}` }) as Shape));
  const values = fc.record(Object.fromEntries(template.fields.map((f) => [f.id, valueOf(f)])), {
    requiredKeys: [],
  });
  return fc.record({ labels, shapes, values }) as fc.Arbitrary<AnnotationPayload>;
}
