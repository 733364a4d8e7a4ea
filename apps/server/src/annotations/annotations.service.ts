import { validateAnnotationPayload, type AnnotationPayload } from '@medlabel/schema';
import type { Actor } from '../auth/actor.js';
import type { AnnotationRow, CollectionRow, Provenance } from '../db/tables.js';
import { HttpError, badRequest, invalid, notFound } from '../http/problem.js';
import type { ImagesRepository } from '../images/images.repository.js';
import type { TemplatesService } from '../templates/templates.service.js';
import type { CollectionAccess } from '../access/collection-access.js';
import {
  authorKeyOfModel,
  authorKeyOfUser,
  type CollectionsRepository,
} from '../collections/collections.repository.js';
import type { Annotation, Predictions, SaveAnnotation } from './annotations.dto.js';
import type {
  AnnotationWrite,
  AnnotationsRepository,
  SaveOutcome,
} from './annotations.repository.js';

export function toAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    collectionId: row.collection_id,
    imageId: row.image_id,
    source: row.source,
    annotatorId: row.annotator_id,
    model: row.model,
    status: row.status,
    templateId: row.template_id,
    templateVersion: row.template_version,
    payload: JSON.parse(row.payload) as AnnotationPayload,
    version: row.version,
    timeSpentMs: row.time_spent_ms,
    confidence: row.confidence,
    provenance: row.provenance,
    predictionId: row.prediction_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every label name a payload carries: image labels and the labels of its shapes, for search. */
export function labelsOf(payload: AnnotationPayload): string[] {
  const labels = new Set(payload.labels);
  for (const shape of payload.shapes) if ('label' in shape && shape.label) labels.add(shape.label);
  return [...labels];
}

/** What a save writes: the author's fields plus the collection's template version. */
function writeOf(
  collection: CollectionRow,
  imageId: number,
  payload: AnnotationPayload,
  author: Omit<
    AnnotationWrite,
    'collectionId' | 'imageId' | 'templateId' | 'templateVersion' | 'payload' | 'labels'
  >,
): AnnotationWrite {
  return {
    ...author,
    collectionId: collection.id,
    imageId,
    templateId: collection.template_id,
    templateVersion: collection.template_version,
    payload: JSON.stringify(payload),
    labels: labelsOf(payload),
  };
}

/** Thrown on a stale save; carries the current annotation so the client can merge. */
export class StaleAnnotation extends HttpError {
  constructor(readonly current: Annotation | undefined) {
    super(
      409,
      'stale-annotation',
      current
        ? `The annotation is at version ${current.version}; reload it and apply your change again.`
        : 'The annotation does not exist yet or was created meanwhile; reload it.',
    );
  }
}

/** The problem a refused save answers. */
function refusal(outcome: Exclude<SaveOutcome, { ok: true }>): HttpError {
  switch (outcome.reason) {
    case 'stale':
      return new StaleAnnotation(outcome.current && toAnnotation(outcome.current));
    case 'readers-complete':
      return new HttpError(
        409,
        'readers-complete',
        `This image already has the ${outcome.readers} reader(s) the collection wants; annotate another image.`,
      );
    case 'key-reused':
      return new HttpError(
        422,
        'idempotency-key-reused',
        'This idempotencyKey was already used for a different save; send a new key with each save.',
        [{ pointer: '/body/idempotencyKey', message: 'already used for a different save' }],
      );
  }
}

/**
 * Annotations: one per author (annotator or model) per image in a collection, validated against
 * the collection's template version, saved with optimistic concurrency and a full history.
 */
export class AnnotationsService {
  constructor(
    private readonly annotations: AnnotationsRepository,
    private readonly collections: CollectionsRepository,
    private readonly images: ImagesRepository,
    private readonly templates: TemplatesService,
    private readonly access: CollectionAccess,
    /** Told of every submitted human label, with its collection (loops, reading studies). */
    private readonly reviewListener?: (collectionId: number) => Promise<void>,
  ) {}

  /** The annotations of an image the actor may read: all of them for managers, else its own. */
  async listForImage(actor: Actor, collectionId: number, imageId: number): Promise<Annotation[]> {
    const grant = await this.access.read(actor, collectionId);
    if (!(await this.collections.member(collectionId, imageId)))
      throw notFound('Image in this collection');
    const onlyOwn = !grant.readsAll;
    const rows = await this.annotations.listForImage(
      collectionId,
      imageId,
      onlyOwn ? authorKeyOfUser(actor.id) : undefined,
    );
    return rows.map(toAnnotation);
  }

  async get(actor: Actor, id: number): Promise<Annotation> {
    return toAnnotation(await this.readable(actor, id));
  }

  async history(actor: Actor, id: number) {
    await this.readable(actor, id);
    const events = await this.annotations.history(id);
    return events.map((e) => ({
      id: e.id,
      actorId: e.actor_id,
      action: e.action,
      version: e.version,
      status: e.status,
      payload: JSON.parse(e.payload) as AnnotationPayload,
      createdAt: e.created_at,
    }));
  }

  /** Saves the actor's own annotation of an image (or a model's, for owners and admins). */
  async save(
    actor: Actor,
    collectionId: number,
    imageId: number,
    input: SaveAnnotation,
  ): Promise<Annotation> {
    const { collection } =
      input.model === undefined
        ? await this.access.annotate(actor, collectionId)
        : await this.access.manage(actor, collectionId);
    const human = input.model === undefined;
    if (human && input.confidence !== undefined)
      throw badRequest('Only model annotations carry a confidence.');
    const payload = await this.validPayload(
      collection,
      imageId,
      input.payload,
      input.status,
      '/body/payload',
    );
    const origin = human
      ? await this.humanOrigin(collectionId, imageId, payload)
      : { provenance: 'model' as const, predictionId: null };
    const outcome = await this.annotations.save(
      writeOf(collection, imageId, payload, {
        authorKey: human ? authorKeyOfUser(actor.id) : authorKeyOfModel(input.model!),
        annotatorId: human ? actor.id : null,
        model: human ? null : input.model!,
        source: human ? 'human' : 'model',
        status: input.status,
        timeSpentMs: input.timeSpentMs ?? 0,
        confidence: human ? null : (input.confidence ?? null),
        ...origin,
        actorId: actor.id,
      }),
      input.baseVersion,
      input.idempotencyKey,
    );
    if (!outcome.ok) throw refusal(outcome);
    if (human && input.status === 'submitted') await this.reviewListener?.(collectionId);
    return toAnnotation(outcome.annotation);
  }

  /**
   * A person's label made where a model predicted the image: it confirms the prediction when it
   * keeps the model's image label, else corrects it, and links the loop's prediction. Elsewhere
   * it is the person's own.
   */
  private async humanOrigin(
    collectionId: number,
    imageId: number,
    payload: AnnotationPayload,
  ): Promise<{ provenance: Provenance; predictionId: number | null }> {
    const model = await this.annotations.latestModel(collectionId, imageId);
    if (!model) return { provenance: 'manual', predictionId: null };
    const predicted = (JSON.parse(model.payload) as AnnotationPayload).labels[0];
    return {
      provenance:
        predicted !== undefined && payload.labels[0] === predicted ? 'confirmed' : 'corrected',
      predictionId: model.prediction_id,
    };
  }

  /**
   * A model's predictions for many images at once (the labeling loop's output): every item is
   * checked first and nothing is saved unless all fit; each then replaces the model's previous
   * annotation of that image, keeping the history.
   */
  async savePredictions(
    actor: Actor,
    collectionId: number,
    input: Predictions,
  ): Promise<{ saved: number }> {
    const { collection } = await this.access.manage(actor, collectionId);
    const payloads: AnnotationPayload[] = [];
    for (const [index, item] of input.items.entries()) {
      payloads.push(
        await this.validPayload(
          collection,
          item.imageId,
          item.payload,
          'submitted',
          `/body/items/${index}/payload`,
        ),
      );
    }
    const authorKey = authorKeyOfModel(input.model);
    for (const [index, item] of input.items.entries()) {
      const write = writeOf(collection, item.imageId, payloads[index]!, {
        authorKey,
        annotatorId: null,
        model: input.model,
        source: 'model',
        status: 'submitted',
        timeSpentMs: 0,
        confidence: item.confidence ?? null,
        provenance: 'model',
        predictionId: null,
        actorId: actor.id,
      });
      // The model owns its annotation: a concurrent writer of the same model is simply retried.
      for (let attempt = 0; ; attempt++) {
        const current = await this.annotations.findByAuthor(collectionId, item.imageId, authorKey);
        const outcome = await this.annotations.save(write, current?.version);
        if (outcome.ok) break;
        if (attempt === 2 || outcome.reason !== 'stale') throw refusal(outcome);
      }
    }
    return { saved: input.items.length };
  }

  /** The payload checked against the collection's template version and the image's size. */
  private async validPayload(
    collection: CollectionRow,
    imageId: number,
    payload: unknown,
    status: 'draft' | 'submitted',
    pointer: string,
  ): Promise<AnnotationPayload> {
    if (!(await this.collections.member(collection.id, imageId)))
      throw notFound(`Image ${imageId} in this collection`);
    const image = await this.images.findById(imageId);
    if (!image) throw notFound('Image');
    const definition = await this.templates.definition(
      collection.template_id,
      collection.template_version,
    );
    const result = validateAnnotationPayload(definition, payload, {
      width: image.width,
      height: image.height,
      frames: image.frames,
      mode: status,
    });
    if (!result.ok) {
      throw invalid(
        'The annotation does not fit the template.',
        result.problems.map((p) => ({ pointer: pointer + p.path, message: p.message })),
      );
    }
    return result.value;
  }

  /**
   * The annotation, when the actor may read it; 404 otherwise, also for another reader's
   * annotation in a collection the actor works in (a 403 would say that it exists).
   */
  private async readable(actor: Actor, id: number): Promise<AnnotationRow> {
    const row = await this.annotations.findById(id);
    if (!row) throw notFound('Annotation');
    const grant = await this.access.read(actor, row.collection_id).catch(() => {
      throw notFound('Annotation');
    });
    if (!grant.readsAll && row.author_key !== authorKeyOfUser(actor.id))
      throw notFound('Annotation');
    return row;
  }
}
