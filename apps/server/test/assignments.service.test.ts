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
      expect(
        (await services.assignments.autoAssign(researcher, first.id, 1)).map((a) => a.userId),
      ).toEqual([expertA]);
      // expertA now carries one collection: the next goes to expertB.
      const second = await collection('second');
      expect(
        (await services.assignments.autoAssign(researcher, second.id, 1)).map((a) => a.userId),
      ).toEqual([expertB]);
      const third = await collection('third');
      expect(
        (await services.assignments.autoAssign(researcher, third.id, 5))
          .map((a) => a.userId)
          .sort(),
      ).toEqual([expertA, expertB].sort());
    });
  });
}
