import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import {
  AnnotationsRepository,
  type AnnotationWrite,
} from '../src/annotations/annotations.repository.js';
import {
  CollectionsRepository,
  authorKeyOfUser,
} from '../src/collections/collections.repository.js';
import { ImagesRepository } from '../src/images/images.repository.js';
import { TemplatesRepository } from '../src/templates/templates.repository.js';
import { UsersRepository } from '../src/users/users.repository.js';
import { DIALECTS, openTestDatabase } from './support/database.js';

for (const dialect of DIALECTS) {
  describe(`annotations repository under concurrent saves (${dialect})`, () => {
    let database: Database;
    let annotations: AnnotationsRepository;
    let collections: CollectionsRepository;
    let base: Omit<AnnotationWrite, 'authorKey' | 'annotatorId' | 'status'>;
    let annotatorIds: number[];

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      const { db } = database;
      const users = new UsersRepository(db);
      const now = new Date().toISOString();
      const user = async (email: string) => {
        const row = await users.create({
          email,
          name: email,
          password_hash: 'x',
          role: 'annotator',
          active: 1,
          expertise: '[]',
          created_at: now,
        });
        if (!row) throw new Error(`${email} exists`);
        return row;
      };
      const owner = await user('owner@example.org');
      annotatorIds = [];
      for (let i = 0; i < 4; i++) annotatorIds.push((await user(`reader${i}@example.org`)).id);
      const templateId = await new TemplatesRepository(db).create({
        ownerId: owner.id,
        name: 't',
        definition: '{}',
      });
      const [imageId] = await new ImagesRepository(db).insertMany([
        {
          url: 'https://x/1.png',
          width: 10,
          height: 10,
          metadata: '{}',
          created_by: owner.id,
          created_at: now,
        },
      ]);
      collections = new CollectionsRepository(db, dialect);
      const collectionId = await collections.create({
        owner_id: owner.id,
        name: 'c',
        description: '',
        template_id: templateId,
        template_version: 1,
        readers_per_image: 2,
        annotators_see_all: 0,
        metadata: '{}',
        created_at: now,
      });
      await collections.addImages(collectionId, [imageId!]);
      annotations = new AnnotationsRepository(db);
      base = {
        collectionId,
        imageId: imageId!,
        model: null,
        source: 'human',
        templateId,
        templateVersion: 1,
        payload: '{"labels":["a"],"shapes":[],"values":{}}',
        labels: ['a'],
        timeSpentMs: 10,
        confidence: null,
        provenance: 'manual',
        predictionId: null,
        actorId: owner.id,
      };
    });
    afterAll(() => database.close());

    const write = (annotator: number, status: 'draft' | 'submitted'): AnnotationWrite => ({
      ...base,
      authorKey: authorKeyOfUser(annotator),
      annotatorId: annotator,
      status,
    });

    it('lets one of many racing creates win and counts it once', async () => {
      const me = annotatorIds[0]!;
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => annotations.save(write(me, 'draft'), undefined)),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(
        outcomes.every((o) => o.ok || (o.reason === 'stale' && o.current?.version === 1)),
      ).toBe(true);
      expect(await collections.member(base.collectionId, base.imageId)).toMatchObject({
        started_count: 1,
        submitted_count: 0,
        open: 1,
      });
    });

    it('lets one of many racing updates of the same version win; the history has each version once', async () => {
      const me = annotatorIds[0]!;
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => annotations.save(write(me, 'submitted'), 1)),
      );
      const winners = outcomes.filter((o) => o.ok);
      expect(winners).toHaveLength(1);
      const id = winners[0]!.ok ? winners[0]!.annotation.id : 0;
      expect((await annotations.history(id)).map((e) => [e.action, e.version])).toEqual([
        ['create', 1],
        ['update', 2],
      ]);
      expect(await collections.member(base.collectionId, base.imageId)).toMatchObject({
        started_count: 1,
        submitted_count: 1,
      });
    });

    it('closes the image when the wanted readers started, and counts it done when they submitted', async () => {
      const second = annotatorIds[1]!;
      expect((await annotations.save(write(second, 'submitted'), undefined)).ok).toBe(true);
      expect(await collections.member(base.collectionId, base.imageId)).toMatchObject({
        started_count: 2,
        submitted_count: 2,
        open: 0,
      });
      expect(await collections.findById(base.collectionId)).toMatchObject({ done_count: 1 });
      expect(await collections.nextImageId(base.collectionId, annotatorIds[2]!)).toBeUndefined();
      // Back to draft: no longer done.
      expect((await annotations.save(write(second, 'draft'), 1)).ok).toBe(true);
      expect(await collections.findById(base.collectionId)).toMatchObject({ done_count: 0 });
    });

    /** Adds fresh images to the collection. */
    const addImages = async (count: number) => {
      const ids = await new ImagesRepository(database.db).insertMany(
        Array.from({ length: count }, () => ({
          url: `https://x/${Math.random()}.png`,
          width: 10,
          height: 10,
          metadata: '{}',
          created_by: base.actorId,
          created_at: new Date().toISOString(),
        })),
      );
      await collections.addImages(base.collectionId, ids);
      return ids;
    };

    it('resumes the work queue after the images an annotator already read', async () => {
      const extra = await addImages(5);
      const reader = annotatorIds[3]!;
      const seen: number[] = [];
      for (const imageId of extra) {
        expect(await collections.nextImageId(base.collectionId, reader)).toBe(imageId);
        expect(
          (await annotations.save({ ...write(reader, 'submitted'), imageId }, undefined)).ok,
        ).toBe(true);
        seen.push(imageId);
      }
      expect(await collections.nextImageId(base.collectionId, reader)).toBeUndefined();
      expect(seen).toEqual(extra);
    });

    it('lets exactly the wanted readers start an image when more race for it', async () => {
      const [imageId] = await addImages(1);
      const outcomes = await Promise.all(
        annotatorIds.map((reader) =>
          annotations.save({ ...write(reader, 'submitted'), imageId: imageId! }, undefined),
        ),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
      for (const refused of outcomes.filter((o) => !o.ok))
        expect(refused).toEqual({ ok: false, reason: 'readers-complete', readers: 2 });
      expect(await collections.member(base.collectionId, imageId!)).toMatchObject({
        started_count: 2,
        submitted_count: 2,
        open: 0,
      });
    });

    it('keeps the counters in step with the readers per image while that number changes', async () => {
      const [imageId] = await addImages(1);
      const [outcomes] = await Promise.all([
        Promise.all(
          annotatorIds.map((reader) =>
            annotations.save({ ...write(reader, 'draft'), imageId: imageId! }, undefined),
          ),
        ),
        collections.update(base.collectionId, { readers_per_image: 3 }),
      ]);
      // Saves before the change may start two readers, saves after it three.
      const started = outcomes.filter((o) => o.ok).length;
      expect([2, 3]).toContain(started);
      expect(await collections.member(base.collectionId, imageId!)).toMatchObject({
        started_count: started,
        open: started < 3 ? 1 : 0,
      });
      await collections.update(base.collectionId, { readers_per_image: 2 });
    });

    it('changes the readers per image while submits complete images, without a deadlock', async () => {
      // Submits that complete an image lock its row, then the collection's (its done count);
      // the change must take them in the same order (the other order deadlocked on PostgreSQL).
      for (let round = 0; round < 8; round++) {
        const imageIds = await addImages(4);
        const submits = imageIds.flatMap((imageId) =>
          annotatorIds
            .slice(0, 2)
            .map((reader) =>
              annotations.save({ ...write(reader, 'submitted'), imageId }, undefined),
            ),
        );
        const [outcomes] = await Promise.all([
          Promise.all(submits),
          collections.update(base.collectionId, { readers_per_image: 3 }),
          collections.update(base.collectionId, { readers_per_image: 2 }),
        ]);
        expect(outcomes.every((o) => o.ok)).toBe(true);
      }
      await collections.update(base.collectionId, { readers_per_image: 2 });
      const collection = await collections.findById(base.collectionId);
      const done = await database.db
        .selectFrom('collection_images')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('collection_id', '=', base.collectionId)
        .where('submitted_count', '>=', 2)
        .executeTakeFirstOrThrow();
      expect(collection!.done_count).toBe(Number(done.n));
    });
  });
}
