import fs from 'node:fs';
import { parseDicom, readMeasurementReport, readSegmentation } from '@medlabel/dicom';
import type { AnnotationPayload, Point } from '@medlabel/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { ensureDicomValidators, unzipStored, validateDicom } from './support/dicom-validators.js';
import {
  WORKSPACE_PAYLOADS,
  seedDicomWorkspace,
  workspaceDicomFiles,
  type DicomWorkspace,
} from './support/dicom-workspace.js';

interface ExportedAnnotation {
  imageId: number;
  annotatorId: number;
  measurements: { shapeId: string; quantity: string; px: number; mm: number | null }[];
}
interface ExportedImage {
  id: number;
  studyUid: string;
  seriesUid: string;
}

/** Even-odd ray casting: is (x, y) inside the polygon? (independent of the exporter's scanlines) */
function inside(polygon: readonly Point[], x: number, y: number): boolean {
  let odd = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) odd = !odd;
  }
  return odd;
}

for (const dialect of DIALECTS) {
  describe(`DICOM SR export (${dialect})`, () => {
    let t: TestApp;
    let w: DicomWorkspace;
    let images: ExportedImage[];
    let annotations: ExportedAnnotation[];

    beforeAll(async () => {
      await ensureDicomValidators();
      t = await createTestApp(dialect, { MEDLABEL_DEID_SECRET: 'test secret' });
      w = await seedDicomWorkspace(t);
      const json = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.json`,
        headers: w.researcher,
      });
      ({ images, annotations } = json.json<{
        images: ExportedImage[];
        annotations: ExportedAnnotation[];
      }>());
    }, 600_000);
    afterAll(() => t?.close());

    const exportSr = (headers = w.researcher) =>
      t.app.inject({ url: `/api/collections/${w.collectionId}/export.sr.zip`, headers });

    it('writes one TID 1500 report per study that passes dciodvfy and dcmdump and reads back as the annotations', async () => {
      const response = await exportSr();
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/zip');
      const files = unzipStored(response.rawPayload);
      // CT, MR and the brain series are three studies; the fourth image is not annotated.
      const studies = [...new Set(images.slice(0, 3).map((i) => i.studyUid))];
      expect([...files.keys()].sort()).toEqual(studies.map((s) => `${s}.sr.dcm`).sort());
      const originals = workspaceDicomFiles().map(
        (f) => parseDicom(fs.readFileSync(f)).metadata.sopInstanceUid,
      );
      for (const [i, payload] of WORKSPACE_PAYLOADS.entries()) {
        const image = images[i]!;
        const bytes = files.get(`${image.studyUid}.sr.dcm`)!;
        const validation = await validateDicom(bytes);
        expect(validation.errors, validation.warnings.join('\n')).toEqual([]);
        expect(validation.dump).toContain('Imaging Measurement Report');

        const report = readMeasurementReport(bytes);
        expect(report.studyInstanceUid).toBe(image.studyUid);
        expect(report.annotations).toHaveLength(1);
        const [read] = report.annotations;
        // It references the de-identified instance, never the original one.
        expect(read!.sopInstanceUid).toMatch(/^2\.25\./);
        expect(read!.sopInstanceUid).not.toBe(originals[i]);
        const annotation = annotations.find((a) => a.imageId === image.id)!;
        expect(read!.observer).toEqual({
          kind: 'person',
          name: `Reader^${annotation.annotatorId}`,
        });
        expect(read!.labels).toEqual(payload.labels);
        expect(read!.shapes).toEqual(
          payload.shapes.map((s) => ({
            ...s,
            frame: 0,
            points: s.points.map((p) => ({ x: Math.fround(p.x), y: Math.fround(p.y) })),
          })),
        );
        const measured = annotation.measurements.filter((m) => m.mm !== null);
        expect(read!.measurements).toEqual(
          measured.map((m) => ({ shapeId: m.shapeId, quantity: m.quantity, mm: m.mm })),
        );
        expect(measured.length).toBeGreaterThan(0);
      }
    });

    it('writes a binary SEG per series with contours that passes both validators and reads back as the filled contours', async () => {
      const response = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.seg.zip`,
        headers: w.researcher,
      });
      expect(response.statusCode, response.body).toBe(200);
      const files = unzipStored(response.rawPayload);
      // The CT and the brain slice have contours; the MR has a ruler only.
      const withContours = [0, 2];
      expect([...files.keys()].sort()).toEqual(
        withContours.map((i) => `${images[i]!.seriesUid}.seg.dcm`).sort(),
      );
      const sr = unzipStored((await exportSr()).rawPayload);
      for (const i of withContours) {
        const bytes = files.get(`${images[i]!.seriesUid}.seg.dcm`)!;
        const validation = await validateDicom(bytes);
        expect(validation.errors, validation.warnings.join('\n')).toEqual([]);
        const seg = readSegmentation(bytes);
        const annotation = annotations.find((a) => a.imageId === images[i]!.id)!;
        const polygon = WORKSPACE_PAYLOADS[i]!.shapes.find((s) => s.kind === 'polygon')!;
        expect(seg.segments).toEqual([
          {
            number: 1,
            label: polygon.kind === 'polygon' ? polygon.label : '',
            tool: 'lesion',
            observer: `Reader^${annotation.annotatorId}`,
          },
        ]);
        // The frame references the same de-identified instance as the SR.
        const report = readMeasurementReport(sr.get(`${images[i]!.studyUid}.sr.dcm`)!);
        expect(seg.frames.map((f) => [f.segmentNumber, f.sopInstanceUid, f.frame])).toEqual([
          [1, report.annotations[0]!.sopInstanceUid, 0],
        ]);
        const mask = seg.frames[0]!.mask;
        let mismatches = 0;
        let filled = 0;
        for (let row = 0; row < seg.rows; row++) {
          for (let column = 0; column < seg.columns; column++) {
            const on = mask[row * seg.columns + column] === 1;
            filled += on ? 1 : 0;
            if (on !== inside(polygon.points, column + 0.5, row + 0.5)) mismatches++;
          }
        }
        expect(mismatches).toBe(0);
        const areaPx = annotation.measurements.find((m) => m.quantity === 'area')!;
        expect(filled / areaPx.px).toBeCloseTo(1, 1);
      }
    });

    it('imports its own SR back as the same annotations, by instance', async () => {
      const sr = unzipStored((await exportSr()).rawPayload);
      const importSr = (bytes: Buffer | string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/collections/${w.collectionId}/import.sr`,
          headers: { ...w.researcher, 'content-type': 'application/dicom' },
          payload: bytes,
        });
      const ct = images[0]!;
      const imported = await importSr(sr.get(`${ct.studyUid}.sr.dcm`)!);
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json()).toEqual({ saved: 1, unmatched: [] });
      const original = annotations.find((a) => a.imageId === ct.id)!;
      const json = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.json`,
        headers: w.researcher,
      });
      const back = json
        .json<{ annotations: (ExportedAnnotation & { model: string; payload: unknown })[] }>()
        .annotations.find((a) => a.model === `sr:Reader-${original.annotatorId}`);
      expect(back).toMatchObject({ imageId: ct.id, source: 'model', status: 'submitted' });
      const payload = WORKSPACE_PAYLOADS[0]!;
      expect(back!.payload).toEqual({
        labels: payload.labels,
        values: {},
        shapes: payload.shapes.map((s) => ({
          ...s,
          points: s.points.map((p) => ({ x: Math.fround(p.x), y: Math.fround(p.y) })),
        })),
      });
      // Its measurements come out as the original's.
      expect(back!.measurements.map((m) => m.mm)).toEqual(
        original.measurements.map((m) => expect.closeTo(m.mm!, 4) as number),
      );

      expectProblem(await importSr('not a DICOM file'), 400);
    });

    it('imports its own SEG back as contours that fill the same pixels, by instance', async () => {
      const segs = unzipStored(
        (
          await t.app.inject({
            url: `/api/collections/${w.collectionId}/export.seg.zip`,
            headers: w.researcher,
          })
        ).rawPayload,
      );
      const importSeg = (bytes: Buffer | string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/collections/${w.collectionId}/import.seg`,
          headers: { ...w.researcher, 'content-type': 'application/dicom' },
          payload: bytes,
        });
      for (const bytes of segs.values()) {
        const imported = await importSeg(bytes);
        expect(imported.statusCode, imported.body).toBe(200);
        // One annotation per observer of the series' one annotated image (the SR imported above
        // added one of the model sr:Reader-<id> to the CT).
        const observers = new Set(readSegmentation(bytes).segments.map((s) => s.observer));
        expect(imported.json()).toEqual({ saved: observers.size, unmatched: [] });
      }
      const exported = (
        await t.app.inject({
          url: `/api/collections/${w.collectionId}/export.json`,
          headers: w.researcher,
        })
      ).json<{
        annotations: (ExportedAnnotation & { model: string; payload: AnnotationPayload })[];
      }>().annotations;
      for (const i of [0, 2]) {
        const original = annotations.find((a) => a.imageId === images[i]!.id)!;
        const back = exported.find(
          (a) => a.imageId === images[i]!.id && a.model === `seg:Reader-${original.annotatorId}`,
        );
        const polygon = WORKSPACE_PAYLOADS[i]!.shapes.find((s) => s.kind === 'polygon')!;
        expect(back).toMatchObject({ source: 'model', status: 'submitted' });
        expect(back!.payload.labels).toEqual([]);
        expect(back!.payload.shapes).toHaveLength(1);
        const [contour] = back!.payload.shapes;
        expect(contour).toMatchObject({
          kind: 'polygon',
          tool: 'lesion',
          label: polygon.kind === 'polygon' && polygon.label,
        });
        // The same pixel centres lie inside the contour and the original (the SEG holds pixels).
        let mismatches = 0;
        let filled = 0;
        for (let y = 0.5; y < 256; y++) {
          for (let x = 0.5; x < 256; x++) {
            const on = inside(contour!.points, x, y);
            filled += on ? 1 : 0;
            if (on !== inside(polygon.points, x, y)) mismatches++;
          }
        }
        expect(filled).toBeGreaterThan(500);
        expect(mismatches).toBe(0);
        // Along pixel edges, its area is its pixel count.
        expect(back!.measurements.find((m) => m.quantity === 'area')!.px).toBe(filled);
      }

      expectProblem(await importSeg('not a DICOM file'), 400);
      // A measurement report is no segmentation.
      const sr = unzipStored((await exportSr()).rawPayload);
      expectProblem(await importSeg([...sr.values()][0]!), 415);
    });

    it('is for the collection owner only', async () => {
      expectProblem(await exportSr(w.annotator), 403);
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: `/api/collections/${w.collectionId}/import.sr`,
          headers: { ...w.annotator, 'content-type': 'application/dicom' },
          payload: Buffer.from('DICM'),
        }),
        403,
      );
      expectProblem(
        await t.app.inject({
          url: `/api/collections/${w.collectionId}/export.seg.zip`,
          headers: w.annotator,
        }),
        403,
      );
    });

    it('takes a report only as DICOM bytes (a JSON -1 was a 500)', async () => {
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: `/api/collections/${w.collectionId}/import.sr`,
          headers: { ...w.researcher, 'content-type': 'application/json' },
          payload: '-1',
        }),
        415,
      );
    });
  });
}
