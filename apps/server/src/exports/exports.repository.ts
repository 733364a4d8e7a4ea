import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { referenceStandards } from '../agreement/agreement.repository.js';

const CHUNK = 2000;

export class ExportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The collection's annotations with their author's email and, for labels a labeling loop made
   * or people reviewed, the prediction behind them, and their image's metadata (its pixel
   * spacing); in id order, chunk by chunk.
   */
  async *annotations(collectionId: number) {
    let afterId = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('annotations')
        .leftJoin('users', 'users.id', 'annotations.annotator_id')
        .leftJoin('predictions', 'predictions.id', 'annotations.prediction_id')
        .leftJoin('models', 'models.id', 'predictions.model_id')
        .innerJoin('images', 'images.id', 'annotations.image_id')
        .selectAll('annotations')
        .select([
          'images.metadata as image_metadata',
          'images.url as image_url',
          'images.study_uid as image_study_uid',
          'users.email as annotator_email',
          'predictions.loop_id as prediction_loop_id',
          'predictions.round as prediction_round',
          'predictions.label as prediction_label',
          'predictions.confidence as prediction_probability',
          'predictions.threshold as prediction_threshold',
          'models.round as prediction_model_round',
        ])
        .where('annotations.collection_id', '=', collectionId)
        .where('annotations.id', '>', afterId)
        .orderBy('annotations.id')
        .limit(CHUNK)
        .execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < CHUNK) return; // a short chunk is the last one
      afterId = rows[rows.length - 1]!.id;
    }
  }

  /** The reference standards of the collection's images (reading studies), by image. */
  references(collectionId: number) {
    return referenceStandards(this.db, collectionId).execute();
  }

  /** The collection's images among DICOM instances, by de-identified SOP Instance UID. */
  async imagesByInstance(collectionId: number, uids: readonly string[]) {
    if (uids.length === 0) return new Map<string, number>();
    const rows = await this.db
      .selectFrom('image_metadata')
      .innerJoin('collection_images', 'collection_images.image_id', 'image_metadata.image_id')
      .select(['image_metadata.value', 'image_metadata.image_id'])
      .where('collection_images.collection_id', '=', collectionId)
      .where('image_metadata.key', '=', 'sopinstanceuid')
      .where('image_metadata.value', 'in', uids)
      .orderBy('image_metadata.image_id')
      .execute();
    const images = new Map<string, number>();
    for (const row of rows) if (!images.has(row.value)) images.set(row.value, row.image_id);
    return images;
  }

  /** The collection's images in position order, chunk by chunk. */
  async *images(collectionId: number) {
    let afterPosition = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('collection_images')
        .innerJoin('images', 'images.id', 'collection_images.image_id')
        .selectAll('images')
        .select('collection_images.position')
        .where('collection_images.collection_id', '=', collectionId)
        .where('collection_images.position', '>', afterPosition)
        .orderBy('collection_images.position')
        .limit(CHUNK)
        .execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < CHUNK) return; // a short chunk is the last one
      afterPosition = rows[rows.length - 1]!.position;
    }
  }
}
