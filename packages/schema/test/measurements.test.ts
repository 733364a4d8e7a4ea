import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeMeasurements,
  exampleTemplates,
  formatMeasurement,
  type AnnotationPayload,
  type TemplateDefinition,
} from '../src/index.js';

const pt = (x: number, y: number) => ({ x, y });

describe('computeMeasurements', () => {
  const measure = exampleTemplates.lengthMeasurement;
  const payload: AnnotationPayload = {
    labels: [],
    shapes: [
      { id: 'r', kind: 'ruler', tool: 'diameter', points: [pt(0, 0), pt(120, 80)] },
      {
        id: 'l',
        kind: 'polyline',
        tool: 'course',
        points: [pt(0, 0), pt(40, 0), pt(40, 40)],
        frame: 2,
      },
    ],
    values: {},
  };

  it('measures in mm with unequal row and column spacing', () => {
    // columns 0.25 mm apart, rows 0.5 mm apart: 120 px across = 30 mm, 80 px down = 40 mm
    const [ruler, line] = computeMeasurements(measure, payload, [0.5, 0.25]);
    expect(ruler).toMatchObject({
      shapeId: 'r',
      quantity: 'length',
      mm: 50,
      value: 50,
      unit: 'mm',
    });
    expect(ruler!.px).toBeCloseTo(Math.hypot(120, 80), 12);
    expect(line).toMatchObject({ shapeId: 'l', frame: 2, px: 80, mm: 30, unit: 'mm', label: null });
    expect(formatMeasurement(ruler!)).toBe('50.0 mm');
  });

  it('falls back to px without a pixel spacing', () => {
    const [ruler] = computeMeasurements(measure, payload);
    expect(ruler).toMatchObject({ mm: null, unit: 'px' });
    expect(formatMeasurement(ruler!, 0)).toBe('144 px');
  });

  it('reports a ruler in its template unit and polygons as area and perimeter', () => {
    const def: TemplateDefinition = {
      formatVersion: 1,
      name: 'cm',
      tools: [
        { kind: 'ruler', id: 'r', title: 'R', unit: 'cm' },
        { kind: 'polygon', id: 'p', title: 'P', labels: [{ name: 'Lesion' }] },
        { kind: 'keypoint', id: 'k', title: 'K', keypoints: [{ name: 'apex' }] },
      ],
      fields: [],
    };
    const square = [pt(0, 0), pt(100, 0), pt(100, 100), pt(0, 100)];
    const result = computeMeasurements(
      def,
      {
        labels: [],
        shapes: [
          { id: 'r', kind: 'ruler', tool: 'r', points: [pt(0, 0), pt(0, 100)] },
          { id: 'p', kind: 'polygon', tool: 'p', label: 'Lesion', points: square },
          { id: 'k', kind: 'keypoint', tool: 'k', name: 'apex', points: [pt(1, 1)] },
        ],
        values: {},
      },
      [0.2, 0.2],
    );
    expect(result.map((m) => [m.shapeId, m.quantity, formatMeasurement(m, 2)])).toEqual([
      ['r', 'length', '2.00 cm'],
      ['p', 'area', '400.00 mm²'],
      ['p', 'perimeter', '80.00 mm'],
    ]);
    expect(result[1]).toMatchObject({ px: 10000, label: 'Lesion' });
  });
});

describe('computeMeasurements properties', () => {
  const def: TemplateDefinition = {
    formatVersion: 1,
    name: 'p',
    tools: [
      { kind: 'polygon', id: 'p', title: 'P' },
      { kind: 'ruler', id: 'r', title: 'R', unit: 'mm' },
    ],
    fields: [],
  };
  const coordinate = fc.integer({ min: 0, max: 1000 });
  const point = fc.record({ x: coordinate, y: coordinate });

  it('scales lengths by s and areas by s² under an isotropic spacing s', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 3, maxLength: 10 }),
        fc.tuple(point, point),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (polygon, ruler, s) => {
          const payload: AnnotationPayload = {
            labels: [],
            shapes: [
              { id: 'p', kind: 'polygon', tool: 'p', points: polygon },
              { id: 'r', kind: 'ruler', tool: 'r', points: [...ruler] },
            ],
            values: {},
          };
          const [area, perimeter, length] = computeMeasurements(def, payload, [s, s]);
          expect(area!.mm).toBeCloseTo(area!.px * s * s, 6);
          expect(perimeter!.mm).toBeCloseTo(perimeter!.px * s, 6);
          expect(length!.mm).toBeCloseTo(length!.px * s, 6);
        },
      ),
    );
  });
});
