import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Expertise } from '@medlabel/schema';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { createServices, type Services } from '../src/services.js';
import type { Actor } from '../src/auth/actor.js';
import { exampleDefinition, PASSWORD } from './support/app.js';
import { DIALECTS, openTestDatabase } from './support/database.js';

for (const dialect of DIALECTS) {
  describe(`automatic assignment by expertise (${dialect})`, () => {
    let database: Database;
    let services: Services;
    let researcher: Actor;

    const annotator = async (email: string, expertise: Expertise[]) =>
      (
        await services.users.insert({
          email,
          name: email,
          password: PASSWORD,
          role: 'annotator',
          expertise,
        })
      ).id;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      services = createServices(
        database,
        loadConfig({ MEDLABEL_DATA_DIR: path.join(os.tmpdir(), 'unused') }),
      );
      const user = await services.users.insert({
        email: 'r@example.org',
        name: 'R',
        password: PASSWORD,
        role: 'researcher',
      });
      researcher = { id: user.id, email: user.email, role: 'researcher' };
    });
    afterAll(() => database.close());

    it('assigns only annotators meeting the required expertise, least loaded first', async () => {
      const cardiology = (level: Expertise['level']): Expertise[] => [
        { specialty: 'Cardiology', modality: 'US', level },
      ];
      const expertA = await annotator('a@example.org', cardiology('expert'));
      const expertB = await annotator('b@example.org', cardiology('advanced'));
      await annotator('novice@example.org', cardiology('novice'));
      await annotator('radiology@example.org', [
        { specialty: 'radiology', modality: 'US', level: 'expert' },
      ]);
      const template = await services.templates.create(researcher, {
        ...exampleDefinition('Echo'),
        requiredExpertise: { specialty: 'cardiology', modality: 'us', minimumLevel: 'advanced' },
      });
      const collection = (name: string) =>
        services.collections.create(researcher, {
          name,
          templateId: template.id,
          readersPerImage: 1,
        });

      const first = await collection('first');
      const firstResult = await services.assignments.autoAssign(researcher, first.id, 1);
      expect(firstResult.assignments.map((a) => a.userId)).toEqual([expertA]);
      expect(firstResult.requirement).toBe('cardiology, US, at least advanced');
      expect(firstResult.assigned).toEqual([
        expect.objectContaining({ userId: expertA, reason: 'Cardiology, US, expert' }),
      ]);
      expect(firstResult.passedOver.map((c) => c.reason).sort()).toEqual([
        'Cardiology, US, novice: below advanced',
        'no cardiology expertise in US',
      ]);
      // expertA now carries one collection: the next goes to expertB.
      const second = await collection('second');
      expect(
        (await services.assignments.autoAssign(researcher, second.id, 1)).assigned.map(
          (a) => a.userId,
        ),
      ).toEqual([expertB]);
      const third = await collection('third');
      expect(
        (await services.assignments.autoAssign(researcher, third.id, 5)).assignments
          .map((a) => a.userId)
          .sort(),
      ).toEqual([expertA, expertB].sort());
    });

    it('counts a subspecialty for its specialty, explains the match and the spread', async () => {
      const neuro = await annotator('neuro@example.org', [
        { specialty: 'neuroradiology', modality: 'MR', level: 'expert' },
      ]);
      const template = await services.templates.create(researcher, {
        ...exampleDefinition('Brain MR'),
        requiredExpertise: { specialty: 'radiology', modality: 'MR', minimumLevel: 'advanced' },
      });
      const collection = await services.collections.create(researcher, {
        name: 'brains',
        templateId: template.id,
        readersPerImage: 2,
      });
      const result = await services.assignments.autoAssign(researcher, collection.id, 2);
      expect(result.assigned).toEqual([
        expect.objectContaining({
          userId: neuro,
          reason: 'neuroradiology (part of radiology), MR, expert',
        }),
      ]);
      expect(result.spread).toEqual({
        images: 0,
        readersPerImage: 2,
        annotators: 1,
        imagesPerAnnotator: 0,
      });
    });

    it('gives review assignments to reviewers, not to annotators', async () => {
      const template = await services.templates.create(researcher, exampleDefinition('Reviewed'));
      const collection = await services.collections.create(researcher, {
        name: 'reviewed',
        templateId: template.id,
        readersPerImage: 1,
      });
      const reader = await annotator('plain-reader@example.org', []);
      const reviewer = (
        await services.users.insert({
          email: 'reviewer@example.org',
          name: 'Rev',
          password: PASSWORD,
          role: 'reviewer',
        })
      ).id;
      await expect(
        services.assignments.assign(researcher, collection.id, reader, 'review'),
      ).rejects.toMatchObject({ status: 422 });
      expect(
        await services.assignments.assign(researcher, collection.id, reviewer, 'review'),
      ).toEqual([expect.objectContaining({ userId: reviewer, kind: 'review' })]);
      // A reviewer becomes an annotator only without review assignments.
      const admin: Actor = { id: 0, email: 'admin@example.org', role: 'admin' };
      const demote = () =>
        services.users.update(admin, reviewer, { role: 'annotator' }, { address: '127.0.0.1' });
      await expect(demote()).rejects.toMatchObject({ status: 409 });
      await services.assignments.unassign(researcher, collection.id, reviewer);
      expect(await demote()).toMatchObject({ role: 'annotator' });
    });

    it('records expertise in the vocabulary: synonyms become its words, other words are refused', async () => {
      const admin: Actor = { id: 0, email: 'admin@example.org', role: 'admin' };
      const created = await services.users.create(admin, {
        email: 'synonyms@example.org',
        name: 'S',
        password: PASSWORD,
        role: 'annotator',
        expertise: [{ specialty: 'Neuro-Radiology', modality: 'mr', level: 'expert' }],
      });
      expect(created.expertise).toEqual([
        { specialty: 'neuroradiology', modality: 'MR', level: 'expert' },
      ]);
      await expect(
        services.users.create(admin, {
          email: 'free-text@example.org',
          name: 'F',
          password: PASSWORD,
          role: 'annotator',
          expertise: [{ specialty: 'MR brain', modality: 'brain', level: 'expert' }],
        }),
      ).rejects.toMatchObject({
        status: 422,
        errors: [
          { pointer: '/body/expertise/0/specialty' },
          { pointer: '/body/expertise/0/modality' },
        ],
      });
    });
  });
}
