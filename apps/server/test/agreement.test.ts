import { contourAgreement } from '@medlabel/agreement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgreementRepository } from '../src/agreement/agreement.repository.js';
import { createTestApp, expectProblem, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import { seedWorkspace } from './support/workspace.js';

const square = (w: number, h: number) => ({
  kind: 'polygon',
  id: 's1',
  tool: 'lv',
  label: 'LV endocardium',
  points: [
    { x: 10, y: 10 },
    { x: 10 + w, y: 10 },
    { x: 10 + w, y: 10 + h },
    { x: 10, y: 10 + h },
  ],
});

// Two readers, six images: one label disagreement (image 4), one contour disagreement
// (image 0: Dice 2/3), one measurement disagreement (image 5: quality 4 vs 2).
const FIRST = {
  labels: ['CW Doppler', 'CW Doppler', 'PW Doppler', 'B-mode', 'CW Doppler', 'B-mode'],
  quality: [3, 4, 2, 5, 3, 4],
  shapes: [[square(10, 10)], [square(10, 10)], [], [], [], []],
};
const SECOND = {
  labels: ['CW Doppler', 'CW Doppler', 'PW Doppler', 'B-mode', 'PW Doppler', 'B-mode'],
  quality: [3, 4, 2, 5, 3, 2],
  shapes: [[square(10, 5)], [square(10, 10)], [], [], [], []],
};

for (const dialect of DIALECTS) {
  describe(`reading studies: agreement and adjudication (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedWorkspace>>;
    let second: Caller;
    let secondId: number;

    const read = async (caller: Caller, reader: typeof FIRST) => {
      for (const [i, imageId] of w.imageIds.entries()) {
        const response = await t.app.inject({
          method: 'PUT',
          url: `/api/collections/${w.collectionId}/images/${imageId}/annotation`,
          headers: caller,
          payload: {
            payload: {
              labels: [reader.labels[i]],
              shapes: reader.shapes[i],
              values: { quality: reader.quality[i] },
            },
            status: 'submitted',
            timeSpentMs: 1000,
          },
        });
        expect(response.statusCode, response.body).toBe(200);
      }
    };

    beforeAll(async () => {
      t = await createTestApp(dialect, {
        MEDLABEL_IMAGE_HOSTS: 'images.example.org',
        MEDLABEL_AGREEMENT_REFRESH_MS: '100',
      });
      w = await seedWorkspace(t, 6);
      secondId = await t.user('ann2@example.org', 'annotator');
      second = await t.login('ann2@example.org');
      const url = `/api/collections/${w.collectionId}`;
      expect(
        (
          await t.app.inject({
            method: 'PATCH',
            url,
            headers: w.researcher,
            payload: { readersPerImage: 2 },
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await t.app.inject({
            method: 'PUT',
            url: `${url}/assignments/${secondId}`,
            headers: w.researcher,
            payload: { kind: 'annotate' },
          })
        ).statusCode,
      ).toBe(200);
      await read(w.annotator, FIRST);
      await read(second, SECOND);
    });
    afterAll(() => t.close());

    /** The study's settings: the second reader named senior reader, a 50% accuracy bar. */
    const saveStudy = (referenceCaseRate: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/reading-study`,
        headers: w.researcher,
        payload: {
          thresholds: { minDice: 0.8, maxRelativeDifference: 0.1, maxKeypointMm: 5 },
          referenceCaseRate,
          minReferenceAccuracy: 0.5,
          adjudicatorIds: [secondId],
        },
      });

    it('computes agreement per element: kappa, Dice, ICC and Bland-Altman, with a methods paragraph', async () => {
      const response = await t.app.inject({
        url: `/api/collections/${w.collectionId}/agreement`,
        headers: w.researcher,
      });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json<{
        readers: { email: string; readings: number }[];
        imagesWithTwoReadings: number;
        disagreements: number;
        methods: string;
        elements: Record<string, unknown>[];
      }>();
      expect(report.readers.map((r) => [r.email, r.readings])).toEqual([
        ['ann@example.org', 6],
        ['ann2@example.org', 6],
      ]);
      expect(report.imagesWithTwoReadings).toBe(6);
      const [labels, contours, quality] = report.elements as [
        {
          kind: string;
          percentAgreement: number;
          pairs: { n: number; kappa: { value: number; ci95: [number, number] } }[];
          confusion: number[][];
        },
        {
          kind: string;
          unit: string;
          pairs: { dice: { n: number; mean: number; ci95: [number, number] } }[];
        },
        { kind: string; pairs: { blandAltman: { bias: number; n: number } }[]; icc: unknown },
      ];
      expect(labels.kind).toBe('labels');
      expect(labels.percentAgreement).toBeCloseTo(5 / 6, 12);
      // po = 5/6, pe = (3·2 + 1·2 + 2·2) / 36 = 1/3: kappa = 0.75.
      expect(labels.pairs[0]!.kappa.value).toBeCloseTo(0.75, 12);
      expect(labels.pairs[0]!.kappa.ci95[0]).toBeLessThan(0.75);
      expect(contours).toMatchObject({ kind: 'contours', unit: 'px', pairs: [{ dice: { n: 2 } }] });
      expect(contours.pairs[0]!.dice.mean).toBeCloseTo((2 / 3 + 1) / 2, 9);
      // Two images: the t interval (-1.28 to 2.95) is cut to where a Dice can lie.
      expect(contours.pairs[0]!.dice.ci95).toEqual([0, 1]);
      expect(quality.kind).toBe('measurements');
      expect(quality.pairs[0]!.blandAltman.bias).toBeCloseTo(1 / 3, 12);
      expect(quality.icc).not.toBeNull();
      expect(report.disagreements).toBe(3);
      expect(report.methods).toContain("Cohen's kappa between readers 1 and 2 was 0.75");

      const csv = await t.app.inject({
        url: `/api/collections/${w.collectionId}/agreement.csv`,
        headers: w.researcher,
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toMatch(
        /^labels,,ann@example\.org,ann2@example\.org,cohen_kappa,6,0\.7(5|49999)/m,
      );
    });

    it('sends the disagreements to adjudication and stores the decision with its provenance', async () => {
      const queueUrl = `/api/collections/${w.collectionId}/adjudication`;
      const queue = await t.app.inject({ url: queueUrl, headers: w.researcher });
      expect(queue.statusCode, queue.body).toBe(200);
      const items = queue.json<{ items: { imageId: number; reasons: string[] }[] }>().items;
      expect(items.map((i) => i.imageId).sort((a, b) => a - b)).toEqual(
        [0, 4, 5].map((i) => w.imageIds[i]),
      );
      const labelCase = items.find((i) => i.imageId === w.imageIds[4])!;
      expect(labelCase.reasons).toEqual(['Image label: CW Doppler vs PW Doppler']);

      // An annotator is no senior reader until the researcher names one.
      expectProblem(await t.app.inject({ url: queueUrl, headers: second }), 403);
      const named = await saveStudy(0);
      expect(named.statusCode, named.body).toBe(200);
      const caseUrl = `${queueUrl}/${w.imageIds[4]}`;
      const seen = await t.app.inject({ url: caseUrl, headers: second });
      expect(seen.statusCode, seen.body).toBe(200);
      const readings = seen.json<{
        readings: { annotationId: number; reader: { email: string } }[];
      }>().readings;
      expect(readings.map((r) => r.reader.email)).toEqual(['ann@example.org', 'ann2@example.org']);
      expect(seen.json<{ consensusContours: unknown[] }>().consensusContours).toEqual([]);
      // The contour case offers the consensus contour: what both readers filled.
      const contourCase = await t.app.inject({
        url: `${queueUrl}/${w.imageIds[0]}`,
        headers: second,
      });
      expect(contourCase.statusCode, contourCase.body).toBe(200);
      const [consensus] = contourCase.json<{
        consensusContours: { tool: string; points: { x: number; y: number }[] }[];
      }>().consensusContours;
      expect(consensus!.tool).toBe('lv');
      // The outlines share edges: nudged apart by a millionth of their extent before tracing.
      const common = contourAgreement(consensus!.points, square(10, 5).points, [1, 1]);
      expect(common.hausdorffMm).toBeLessThan(1e-3);
      expect(common.dice).toBeCloseTo(1, 4);

      expectProblem(
        await t.app.inject({
          method: 'PUT',
          url: caseUrl,
          headers: second,
          payload: { method: 'picked', fromAnnotationIds: [999_999] },
        }),
        422,
      );
      const decided = await t.app.inject({
        method: 'PUT',
        url: caseUrl,
        headers: second,
        payload: {
          method: 'picked',
          fromAnnotationIds: [readings[0]!.annotationId],
          referenceCase: true,
        },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({
        imageId: w.imageIds[4],
        method: 'picked',
        fromAnnotationIds: [readings[0]!.annotationId],
        decidedBy: 'ann2@example.org',
        payload: { labels: ['CW Doppler'] },
      });
      const edited = await t.app.inject({
        method: 'PUT',
        url: `${queueUrl}/${w.imageIds[5]}`,
        headers: w.researcher,
        payload: {
          method: 'edited',
          fromAnnotationIds: [],
          payload: { labels: ['Not a label'], shapes: [], values: {} },
        },
      });
      expectProblem(edited, 422);
      const after = await t.app.inject({ url: queueUrl, headers: w.researcher });
      expect(after.json()).toMatchObject({ pending: 2 });

      // The decided image is a reference case now: the first reader matches it, the second not.
      const report = await t.app.inject({
        url: `/api/collections/${w.collectionId}/agreement`,
        headers: w.researcher,
      });
      const accuracy = report.json<{
        referenceAccuracy: { reader: number; n: number; correct: number; belowBar: boolean }[];
        methods: string;
      }>();
      expect(accuracy.referenceAccuracy).toMatchObject([
        { reader: 0, n: 1, correct: 1, belowBar: false },
        { reader: 1, n: 1, correct: 0, belowBar: true },
      ]);
      expect(accuracy.methods).toContain('0% for reader 2 (0/1, Wilson 95% CI 0.00 to 0.79)');
      // The reader below the bar is paused: the work queue hands it nothing here.
      const pause = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/paused-readers/${secondId}`,
        headers: w.researcher,
        payload: { paused: true },
      });
      expect(pause.statusCode, pause.body).toBe(200);
      const next = await t.app.inject({
        url: `/api/collections/${w.collectionId}/next`,
        headers: second,
      });
      expect(next.json()).toMatchObject({ image: null });
      const paused = await t.app.inject({
        url: `/api/collections/${w.collectionId}/agreement`,
        headers: w.researcher,
      });
      expect(
        paused.json<{ readers: { paused: boolean }[] }>().readers.map((r) => r.paused),
      ).toEqual([false, true]);

      // Reference cases are mixed into the queue at the study's rate, beyond the readers wanted.
      const thirdId = await t.user('ann3@example.org', 'annotator');
      const third = await t.login('ann3@example.org');
      await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/assignments/${thirdId}`,
        headers: w.researcher,
        payload: { kind: 'annotate' },
      });
      const rate = await saveStudy(0.5);
      expect(rate.statusCode, rate.body).toBe(200);
      const handed = await t.app.inject({
        url: `/api/collections/${w.collectionId}/next`,
        headers: third,
      });
      expect(handed.json()).toMatchObject({ image: { id: w.imageIds[4] } });
      const read = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[4]}/annotation`,
        headers: third,
        payload: {
          payload: { labels: ['CW Doppler'], shapes: [], values: {} },
          status: 'submitted',
          timeSpentMs: 1000,
        },
      });
      expect(read.statusCode, read.body).toBe(200);
      const done = await t.app.inject({
        url: `/api/collections/${w.collectionId}/next`,
        headers: third,
      });
      expect(done.json()).toMatchObject({ image: null });

      // The reference standard travels with the collection's export.
      const exported = await t.app.inject({
        url: `/api/collections/${w.collectionId}/export.json`,
        headers: w.researcher,
      });
      expect(exported.statusCode, exported.body).toBe(200);
      expect(exported.json<{ references: unknown[] }>().references).toEqual([
        expect.objectContaining({
          imageId: w.imageIds[4],
          method: 'picked',
          decidedBy: 'ann2@example.org',
          payload: expect.objectContaining({ labels: ['CW Doppler'] }) as unknown,
        }),
      ]);
    });

    it('keeps each image summary, and summarises again only the images read again', async () => {
      const agreement = async () => {
        const response = await t.app.inject({
          url: `/api/collections/${w.collectionId}/agreement`,
          headers: w.researcher,
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json<{ elements: { percentAgreement: number }[] }>();
      };
      const stored = async () =>
        new Map(
          (
            await t.database.db
              .selectFrom('agreement_images')
              .select(['image_id', 'fingerprint', 'summary'])
              .where('collection_id', '=', w.collectionId)
              .execute()
          ).map((r) => [r.image_id, r]),
        );
      const [labels] = (await agreement()).elements;
      const before = await stored();
      expect([...before.keys()].sort((a, b) => a - b)).toEqual(w.imageIds);

      // The second reader reads image 1 again, with another label: only image 1 is summarised
      // again; the label agreement drops by one image of six.
      const reread = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[1]}/annotation`,
        headers: second,
        payload: {
          payload: { labels: ['B-mode'], shapes: [square(10, 10)], values: { quality: 4 } },
          status: 'submitted',
          timeSpentMs: 1000,
          baseVersion: 1,
        },
      });
      expect(reread.statusCode, reread.body).toBe(200);
      // Three analyses at once (the cached one is out of date): each summarises image 1 again
      // and stores it; they agree, and the stores do not collide.
      const [first, ...others] = await Promise.all([agreement(), agreement(), agreement()]);
      for (const other of others) expect(other).toEqual(first);
      const [relabelled] = first.elements;
      expect(relabelled!.percentAgreement).toBeCloseTo(labels!.percentAgreement - 1 / 6, 12);
      const after = await stored();
      for (const [imageId, row] of after) {
        if (imageId === w.imageIds[1])
          expect(row.fingerprint).not.toBe(before.get(imageId)!.fingerprint);
        else expect(row).toEqual(before.get(imageId));
      }

      // The report comes from the stored summaries: one changed behind the fingerprint's back
      // (image 2's readers now disagree) shows once any other reading changes.
      const image2 = after.get(w.imageIds[2]!)!;
      const summary = JSON.parse(image2.summary) as { labels: Record<string, string[]> };
      summary.labels.labels = ['PW Doppler', 'B-mode'];
      await t.database.db
        .updateTable('agreement_images')
        .set({ summary: JSON.stringify(summary) })
        .where('collection_id', '=', w.collectionId)
        .where('image_id', '=', image2.image_id)
        .execute();
      await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[3]}/annotation`,
        headers: second,
        payload: {
          payload: { labels: ['B-mode'], shapes: [], values: { quality: 4 } },
          status: 'submitted',
          timeSpentMs: 1000,
          baseVersion: 1,
        },
      });
      const [tampered] = (await agreement()).elements;
      expect(tampered!.percentAgreement).toBeCloseTo(relabelled!.percentAgreement - 1 / 6, 12);
    });

    it('reads a study page by page: pages of two rows give what one page does', async () => {
      const all = async <T>(pages: AsyncIterable<T[]>) => {
        const rows: T[] = [];
        for await (const page of pages) rows.push(...page);
        return rows;
      };
      const paged = new AgreementRepository(t.database.db, 2);
      const whole = new AgreementRepository(t.database.db);
      const id = w.collectionId;
      const keys = await all(whole.readingKeys(id));
      // 6 images read by 2 readers, image 4 by a third.
      expect(keys).toHaveLength(13);
      expect(await all(paged.readingKeys(id))).toEqual(keys);
      expect(await all(paged.imageMetadata(id))).toEqual(await all(whole.imageMetadata(id)));
      const summaries = await all(whole.imageSummaries(id, true));
      expect(summaries).toHaveLength(6);
      expect(await all(paged.imageSummaries(id, true))).toEqual(summaries);
    });

    it('summarises a newly read image in the background, before anyone opens the report', async () => {
      const stored = async (collectionId: number) =>
        new Map(
          (
            await t.database.db
              .selectFrom('agreement_images')
              .select(['image_id', 'fingerprint'])
              .where('collection_id', '=', collectionId)
              .execute()
          ).map((r) => [r.image_id, r.fingerprint]),
        );
      await t.app.services.agreement.backgroundSettled();
      const before = await stored(w.collectionId);
      const { version } = await t.database.db
        .selectFrom('annotations')
        .select('version')
        .where('collection_id', '=', w.collectionId)
        .where('image_id', '=', w.imageIds[3]!)
        .where('annotator_id', '=', secondId)
        .executeTakeFirstOrThrow();
      const reread = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${w.collectionId}/images/${w.imageIds[3]}/annotation`,
        headers: second,
        payload: {
          payload: { labels: ['CW Doppler'], shapes: [], values: { quality: 5 } },
          status: 'submitted',
          timeSpentMs: 1000,
          baseVersion: version,
        },
      });
      expect(reread.statusCode, reread.body).toBe(200);
      await t.app.services.agreement.backgroundSettled();
      const after = await stored(w.collectionId);
      // Image 3's summary follows its new reading; no other image was summarised again.
      expect(after.get(w.imageIds[3]!)).not.toBe(before.get(w.imageIds[3]!));
      for (const imageId of w.imageIds.filter((id) => id !== w.imageIds[3]))
        expect(after.get(imageId)).toBe(before.get(imageId));

      // A collection read once per image is no reading study: nothing is analysed for it.
      const single = await t.app.inject({
        method: 'POST',
        url: '/api/collections',
        headers: w.researcher,
        payload: { name: 'Read once', templateId: w.templateId, imageIds: w.imageIds },
      });
      expect(single.statusCode, single.body).toBe(201);
      const singleId = single.json<{ id: number }>().id;
      const assigned = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${singleId}/assignments/${secondId}`,
        headers: w.researcher,
        payload: { kind: 'annotate' },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      const once = await t.app.inject({
        method: 'PUT',
        url: `/api/collections/${singleId}/images/${w.imageIds[0]}/annotation`,
        headers: second,
        payload: {
          payload: { labels: ['B-mode'], shapes: [], values: { quality: 3 } },
          status: 'submitted',
        },
      });
      expect(once.statusCode, once.body).toBe(200);
      await t.app.services.agreement.backgroundSettled();
      expect((await stored(singleId)).size).toBe(0);
    });
  });
}
