import type { Actor } from '../auth/actor.js';
import type { CollectionAccess } from '../access/collection-access.js';
import { toCsv } from '@medlabel/csv';
import type { ReportsRepository } from './reports.repository.js';

/** Completeness of a collection: images done by the wanted number of readers, work per annotator. */
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: CollectionAccess,
  ) {}

  async completeness(actor: Actor, collectionId: number) {
    const { collection } = await this.access.manage(actor, collectionId);
    const readers = collection.readers_per_image;
    const progress = await this.reports.progress(collectionId, readers);
    const annotators = (await this.reports.perAnnotator(collectionId)).map((row) => {
      const submitted = Number(row.submitted);
      const timeSpentMs = Number(row.time_spent_ms ?? 0);
      return {
        userId: row.id,
        email: row.email,
        name: row.name,
        submitted,
        drafts: Number(row.drafts),
        timeSpentMs,
        meanTimeMs: submitted === 0 ? null : Math.round(timeSpentMs / submitted),
      };
    });
    return {
      collectionId,
      images: collection.image_count,
      readersPerImage: readers,
      done: progress.done,
      inProgress: progress.started - progress.done,
      todo: collection.image_count - progress.started,
      annotators,
    };
  }

  async completenessCsv(actor: Actor, collectionId: number): Promise<string> {
    const report = await this.completeness(actor, collectionId);
    return toCsv(
      ['user_id', 'email', 'name', 'submitted', 'drafts', 'time_spent_ms', 'mean_time_ms'],
      report.annotators.map((a) => [
        a.userId,
        a.email,
        a.name,
        a.submitted,
        a.drafts,
        a.timeSpentMs,
        a.meanTimeMs,
      ]),
    );
  }
}
