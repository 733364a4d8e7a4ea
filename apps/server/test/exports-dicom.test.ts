import fs from 'node:fs';
import { parseDicom, readMeasurementReport } from '@medlabel/dicom';
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
  measurements: { shapeId: string; quantity: string; mm: number | null }[];
}
interface ExportedImage {
  id: number;
  studyUid: string;
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

    it('is for the collection owner only', async () => {
      expectProblem(await exportSr(w.annotator), 403);
    });
  });
}
