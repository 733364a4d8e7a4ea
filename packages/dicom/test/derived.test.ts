import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fillPolygon,
  measurementReport,
  readMeasurementReport,
  readSegmentation,
  segmentation,
  sourceInstance,
  type ReportAnnotation,
} from '../src/index.js';
import { packBits, unpackFrame } from '../src/seg/raster.js';
import { decimalString } from '../src/sr/content.js';
import { daikonBytes, pydicomBytes } from './support/data.js';

const ct = () => sourceInstance(pydicomBytes('CT_small.dcm'));

describe('sourceInstance', () => {
  it('reads what a derived object references and copies', () => {
    expect(ct()).toMatchObject({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      rows: 128,
      columns: 128,
      numberOfFrames: 1,
      pixelSpacing: [0.661468, 0.661468],
      study: { PatientID: '1CT1', StudyID: '1CT1' },
    });
    expect(sourceInstance(daikonBytes('jpeg_baseline_8bit.dcm')).numberOfFrames).toBe(96);
  });
});

describe('measurement report', () => {
  it('reads back frames of a multi-frame image, long and non-ASCII labels and device observers', () => {
    const cine = sourceInstance(daikonBytes('jpeg_baseline_8bit.dcm'));
    const label = 'Stenose der Arteria carotis interna, ≥ 70 %';
    const annotation: ReportAnnotation = {
      instance: cine,
      observer: { kind: 'device', name: 'loop-3.v2' },
      labels: ['Läsion'],
      shapes: [
        {
          kind: 'keypoint',
          id: 'k',
          tool: 'points',
          name: label,
          frame: 41,
          points: [{ x: 1.25, y: 2.5 }],
        },
        {
          kind: 'polyline',
          id: 'l',
          tool: 'trace',
          frame: 95,
          points: [
            { x: 0, y: 0 },
            { x: 3, y: 4 },
            { x: 6, y: 0 },
          ],
        },
      ],
      measurements: [{ shapeId: 'l', quantity: 'length', mm: 10 }],
    };
    const [read] = readMeasurementReport(
      measurementReport({ annotations: [annotation] }),
    ).annotations;
    expect(read).toEqual({
      sopClassUid: cine.sopClassUid,
      sopInstanceUid: cine.sopInstanceUid,
      observer: annotation.observer,
      labels: annotation.labels,
      shapes: annotation.shapes,
      measurements: annotation.measurements,
    });
  });

  it('refuses annotations of several studies', () => {
    const other = { ...ct(), studyInstanceUid: '1.2.3' };
    const annotation = (instance: typeof other): ReportAnnotation => ({
      instance,
      observer: { kind: 'person', name: 'Reader^1' },
      labels: ['x'],
      shapes: [],
      measurements: [],
    });
    expect(() => measurementReport({ annotations: [annotation(ct()), annotation(other)] })).toThrow(
      'one study',
    );
  });

  it('writes numbers as Decimal Strings of at most 16 characters', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (value) => {
        const text = decimalString(value);
        expect(text.length).toBeLessThanOrEqual(16);
        expect(Math.abs(Number(text) - value)).toBeLessThanOrEqual(Math.abs(value) * 1e-9 + 1e-9);
      }),
    );
  });
});

describe('segmentation', () => {
  const inside = (polygon: readonly { x: number; y: number }[], x: number, y: number) => {
    let odd = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const a = polygon[i]!;
      const b = polygon[j]!;
      if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) odd = !odd;
    }
    return odd;
  };

  it('fills the pixels whose centres an arbitrary polygon holds (even-odd)', () => {
    const point = fc.record({
      x: fc.double({ min: -3, max: 23, noNaN: true }),
      y: fc.double({ min: -3, max: 19, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 8 }), (polygon) => {
        const mask = new Uint8Array(16 * 20);
        fillPolygon(mask, 16, 20, polygon);
        for (let r = 0; r < 16; r++)
          for (let c = 0; c < 20; c++)
            expect(mask[r * 20 + c], `${r},${c}`).toBe(inside(polygon, c + 0.5, r + 0.5) ? 1 : 0);
      }),
    );
  });

  it('packs frames bit after bit across frame ends, to an even length', () => {
    const frames = [0, 1, 2].map((f) =>
      Uint8Array.from({ length: 15 }, (_, i) => ((i * 7 + f) % 3 === 0 ? 1 : 0)),
    );
    const packed = packBits(frames);
    expect(packed.length).toBe(6); // 45 bits -> 6 bytes, even
    frames.forEach((frame, i) => expect(unpackFrame(packed, i, 15)).toEqual(frame));
  });

  it('references the frames of a multi-frame image without plane geometry, one segment per label and reader', () => {
    const cine = sourceInstance(daikonBytes('jpeg_baseline_8bit.dcm'));
    const square = (x: number) => [
      { x, y: 10 },
      { x: x + 10, y: 10 },
      { x: x + 10, y: 20 },
      { x, y: 20 },
    ];
    const annotation = (reader: string): ReportAnnotation => ({
      instance: cine,
      observer: { kind: 'person', name: reader },
      labels: [],
      shapes: [
        { kind: 'polygon', id: 'a', tool: 'vessel', label: 'LAD', frame: 3, points: square(0) },
        { kind: 'polygon', id: 'b', tool: 'vessel', label: 'LAD', frame: 3, points: square(30) },
        { kind: 'polygon', id: 'c', tool: 'vessel', frame: 7, points: square(50) },
      ],
      measurements: [],
    });
    const seg = readSegmentation(
      segmentation({ annotations: [annotation('Reader^1'), annotation('Reader^2')] })!,
    );
    expect(seg.segments).toEqual([
      { number: 1, label: 'LAD', tool: 'vessel', observer: 'Reader^1' },
      { number: 2, label: 'vessel', tool: 'vessel', observer: 'Reader^1' },
      { number: 3, label: 'LAD', tool: 'vessel', observer: 'Reader^2' },
      { number: 4, label: 'vessel', tool: 'vessel', observer: 'Reader^2' },
    ]);
    expect(
      seg.frames.map((f) => [f.segmentNumber, f.frame, f.mask.reduce((a, b) => a + b, 0)]),
    ).toEqual([
      [1, 3, 200], // both squares of LAD on frame 3
      [2, 7, 100],
      [3, 3, 200],
      [4, 7, 100],
    ]);
    expect(segmentation({ annotations: [{ ...annotation('x'), shapes: [] }] })).toBeNull();
  });
});
