import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, exampleDefinition, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';
import {
  ACTORS,
  buildFixture,
  multipart,
  png,
  type ActorName,
  type Fixture,
} from './support/fixture.js';

/** 'ok' is any 2xx; a number is the refusal expected. Anonymous callers always get 401. */
type Outcome = 'ok' | 400 | 403 | 404 | 409 | 415 | 422 | 502;
type Rule = Record<Exclude<ActorName, 'anonymous'>, Outcome>;

/** The reviewer (assigned to review) is refused what the assigned annotator is, unless told. */
const rule = (
  admin: Outcome,
  owner: Outcome,
  other: Outcome,
  assigned: Outcome,
  unassigned: Outcome,
  reviewer: Outcome = assigned,
): Rule => ({
  admin,
  owner,
  other,
  assigned,
  unassigned,
  reviewer,
});
const SIGNED_IN = rule('ok', 'ok', 'ok', 'ok', 'ok');
const RESEARCH = rule('ok', 'ok', 'ok', 403, 403);
const ADMIN = rule('ok', 403, 403, 403, 403);
const SHARED_READ = rule('ok', 'ok', 'ok', 'ok', 404);
const TEMPLATE_EDIT = rule('ok', 'ok', 403, 403, 404);
const COLLECTION_READ = rule('ok', 'ok', 404, 'ok', 404);
const COLLECTION_MANAGE = rule('ok', 'ok', 404, 403, 404);
/** Annotating needs an `annotate` assignment: the reviewer's `review` one reads, not writes. */
const ANNOTATE = rule('ok', 'ok', 404, 'ok', 404, 403);
/** A loop is its collection's managers' business; nobody else learns that it exists. */
const LOOP_MANAGE = rule('ok', 'ok', 404, 404, 404);
/** Managers pass the access check and meet the loop's own rule (409: not now). */
const LOOP_STEP = rule(409, 409, 404, 404, 404);

/** A loop on the fixture's collection, stored directly: the routes under test only read it. */
async function fixtureLoop(f: Fixture, t: TestApp): Promise<number> {
  const row = await t.database.db
    .insertInto('loops')
    .values({
      owner_id: f.ids.owner,
      collection_id: f.collectionId,
      name: 'Matrix loop',
      classifier: 'logreg',
      config: JSON.stringify({
        features: { kind: 'metadata', keys: ['x'] },
        routing: { strategy: 'threshold', threshold: 0.9 },
        batchSize: 10,
        auditShare: 0,
        readersPerCase: 1,
        randomShare: 0,
        validationPerClass: 2,
        retrainPolicy: 'manual',
        seed: 0,
        batchSource: { kind: 'collection' },
      }),
      class_names: JSON.stringify(['CW Doppler', 'PW Doppler', 'B-mode']),
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A DICOMweb source where nothing listens (the discard port), stored directly: those who pass
 * the access check meet the source's failure, 502; the others are refused before it is asked.
 */
async function fixtureSource(f: Fixture, t: TestApp): Promise<number> {
  const row = await t.database.db
    .insertInto('image_sources')
    .values({
      name: `Matrix source ${next()}`,
      kind: 'dicomweb',
      base_url: 'http://127.0.0.1:9/dicom-web',
      authorization: null,
      created_by: f.ids.admin,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
const SOURCE_USE = rule(502, 502, 502, 403, 403);

interface Request {
  url: string;
  payload?: unknown;
  headers?: Caller;
}
interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the route as Fastify declares it */
  route: string;
  rule: Rule;
  /** public routes answer anonymous callers too */
  public?: boolean;
  request(f: Fixture, actor: ActorName, t: TestApp): Promise<Request> | Request;
}

let unique = 0;
const next = () => ++unique;

const CASES: Case[] = [
  {
    method: 'GET',
    route: '/api/health',
    rule: SIGNED_IN,
    public: true,
    request: () => ({ url: '/api/health' }),
  },
  {
    method: 'POST',
    route: '/api/auth/login',
    rule: SIGNED_IN,
    public: true,
    request: () => ({
      url: '/api/auth/login',
      payload: { email: 'owner@example.org', password: 'correct horse battery' },
    }),
  },
  {
    method: 'POST',
    route: '/api/auth/logout',
    rule: SIGNED_IN,
    // A session of its own, so that the others stay signed in.
    request: async (_f, actor, t) => ({
      url: '/api/auth/logout',
      headers: actor === 'anonymous' ? {} : await t.login(`${actor}@example.org`),
    }),
  },
  { method: 'GET', route: '/api/me', rule: SIGNED_IN, request: () => ({ url: '/api/me' }) },
  {
    method: 'GET',
    route: '/api/me/tokens',
    rule: SIGNED_IN,
    request: () => ({ url: '/api/me/tokens' }),
  },
  {
    method: 'POST',
    route: '/api/me/tokens',
    rule: SIGNED_IN,
    request: () => ({ url: '/api/me/tokens', payload: { name: 'script' } }),
  },
  {
    method: 'DELETE',
    route: '/api/me/tokens/:id',
    rule: SIGNED_IN,
    request: async (f, actor, t) => {
      if (actor === 'anonymous') return { url: '/api/me/tokens/1' };
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: f.callers[actor],
        payload: { name: 'x' },
      });
      return { url: `/api/me/tokens/${created.json<{ id: number }>().id}` };
    },
  },
  { method: 'GET', route: '/api/users', rule: RESEARCH, request: () => ({ url: '/api/users' }) },
  {
    method: 'POST',
    route: '/api/users',
    rule: ADMIN,
    request: () => ({
      url: '/api/users',
      payload: {
        email: `new${next()}@example.org`,
        name: 'New',
        password: 'long enough password',
        role: 'annotator',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/users/:id',
    rule: rule('ok', 'ok', 'ok', 'ok', 403, 403),
    request: (f) => ({ url: `/api/users/${f.ids.assigned}` }),
  },
  {
    method: 'PATCH',
    route: '/api/users/:id',
    rule: rule('ok', 403, 403, 'ok', 403, 403),
    request: (f) => ({
      url: `/api/users/${f.ids.assigned}`,
      payload: { name: `Reader ${next()}` },
    }),
  },
  {
    method: 'GET',
    route: '/api/templates',
    rule: SIGNED_IN,
    request: () => ({ url: '/api/templates' }),
  },
  {
    method: 'POST',
    route: '/api/templates',
    rule: RESEARCH,
    request: () => ({ url: '/api/templates', payload: { definition: exampleDefinition() } }),
  },
  {
    method: 'GET',
    route: '/api/templates/:id',
    rule: SHARED_READ,
    request: (f) => ({ url: `/api/templates/${f.templateId}` }),
  },
  {
    method: 'PUT',
    route: '/api/templates/:id',
    rule: TEMPLATE_EDIT,
    request: async (f, _actor, t) => {
      const current = await t.app.inject({
        url: `/api/templates/${f.templateId}`,
        headers: f.callers.owner,
      });
      return {
        url: `/api/templates/${f.templateId}`,
        payload: {
          definition: exampleDefinition(),
          baseVersion: current.json<{ version: number }>().version,
        },
      };
    },
  },
  {
    method: 'GET',
    route: '/api/templates/:id/versions/:version',
    rule: SHARED_READ,
    request: (f) => ({ url: `/api/templates/${f.templateId}/versions/1` }),
  },
  { method: 'GET', route: '/api/images', rule: RESEARCH, request: () => ({ url: '/api/images' }) },
  {
    method: 'POST',
    route: '/api/images',
    rule: RESEARCH,
    request: () => ({
      url: '/api/images',
      payload: { images: [{ url: 'https://images.example.org/new.png', width: 10, height: 10 }] },
    }),
  },
  {
    method: 'POST',
    route: '/api/images/import-csv',
    rule: RESEARCH,
    request: () => ({
      url: '/api/images/import-csv',
      payload: 'url,width,height,modality\nhttps://images.example.org/c.png,10,10,CT\n',
      headers: { 'content-type': 'text/csv' },
    }),
  },
  {
    method: 'POST',
    route: '/api/images/upload',
    rule: RESEARCH,
    request: async () => {
      const body = multipart(await png(), { modality: 'OT' });
      return { url: '/api/images/upload', payload: body.payload, headers: body.headers };
    },
  },
  {
    method: 'GET',
    route: '/api/images/:id',
    rule: SHARED_READ,
    request: (f) => ({ url: `/api/images/${f.imageIds[0]}` }),
  },
  {
    // The fixture's image is a PNG: whoever may see it learns it has no modality values (415).
    method: 'GET',
    route: '/api/images/:id/frames/:frame/values',
    rule: rule(415, 415, 415, 415, 404, 415),
    request: (f) => ({ url: `/api/images/${f.imageIds[0]}/frames/0/values` }),
  },
  {
    method: 'GET',
    route: '/api/files/:name',
    rule: SHARED_READ,
    request: (f) => ({ url: `/api/files/${f.fileName}` }),
  },
  {
    method: 'GET',
    route: '/api/collections',
    rule: SIGNED_IN,
    request: () => ({ url: '/api/collections' }),
  },
  {
    method: 'POST',
    route: '/api/collections',
    rule: RESEARCH,
    request: (f) => ({
      url: '/api/collections',
      payload: { name: 'New', templateId: f.templateId, imageIds: f.imageIds },
    }),
  },
  {
    method: 'POST',
    route: '/api/collections/from-search',
    rule: RESEARCH,
    request: (f) => ({
      url: '/api/collections/from-search',
      payload: { name: 'Found', templateId: f.templateId, q: 'modality:US' },
    }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id',
    rule: COLLECTION_READ,
    request: (f) => ({ url: `/api/collections/${f.collectionId}` }),
  },
  {
    method: 'PATCH',
    route: '/api/collections/:id',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}`,
      payload: { description: `changed ${next()}` },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/collections/:id',
    rule: COLLECTION_MANAGE,
    request: async (f) => ({ url: `/api/collections/${await f.collection()}` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/images',
    rule: COLLECTION_READ,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/images` }),
  },
  {
    method: 'POST',
    route: '/api/collections/:id/images',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/images`,
      payload: { imageIds: f.imageIds },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/collections/:id/images',
    rule: COLLECTION_MANAGE,
    request: async (f) => ({
      url: `/api/collections/${await f.collection()}/images`,
      payload: { imageIds: [f.imageIds[1]] },
    }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/progress',
    rule: COLLECTION_READ,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/progress` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/next',
    rule: ANNOTATE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/next` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/assignments',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/assignments` }),
  },
  {
    method: 'PUT',
    route: '/api/collections/:id/assignments/:userId',
    rule: COLLECTION_MANAGE,
    request: async (f) => ({
      url: `/api/collections/${await f.collection()}/assignments/${f.ids.unassigned}`,
      payload: { kind: 'annotate' },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/collections/:id/assignments/:userId',
    rule: COLLECTION_MANAGE,
    request: async (f) => ({
      url: `/api/collections/${await f.collection()}/assignments/${f.ids.assigned}`,
    }),
  },
  {
    method: 'POST',
    route: '/api/collections/:id/assignments/auto',
    rule: COLLECTION_MANAGE,
    request: async (f) => ({
      url: `/api/collections/${await f.collection()}/assignments/auto`,
      payload: {},
    }),
  },
  {
    method: 'GET',
    route: '/api/collections/:collectionId/images/:imageId/annotations',
    rule: COLLECTION_READ,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/images/${f.imageIds[0]}/annotations`,
    }),
  },
  {
    method: 'PUT',
    route: '/api/collections/:collectionId/images/:imageId/annotation',
    rule: ANNOTATE,
    request: async (f) => ({
      url: `/api/collections/${await f.collection()}/images/${f.imageIds[1]}/annotation`,
      payload: { payload: f.payload, status: 'draft' },
    }),
  },
  {
    method: 'POST',
    route: '/api/collections/:id/predictions',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/predictions`,
      payload: {
        model: 'cnn',
        items: [{ imageId: f.imageIds[1], payload: f.payload, confidence: 0.7 }],
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/annotations/:id',
    rule: COLLECTION_READ,
    request: (f) => ({ url: `/api/annotations/${f.annotationId}` }),
  },
  {
    method: 'GET',
    route: '/api/annotations/:id/history',
    rule: COLLECTION_READ,
    request: (f) => ({ url: `/api/annotations/${f.annotationId}/history` }),
  },
  {
    method: 'GET',
    route: '/api/search',
    rule: SIGNED_IN,
    request: () => ({ url: '/api/search?q=modality%3AUS' }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/report',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/report` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/report.csv',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/report.csv` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/export.json',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/export.json` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/export.csv',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/export.csv` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/export.coco.json',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/export.coco.json` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/export.sr.zip',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/export.sr.zip` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/export.seg.zip',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/export.seg.zip` }),
  },
  // Reading studies: the agreement report, its settings and pausing readers are the managers';
  // adjudication is theirs and the senior readers' they name (none here).
  {
    method: 'GET',
    route: '/api/collections/:id/agreement',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/agreement` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/agreement.csv',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/agreement.csv` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/agreement.json',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/agreement.json` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/reading-study',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/reading-study` }),
  },
  {
    method: 'PUT',
    route: '/api/collections/:id/reading-study',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/reading-study`,
      payload: {
        thresholds: { minDice: 0.8, maxRelativeDifference: 0.1, maxKeypointMm: 5 },
        referenceCaseRate: 0,
        minReferenceAccuracy: null,
        adjudicatorIds: [],
      },
    }),
  },
  {
    method: 'PUT',
    route: '/api/collections/:id/paused-readers/:userId',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/paused-readers/${f.ids.assigned}`,
      payload: { paused: false },
    }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/adjudication',
    rule: COLLECTION_MANAGE,
    request: (f) => ({ url: `/api/collections/${f.collectionId}/adjudication` }),
  },
  {
    method: 'GET',
    route: '/api/collections/:id/adjudication/:imageId',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/adjudication/${f.imageIds[0]}`,
    }),
  },
  {
    method: 'PUT',
    route: '/api/collections/:id/adjudication/:imageId',
    rule: COLLECTION_MANAGE,
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/adjudication/${f.imageIds[0]}`,
      payload: { method: 'picked', fromAnnotationIds: [f.annotationId] },
    }),
  },
  {
    method: 'POST',
    route: '/api/collections/:id/import.sr',
    // Managers pass the access check and meet a body that is no DICOM file (400).
    rule: rule(400, 400, 404, 403, 404),
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/import.sr`,
      headers: { 'content-type': 'application/dicom' },
      payload: 'not a DICOM file',
    }),
  },
  {
    method: 'POST',
    route: '/api/collections/:id/import.seg',
    // Like import.sr: managers meet a body that is no DICOM file (400).
    rule: rule(400, 400, 404, 403, 404),
    request: (f) => ({
      url: `/api/collections/${f.collectionId}/import.seg`,
      headers: { 'content-type': 'application/dicom' },
      payload: 'not a DICOM file',
    }),
  },
  {
    method: 'POST',
    route: '/api/loops',
    // Managers get as far as the loop's own check: too few images labeled by people.
    rule: rule(422, 422, 404, 403, 404),
    request: (f) => ({
      url: '/api/loops',
      payload: {
        name: 'Loop',
        collectionId: f.collectionId,
        classifier: 'logreg',
        features: { kind: 'metadata', keys: ['x'] },
        validationPerClass: 2,
      },
    }),
  },
  { method: 'GET', route: '/api/loops', rule: RESEARCH, request: () => ({ url: '/api/loops' }) },
  {
    method: 'GET',
    route: '/api/loops/:id',
    rule: LOOP_MANAGE,
    request: async (f, _actor, t) => ({ url: `/api/loops/${await fixtureLoop(f, t)}` }),
  },
  {
    method: 'GET',
    route: '/api/loops/:id/dashboard',
    rule: LOOP_MANAGE,
    request: async (f, _actor, t) => ({ url: `/api/loops/${await fixtureLoop(f, t)}/dashboard` }),
  },
  {
    method: 'GET',
    route: '/api/loops/:id/models',
    rule: LOOP_MANAGE,
    request: async (f, _actor, t) => ({ url: `/api/loops/${await fixtureLoop(f, t)}/models` }),
  },
  {
    method: 'POST',
    route: '/api/loops/:id/train',
    // A loop without a model may (re)train its first one.
    rule: LOOP_MANAGE,
    request: async (f, _actor, t) => ({ url: `/api/loops/${await fixtureLoop(f, t)}/train` }),
  },
  {
    method: 'POST',
    route: '/api/loops/:id/prelabel',
    rule: LOOP_STEP,
    request: async (f, _actor, t) => ({ url: `/api/loops/${await fixtureLoop(f, t)}/prelabel` }),
  },
  {
    method: 'POST',
    route: '/api/loops/:id/cancel',
    rule: LOOP_STEP,
    request: async (f, _actor, t) => ({ url: `/api/loops/${await fixtureLoop(f, t)}/cancel` }),
  },
  {
    method: 'GET',
    route: '/api/sources',
    rule: RESEARCH,
    request: () => ({ url: '/api/sources' }),
  },
  {
    method: 'POST',
    route: '/api/sources',
    rule: ADMIN,
    request: () => ({
      url: '/api/sources',
      payload: { name: `Source ${next()}`, baseUrl: 'https://pacs.example.org/dicom-web' },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/sources/:id',
    rule: ADMIN,
    request: async (f, _actor, t) => ({
      url: `/api/sources/${await fixtureSource(f, t)}`,
      payload: { authorization: 'Bearer rotated' },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/sources/:id',
    rule: ADMIN,
    request: async (f, _actor, t) => ({ url: `/api/sources/${await fixtureSource(f, t)}` }),
  },
  {
    method: 'GET',
    route: '/api/sources/:id/series',
    rule: SOURCE_USE,
    request: async (f, _actor, t) => ({
      url: `/api/sources/${await fixtureSource(f, t)}/series?modality=CT`,
    }),
  },
  {
    method: 'POST',
    route: '/api/sources/:id/series/import',
    rule: SOURCE_USE,
    request: async (f, _actor, t) => ({
      url: `/api/sources/${await fixtureSource(f, t)}/series/import`,
      payload: { series: [{ studyUid: '1.2.3', seriesUid: '1.2.3.4' }] },
    }),
  },
  {
    method: 'GET',
    route: '/api/sources/:id/instances/:instanceUid',
    // An image on the source in no collection: researchers see it, readers do not.
    rule: rule(502, 502, 502, 404, 404),
    request: async (f, _actor, t) => {
      const sourceId = await fixtureSource(f, t);
      const uid = `1.2.3.4.${next()}`;
      const url = `/api/sources/${sourceId}/instances/${uid}`;
      await t.database.db
        .insertInto('images')
        .values({
          url,
          width: 8,
          height: 8,
          frames: 1,
          modality: 'CT',
          mode: null,
          body_part: null,
          study_uid: '1.2.3',
          series_uid: '1.2.3.4',
          source_id: sourceId,
          instance_uid: uid,
          metadata: '{}',
          created_by: f.ids.owner,
          created_at: new Date().toISOString(),
        })
        .execute();
      return { url };
    },
  },
  {
    method: 'POST',
    route: '/api/sources/:id/reports',
    // Managers of the collection reach the export, which finds no DICOM annotations (422).
    rule: rule(422, 422, 404, 403, 403),
    request: async (f, _actor, t) => ({
      url: `/api/sources/${await fixtureSource(f, t)}/reports`,
      payload: { collectionId: f.collectionId },
    }),
  },
];

for (const dialect of DIALECTS) {
  describe(`authorization matrix: every route x role x ownership (${dialect})`, () => {
    let t: TestApp;
    let f: Fixture;

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      f = await buildFixture(t);
    });
    afterAll(() => t.close());

    it('covers every route the app declares', async () => {
      const document = (await t.app.inject({ url: '/api/openapi.json' })).json<{
        paths: Record<string, object>;
      }>();
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      );
      const covered = CASES.map((c) => `${c.method} ${c.route}`);
      expect(new Set(covered).size).toBe(covered.length);
      expect([...covered].sort()).toEqual([...documented].sort());
    });

    for (const c of CASES) {
      it(`${c.method} ${c.route}`, async () => {
        const refusals: string[] = [];
        for (const actor of ACTORS) {
          const request = await c.request(f, actor, t);
          const response = await t.app.inject({
            method: c.method,
            url: request.url,
            headers: { ...f.callers[actor], ...request.headers },
            ...(request.payload === undefined ? {} : { payload: request.payload as string }),
          });
          const expected = actor === 'anonymous' ? (c.public ? 'ok' : 401) : c.rule[actor];
          const got = response.statusCode;
          const matches = expected === 'ok' ? got >= 200 && got < 300 : got === expected;
          if (!matches)
            refusals.push(
              `${actor}: expected ${expected}, got ${got} ${response.body.slice(0, 200)}`,
            );
          if (
            got >= 400 &&
            !String(response.headers['content-type']).startsWith('application/problem+json')
          ) {
            refusals.push(`${actor}: ${got} without problem+json`);
          }
        }
        expect(refusals).toEqual([]);
      });
    }
  });
}

for (const dialect of DIALECTS) {
  describe(`search results follow the same access rules as lists and reads (${dialect})`, () => {
    let t: TestApp;
    let f: Fixture;
    let annotationIds: number[];

    beforeAll(async () => {
      t = await createTestApp(dialect, { MEDLABEL_IMAGE_HOSTS: 'images.example.org' });
      f = await buildFixture(t);
      const put = async (url: string, payload: object, who: Caller) => {
        const response = await t.app.inject({ method: 'PUT', url, headers: who, payload });
        expect(response.statusCode, response.body).toBeLessThan(300);
        return response.json<{ id: number }>();
      };
      // Another researcher reviews the collection; the second annotator annotates it too.
      await put(
        `/api/collections/${f.collectionId}/assignments/${f.ids.other}`,
        { kind: 'review' },
        f.callers.owner,
      );
      await put(
        `/api/collections/${f.collectionId}/assignments/${f.ids.unassigned}`,
        { kind: 'annotate' },
        f.callers.owner,
      );
      const second = await put(
        `/api/collections/${f.collectionId}/images/${f.imageIds[1]}/annotation`,
        { payload: f.payload, status: 'submitted' },
        f.callers.unassigned,
      );
      annotationIds = [f.annotationId, second.id];
    });
    afterAll(() => t.close());

    const ids = async (url: string, who: Caller) => {
      const response = await t.app.inject({ url, headers: who });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<{ id: number }[] | { items: { id: number }[] }>();
      return (Array.isArray(body) ? body : body.items).map((item) => item.id).sort((a, b) => a - b);
    };

    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      it(`${actor}: type:collection finds what the list shows, type:annotation what may be read`, async () => {
        const who = f.callers[actor];
        expect(await ids('/api/search?q=type%3Acollection', who)).toEqual(
          await ids('/api/collections', who),
        );
        const found = await ids('/api/search?q=type%3Aannotation', who);
        const readable: number[] = [];
        for (const id of annotationIds) {
          const response = await t.app.inject({ url: `/api/annotations/${id}`, headers: who });
          // Refused reads never reveal that the annotation exists.
          expect([200, 404], response.body).toContain(response.statusCode);
          if (response.statusCode === 200) readable.push(id);
        }
        expect(found).toEqual(readable);
      });
    }

    it('lets the reviewing researcher and the owner read both readers, each annotator only its own', async () => {
      const readers = async (actor: ActorName) =>
        (await ids('/api/search?q=type%3Aannotation', f.callers[actor])).length;
      expect(await readers('owner')).toBe(2);
      expect(await readers('other')).toBe(2);
      expect(await readers('assigned')).toBe(1);
      expect(await readers('unassigned')).toBe(1);
    });
  });
}
