import { contourAgreement } from '@medlabel/agreement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { seedWorkspace } from './support/workspace.js';

const rectangle = (x0: number, y0: number, x1: number, y1: number) => ({
  kind: 'polygon',
  id: 's1',
  tool: 'lv',
  label: 'LV endocardium',
  points: [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ],
});

// Three readers, two images (no pixel spacing: px).
// Image 0: readers 1 and 2 outline the same square [10,30]², reader 3 the square moved 10 px to
// the right: the consensus (two of three) is the square, reader 3's Dice 2·200/(400+400) = 1/2,
// IoU 200/600, Hausdorff 10 px. The outlines share edges: they are nudged apart (by a millionth
// of their extent) before the consensus is traced, so the figures hold to about 1e-5.
// Image 1: A = [10,30]x[10,30], B = [14,34]x[12,32], C = [18,38]x[14,34] only cross: the consensus
// is traced exactly. |AB| = 288, |AC| = 192, |BC| = 288, |ABC| = 192, so the majority M has
// 288 + 192 + 288 - 2·192 = 384; |A∩M| = 288 + 192 - 192 = 288, |B∩M| = 384, |C∩M| = 288:
// Dice 576/784 for A and C, 768/784 for B.
const OUTLINES = [
  [rectangle(10, 10, 30, 30), rectangle(10, 10, 30, 30), rectangle(20, 10, 40, 30)],
  [rectangle(10, 10, 30, 30), rectangle(14, 12, 34, 32), rectangle(18, 14, 38, 34)],
];
const DICE = [
  [1, 1, 1 / 2],
  [576 / 784, 768 / 784, 576 / 784],
];

interface ContoursElement {
  kind: 'contours';
  consensus: { images: number; exact: number; gridCellsPerSide: number };
  vsConsensus: {
    reader: number;
    dice: { n: number; mean: number };
    iou: { mean: number };
    hausdorff: { mean: number };
  }[];
}

interface AgreementExport {
  report: { elements: { kind: string }[] };
  contours: {
    imageId: number;
    tool: string;
    source: string;
    points: { x: number; y: number }[] | null;
    reference: { method: string; decidedBy: string; fromAnnotationIds: number[] } | null;
    consensus: { exact: boolean; points: unknown[]; readers: { reader: number; dice: number }[] };
  }[];
}

for (const dialect of DIALECTS) {
  describe(`reading studies: each reader against the consensus contour (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;
    let readers: Caller[];

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      w = await seedWorkspace(t, 2);
      const url = `/api/collections/${w.collectionId}`;
      const patched = await t.app.inject({
        method: 'PATCH',
        url,
        headers: w.researcher,
        payload: { readersPerImage: 3 },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      readers = [w.annotator];
      for (const email of ['ann2@example.org', 'ann3@example.org']) {
        const id = await t.user(email, 'annotator');
        const assigned = await t.app.inject({
          method: 'PUT',
          url: `${url}/assignments/${id}`,
          headers: w.researcher,
          payload: { kind: 'annotate' },
        });
        expect(assigned.statusCode, assigned.body).toBe(200);
        readers.push(await t.login(email));
      }
      for (const [reader, caller] of readers.entries()) {
        for (const [image, imageId] of w.imageIds.entries()) {
          const response = await t.app.inject({
            method: 'PUT',
            url: `${url}/images/${imageId}/annotation`,
            headers: caller,
            payload: {
              payload: {
                labels: ['B-mode'],
                shapes: [OUTLINES[image]![reader]],
                values: { quality: 3 },
              },
              status: 'submitted',
              timeSpentMs: 1000,
            },
          });
          expect(response.statusCode, response.body).toBe(200);
        }
      }
    });
    afterAll(() => t.close());

    it('compares each reader with the consensus contour, per image and summarised', async () => {
      const response = await t.app.inject({
        url: `/api/collections/${w.collectionId}/agreement`,
        headers: w.researcher,
      });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json<{ elements: { kind: string }[]; methods: string }>();
      const contours = report.elements.find((e) => e.kind === 'contours') as ContoursElement;
      expect(contours.consensus).toMatchObject({ images: 2, exact: 2, gridCellsPerSide: 256 });
      expect(contours.vsConsensus.map((r) => r.reader)).toEqual([0, 1, 2]);
      for (const r of contours.vsConsensus) {
        expect(r.dice.n).toBe(2);
        expect(r.dice.mean).toBeCloseTo((DICE[0]![r.reader]! + DICE[1]![r.reader]!) / 2, 4);
      }
      // Reader 3 on image 0: IoU 1/3, Hausdorff 10 px; on image 1, IoU 288 / (400 + 384 - 288).
      expect(contours.vsConsensus[2]!.iou.mean).toBeCloseTo((1 / 3 + 288 / 496) / 2, 4);
      expect(report.methods).toContain("2 of 2 traced from the readers' outlines");
      expect(report.methods).toContain('grid of at most 256 cells a side');
      expect(report.methods).toMatch(/reader 3 had mean Dice 0\.62 /);

      const csv = await t.app.inject({
        url: `/api/collections/${w.collectionId}/agreement.csv`,
        headers: w.researcher,
      });
      expect(csv.statusCode).toBe(200);
      const perImage = (statistic: string) =>
        Number(
          csv.body
            .split('\n')
            .find((line) =>
              line.startsWith(`tool:lv,${w.imageIds[0]},ann3@example.org,,${statistic},1,`),
            )
            ?.split(',')[6],
        );
      expect(perImage('dice_vs_consensus')).toBeCloseTo(0.5, 4);
      expect(perImage('iou_vs_consensus')).toBeCloseTo(1 / 3, 4);
      expect(perImage('hausdorff_px_vs_consensus')).toBeCloseTo(10, 3);
      expect(csv.body).toMatch(/^tool:lv,,ann2@example\.org,,mean_dice_vs_consensus,2,0\.98/m);
    });

    it('exports each consensus contour, and the adjudicated reference wins with its provenance', async () => {
      const exportUrl = `/api/collections/${w.collectionId}/agreement.json`;
      const before = await t.app.inject({ url: exportUrl, headers: w.researcher });
      expect(before.statusCode, before.body).toBe(200);
      const [first, second] = before.json<AgreementExport>().contours;
      expect(first).toMatchObject({
        imageId: w.imageIds[0],
        tool: 'lv',
        source: 'consensus',
        reference: null,
        consensus: { exact: true },
      });
      // The square both readers 1 and 2 outlined, to within the nudge.
      const square = rectangle(10, 10, 30, 30).points;
      const consensus = contourAgreement(first!.points!, square, [1, 1]);
      expect(consensus.hausdorffMm).toBeLessThan(1e-3);
      expect(consensus.dice).toBeCloseTo(1, 4);
      first!.consensus.readers.forEach((r) => expect(r.dice).toBeCloseTo(DICE[0]![r.reader]!, 4));
      expect(second!.consensus.exact).toBe(true);
      expect(second!.points).toHaveLength(8);
      second!.consensus.readers.forEach((r) => expect(r.dice).toBeCloseTo(DICE[1]![r.reader]!, 9));
      const corners = (points: { x: number; y: number }[] | null) =>
        points?.map((p) => `${p.x},${p.y}`).sort();

      // A senior reader decides image 0 by picking reader 3's reading: it wins over the consensus.
      const caseUrl = `/api/collections/${w.collectionId}/adjudication/${w.imageIds[0]}`;
      const seen = await t.app.inject({ url: caseUrl, headers: w.researcher });
      expect(seen.statusCode, seen.body).toBe(200);
      const third = seen
        .json<{ readings: { annotationId: number; reader: { email: string } }[] }>()
        .readings.find((r) => r.reader.email === 'ann3@example.org')!;
      const decided = await t.app.inject({
        method: 'PUT',
        url: caseUrl,
        headers: w.researcher,
        payload: { method: 'picked', fromAnnotationIds: [third.annotationId] },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const after = await t.app.inject({ url: exportUrl, headers: w.researcher });
      expect(after.statusCode, after.body).toBe(200);
      const decidedImage = after
        .json<AgreementExport>()
        .contours.find((c) => c.imageId === w.imageIds[0])!;
      expect(decidedImage).toMatchObject({
        source: 'reference',
        reference: {
          method: 'picked',
          decidedBy: 'res@example.org',
          fromAnnotationIds: [third.annotationId],
        },
        consensus: { exact: true },
      });
      expect(corners(decidedImage.points)).toEqual(['20,10', '20,30', '40,10', '40,30']);
    });
  });
}
