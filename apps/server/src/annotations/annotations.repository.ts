import type { Kysely, Transaction } from 'kysely';
import type { AnnotationRow, AnnotationsTable, DB, Provenance } from '../db/tables.js';
import { chunks } from '../db/chunks.js';
import { MODEL_KEYS } from '../collections/collections.repository.js';
import { isUniqueViolation } from '../db/errors.js';

export interface AnnotationWrite {
  collectionId: number;
  imageId: number;
  authorKey: string;
  annotatorId: number | null;
  model: string | null;
  source: AnnotationsTable['source'];
  status: AnnotationsTable['status'];
  templateId: number;
  templateVersion: number;
  payload: string;
  labels: string[];
  timeSpentMs: number;
  /** a model's confidence; null for people */
  confidence: number | null;
  provenance: Provenance;
  /** the loop prediction the label is, or was made from */
  predictionId: number | null;
  actorId: number;
}

export type SaveOutcome =
  | { ok: true; annotation: AnnotationRow }
  /** the base version is stale, or a create raced another create of the same author */
  | { ok: false; reason: 'stale'; current: AnnotationRow | undefined }
  /** a new human reader of an image that already has the readers its collection wants */
  | { ok: false; reason: 'readers-complete'; readers: number }
  /** the actor's idempotency key was already used for a different save */
  | { ok: false; reason: 'key-reused' };

/** Thrown inside a save's transaction to roll it back when the image needs no more readers. */
class ReadersComplete extends Error {
  constructor(readonly readers: number) {
    super(`the image already has ${readers} reader(s)`);
  }
}

export class AnnotationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: number) {
    return this.db.selectFrom('annotations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByAuthor(collectionId: number, imageId: number, authorKey: string) {
    return this.db
      .selectFrom('annotations')
      .selectAll()
      .where('collection_id', '=', collectionId)
      .where('image_id', '=', imageId)
      .where('author_key', '=', authorKey)
      .executeTakeFirst();
  }

  listForImage(collectionId: number, imageId: number, onlyAuthor?: string) {
    let query = this.db
      .selectFrom('annotations')
      .selectAll()
      .where('collection_id', '=', collectionId)
      .where('image_id', '=', imageId);
    if (onlyAuthor !== undefined) query = query.where('author_key', '=', onlyAuthor);
    return query.orderBy('id').execute();
  }

  /** The newest model annotation of an image in a collection (what a person reviews). */
  latestModel(collectionId: number, imageId: number) {
    return this.db
      .selectFrom('annotations')
      .select(['id', 'payload', 'prediction_id'])
      .where('collection_id', '=', collectionId)
      .where('image_id', '=', imageId)
      .where('author_key', '>=', MODEL_KEYS.from)
      .where('author_key', '<', MODEL_KEYS.to)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Creates many model annotations at once (a loop's pre-labels), with their history events and
   * label rows; an image the model already annotated there is left as it is, so a retried job
   * writes nothing twice. Model annotations move no reader counters.
   */
  async insertModelLabels(writes: readonly AnnotationWrite[]): Promise<number> {
    let inserted = 0;
    for (const chunk of chunks(writes, 300)) {
      inserted += await this.db.transaction().execute(async (trx) => {
        const first = chunk[0]!;
        const present = new Set(
          (
            await trx
              .selectFrom('annotations')
              .select('image_id')
              .where('collection_id', '=', first.collectionId)
              .where('author_key', '=', first.authorKey)
              .where(
                'image_id',
                'in',
                chunk.map((w) => w.imageId),
              )
              .execute()
          ).map((r) => r.image_id),
        );
        const fresh = chunk.filter((w) => !present.has(w.imageId));
        if (fresh.length === 0) return 0;
        const now = new Date().toISOString();
        const rows = await trx
          .insertInto('annotations')
          .values(
            fresh.map((w) => ({
              collection_id: w.collectionId,
              image_id: w.imageId,
              author_key: w.authorKey,
              annotator_id: null,
              model: w.model,
              source: 'model' as const,
              status: w.status,
              template_id: w.templateId,
              template_version: w.templateVersion,
              payload: w.payload,
              version: 1,
              time_spent_ms: 0,
              confidence: w.confidence,
              provenance: w.provenance,
              prediction_id: w.predictionId,
              created_at: now,
              updated_at: now,
            })),
          )
          .returning(['id', 'image_id'])
          .execute();
        const byImage = new Map(fresh.map((w) => [w.imageId, w]));
        await trx
          .insertInto('annotation_events')
          .values(
            rows.map((r) => {
              const w = byImage.get(r.image_id)!;
              return {
                annotation_id: r.id,
                actor_id: w.actorId,
                action: 'create' as const,
                version: 1,
                status: w.status,
                payload: w.payload,
                created_at: now,
              };
            }),
          )
          .execute();
        const labels = rows.flatMap((r) => {
          const w = byImage.get(r.image_id)!;
          return w.labels.map((label) => ({
            annotation_id: r.id,
            collection_id: w.collectionId,
            image_id: w.imageId,
            label,
            status: w.status,
          }));
        });
        if (labels.length > 0) await trx.insertInto('annotation_labels').values(labels).execute();
        return rows.length;
      });
    }
    return inserted;
  }

  history(annotationId: number) {
    return this.db
      .selectFrom('annotation_events')
      .selectAll()
      .where('annotation_id', '=', annotationId)
      .orderBy('id')
      .execute();
  }

  /**
   * Creates (baseVersion undefined) or updates (baseVersion = the version the edit started from)
   * one author's annotation, in one transaction with its history event (carrying the client's
   * idempotency key), its label rows and the image's counters. A stale baseVersion, a create
   * racing another, or a new reader beyond the collection's readers per image changes nothing.
   * A save repeating an applied one (same actor and key) answers what that save stored.
   */
  async save(
    write: AnnotationWrite,
    baseVersion: number | undefined,
    idempotencyKey?: string,
  ): Promise<SaveOutcome> {
    const replay = () =>
      idempotencyKey === undefined ? undefined : this.replay(write, baseVersion, idempotencyKey);
    const earlier = await replay();
    if (earlier) return earlier;
    let saved: AnnotationRow | undefined;
    try {
      saved = await this.db.transaction().execute(async (trx) => {
        const annotation =
          baseVersion === undefined
            ? await this.insert(trx, write)
            : await this.update(trx, write, baseVersion);
        if (annotation)
          await this.record(
            trx,
            write,
            annotation,
            baseVersion === undefined ? 'create' : 'update',
            idempotencyKey,
          );
        return annotation;
      });
    } catch (error) {
      if (error instanceof ReadersComplete)
        return { ok: false, reason: 'readers-complete', readers: error.readers };
      if (!isUniqueViolation(error)) throw error;
    }
    if (saved) return { ok: true, annotation: saved };
    // Reads after the transaction: SQLite has a single connection. A retry that raced its own
    // original (same key) lost to it and answers what the original saved.
    return (
      (await replay()) ?? {
        ok: false,
        reason: 'stale',
        current: await this.findByAuthor(write.collectionId, write.imageId, write.authorKey),
      }
    );
  }

  /**
   * The outcome of the actor's earlier save with this key, if there was one: the annotation as
   * that save left it (its version, status and payload; the rest as stored now), or `key-reused`
   * when the key came with a different save.
   */
  private async replay(
    write: AnnotationWrite,
    baseVersion: number | undefined,
    idempotencyKey: string,
  ): Promise<SaveOutcome | undefined> {
    const found = await this.db
      .selectFrom('annotation_events as e')
      .innerJoin('annotations as a', 'a.id', 'e.annotation_id')
      .selectAll('a')
      .select([
        'e.version as event_version',
        'e.status as event_status',
        'e.payload as event_payload',
        'e.created_at as event_at',
      ])
      .where('e.actor_id', '=', write.actorId)
      .where('e.idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!found) return undefined;
    const { event_version, event_status, event_payload, event_at, ...annotation } = found;
    const same =
      annotation.collection_id === write.collectionId &&
      annotation.image_id === write.imageId &&
      annotation.author_key === write.authorKey &&
      event_version === (baseVersion ?? 0) + 1 &&
      event_status === write.status &&
      event_payload === write.payload;
    if (!same) return { ok: false, reason: 'key-reused' };
    return {
      ok: true,
      annotation: {
        ...annotation,
        version: event_version,
        status: event_status,
        payload: event_payload,
        updated_at: event_at,
      },
    };
  }

  /** The history event and the label rows of a saved annotation. */
  private async record(
    trx: Transaction<DB>,
    write: AnnotationWrite,
    annotation: AnnotationRow,
    action: 'create' | 'update',
    idempotencyKey: string | undefined,
  ) {
    await trx
      .insertInto('annotation_events')
      .values({
        annotation_id: annotation.id,
        actor_id: write.actorId,
        action,
        version: annotation.version,
        status: annotation.status,
        payload: write.payload,
        created_at: annotation.updated_at,
        idempotency_key: idempotencyKey ?? null,
      })
      .execute();
    await trx.deleteFrom('annotation_labels').where('annotation_id', '=', annotation.id).execute();
    if (write.labels.length > 0) {
      await trx
        .insertInto('annotation_labels')
        .values(
          write.labels.map((label) => ({
            annotation_id: annotation.id,
            collection_id: write.collectionId,
            image_id: write.imageId,
            label,
            status: annotation.status,
          })),
        )
        .execute();
    }
  }

  private async insert(trx: Transaction<DB>, write: AnnotationWrite) {
    const now = new Date().toISOString();
    const annotation = await trx
      .insertInto('annotations')
      .values({
        collection_id: write.collectionId,
        image_id: write.imageId,
        author_key: write.authorKey,
        annotator_id: write.annotatorId,
        model: write.model,
        source: write.source,
        status: write.status,
        template_id: write.templateId,
        template_version: write.templateVersion,
        payload: write.payload,
        version: 1,
        time_spent_ms: write.timeSpentMs,
        confidence: write.confidence,
        provenance: write.provenance,
        prediction_id: write.predictionId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (write.source === 'human') await this.startReader(trx, write);
    return annotation;
  }

  /**
   * Counts a new human reader of the image, closes the image for the work queue when it has the
   * readers its collection wants, and refuses a reader beyond them. The counter update locks the
   * image's row first; the readers per image are read after it, in a statement of their own (a
   * fresh snapshot on PostgreSQL), so a concurrent save or change of the collection cannot race.
   */
  private async startReader(trx: Transaction<DB>, write: AnnotationWrite) {
    const submitted = write.status === 'submitted' ? 1 : 0;
    const counters = await trx
      .updateTable('collection_images')
      .set((eb) => ({
        started_count: eb('started_count', '+', 1),
        submitted_count: eb('submitted_count', '+', submitted),
      }))
      .where('collection_id', '=', write.collectionId)
      .where('image_id', '=', write.imageId)
      .returning(['started_count', 'submitted_count'])
      .executeTakeFirstOrThrow();
    const readers = await this.readersPerImage(trx, write.collectionId);
    // A reference case (reading studies) is handed to readers beyond the wanted number, to
    // measure them; any other image refuses the extra reader.
    if (counters.started_count > readers && !(await this.isReferenceCase(trx, write))) {
      throw new ReadersComplete(readers);
    }
    if (counters.started_count === readers) {
      await trx
        .updateTable('collection_images')
        .set({ open: 0 })
        .where('collection_id', '=', write.collectionId)
        .where('image_id', '=', write.imageId)
        .execute();
    }
    await this.countDone(trx, write.collectionId, readers, counters.submitted_count, submitted);
  }

  private async isReferenceCase(trx: Transaction<DB>, write: AnnotationWrite): Promise<boolean> {
    const row = await trx
      .selectFrom('reference_standards')
      .select('image_id')
      .where('collection_id', '=', write.collectionId)
      .where('image_id', '=', write.imageId)
      .where('reference_case', '=', 1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The collection's readers per image, read inside the save's transaction. */
  private async readersPerImage(trx: Transaction<DB>, collectionId: number): Promise<number> {
    const { readers_per_image } = await trx
      .selectFrom('collections')
      .select('readers_per_image')
      .where('id', '=', collectionId)
      .executeTakeFirstOrThrow();
    return readers_per_image;
  }

  private async update(trx: Transaction<DB>, write: AnnotationWrite, baseVersion: number) {
    const before = await trx
      .selectFrom('annotations')
      .select(['id', 'status', 'version'])
      .where('collection_id', '=', write.collectionId)
      .where('image_id', '=', write.imageId)
      .where('author_key', '=', write.authorKey)
      .executeTakeFirst();
    if (!before || before.version !== baseVersion) return undefined;
    const annotation = await trx
      .updateTable('annotations')
      .set((eb) => ({
        status: write.status,
        template_version: write.templateVersion,
        payload: write.payload,
        version: baseVersion + 1,
        time_spent_ms: eb('time_spent_ms', '+', write.timeSpentMs),
        confidence: write.confidence,
        provenance: write.provenance,
        prediction_id: write.predictionId,
        updated_at: new Date().toISOString(),
      }))
      .where('id', '=', before.id)
      .where('version', '=', baseVersion)
      .returningAll()
      .executeTakeFirst();
    if (!annotation) return undefined;
    const delta = (write.status === 'submitted' ? 1 : 0) - (before.status === 'submitted' ? 1 : 0);
    if (write.source === 'human' && delta !== 0) {
      const counters = await trx
        .updateTable('collection_images')
        .set((eb) => ({ submitted_count: eb('submitted_count', '+', delta) }))
        .where('collection_id', '=', write.collectionId)
        .where('image_id', '=', write.imageId)
        .returning('submitted_count')
        .executeTakeFirstOrThrow();
      const readers = await this.readersPerImage(trx, write.collectionId);
      await this.countDone(trx, write.collectionId, readers, counters.submitted_count, delta);
    }
    return annotation;
  }

  /** Moves the collection's done count when an image's submissions cross the wanted readers. */
  private async countDone(
    trx: Transaction<DB>,
    collectionId: number,
    readers: number,
    submitted: number,
    delta: number,
  ) {
    const change =
      delta > 0 && submitted === readers ? 1 : delta < 0 && submitted === readers - 1 ? -1 : 0;
    if (change === 0) return;
    await trx
      .updateTable('collections')
      .set((eb) => ({ done_count: eb('done_count', '+', change) }))
      .where('id', '=', collectionId)
      .execute();
  }
}
