import fs from 'node:fs';
import { parseCsv } from '@medlabel/csv';
import { parseDicom } from '@medlabel/dicom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import {
  seedDicomWorkspace,
  workspaceDicomFiles,
  type DicomWorkspace,
} from './support/dicom-workspace.js';

/** [row, column] mm of a file as its own attributes give it. */
const spacingOfFile = (file: string) => {
  const spacing = parseDicom(fs.readFileSync(file)).metadata.image!.pixelSpacing!;
  return { rowMm: spacing.row, columnMm: spacing.column, source: spacing.source };
};

for (const dialect of DIALECTS) {
  describe(`measurements in the JSON, CSV and COCO exports (${dialect})`, () => {
    let t: TestApp;
    let w: DicomWorkspace;
    let ct: ReturnType<typeof spacingOfFile>;
    let mr: ReturnType<typeof spacingOfFile>;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_DEID_SECRET: 'test secret' });
      w = await seedDicomWorkspace(t);
      const [ctFile, mrFile] = workspaceDicomFiles();
      ct = spacingOfFile(ctFile!);
      mr = spacingOfFile(mrFile!);
    });
    afterAll(() => t.close());

    const get = (suffix: string) =>
      t.app.inject({ url: `/api/collections/${w.collectionId}/${suffix}`, headers: w.researcher });

    it('JSON: form values by field name, measurements in px and mm with the spacing used', async () => {
      const response = await get('export.json');
      expect(response.statusCode, response.body).toBe(200);
      const [first, second] = response.json<{ annotations: Record<string, unknown>[] }>()
        .annotations;
      expect(first).toMatchObject({
        fields: { 'Lesion count': 2, Notes: 'two nodules', labels: ['a', 'b'] },
        payload: { values: { field1: 2, field2: 'two nodules' } },
        pixelSpacing: ct,
      });
      const area = 40 * 30 * ct.rowMm * ct.columnMm;
      expect(first!.measurements).toEqual([
        expect.objectContaining({
          shapeId: 'p1',
          quantity: 'area',
          px: 1200,
          pxUnit: 'px²',
          unit: 'mm²',
        }),
        expect.objectContaining({ shapeId: 'p1', quantity: 'perimeter', px: 140, mmUnit: 'mm' }),
        expect.objectContaining({ shapeId: 'r1', quantity: 'length', px: 50, unit: 'mm' }),
      ]);
      const [a, p, r] = first!.measurements as { mm: number }[];
      expect(a!.mm).toBeCloseTo(area, 6);
      expect(p!.mm).toBeCloseTo(80 * ct.columnMm + 60 * ct.rowMm, 6);
      expect(r!.mm).toBeCloseTo(Math.hypot(30 * ct.columnMm, 40 * ct.rowMm), 6);
      expect(second).toMatchObject({
        fields: { 'Lesion count': 0 },
        pixelSpacing: mr,
        measurements: [
          { quantity: 'length', px: 40, mm: expect.closeTo(40 * mr.rowMm, 6) as number },
        ],
      });
    });

    it('CSV: a column per field by name, spacing columns and the measurements', async () => {
      const response = await get('export.csv');
      expect(response.statusCode, response.body).toBe(200);
      const [header, ...rows] = parseCsv(response.body);
      // A field titled like a fixed column keeps its id in the name.
      expect(header!.slice(-3)).toEqual(['Lesion count', 'Notes', 'labels (field3)']);
      expect(header).not.toContain('values');
      const cell = (row: string[], column: string) => row[header!.indexOf(column)];
      expect(cell(rows[0]!, 'Lesion count')).toBe('2');
      expect(cell(rows[0]!, 'labels (field3)')).toBe('a|b');
      expect(cell(rows[0]!, 'labels')).toBe('Tumour');
      expect(cell(rows[1]!, 'Notes')).toBe('');
      expect(Number(cell(rows[0]!, 'pixel_spacing_row_mm'))).toBe(ct.rowMm);
      expect(cell(rows[0]!, 'pixel_spacing_source')).toBe(ct.source);
      const measurements = JSON.parse(cell(rows[0]!, 'measurements')!) as { mm: number }[];
      expect(measurements).toHaveLength(3);
      expect(measurements[2]!.mm).toBeCloseTo(Math.hypot(30 * ct.columnMm, 40 * ct.rowMm), 6);
    });

    it('COCO: rulers as two keypoints with their length, polygons with area and perimeter in mm', async () => {
      const response = await get('export.coco.json');
      expect(response.statusCode, response.body).toBe(200);
      const coco = response.json<{
        categories: { id: number; name: string; keypoints?: string[] }[];
        annotations: Record<string, unknown>[];
      }>();
      const ruler = coco.categories.find((c) => c.name === 'Diameter')!;
      expect(ruler).toMatchObject({ keypoints: ['start', 'end'], skeleton: [[1, 2]] });
      const rulers = coco.annotations.filter((a) => a.category_id === ruler.id);
      expect(rulers).toHaveLength(2);
      expect(rulers[0]).toMatchObject({
        image_id: w.imageIds[0],
        keypoints: [10, 10, 2, 40, 50, 2],
        num_keypoints: 2,
        attributes: {
          shape_id: 'r1',
          length_px: 50,
          length_mm: expect.closeTo(Math.hypot(30 * ct.columnMm, 40 * ct.rowMm), 6) as number,
          pixel_spacing_mm: [ct.rowMm, ct.columnMm],
          pixel_spacing_source: ct.source,
        },
      });
      const lesion = coco.annotations.find(
        (a) => 'segmentation' in a && a.image_id === w.imageIds[0],
      );
      expect(lesion).toMatchObject({
        area: 1200,
        attributes: {
          area_px2: 1200,
          area_mm2: expect.closeTo(1200 * ct.rowMm * ct.columnMm, 6) as number,
          perimeter_px: 140,
        },
      });
    });
  });
}
