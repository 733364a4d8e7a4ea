import { isReader, type Actor } from '../auth/actor.js';
import type { CollectionRow } from '../db/tables.js';
import { badRequest, conflict, forbidden, notFound } from '../http/problem.js';
import type { ImagesRepository } from '../images/images.repository.js';
import { toImage } from '../images/images.service.js';
import type { TemplatesRepository } from '../templates/templates.repository.js';
import type { CollectionAccess } from '../access/collection-access.js';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import type {
  Collection,
  CollectionItem,
  CollectionPageQuery,
  CreateCollection,
  UpdateCollection,
} from './collections.dto.js';
import type { CollectionsRepository } from './collections.repository.js';
import type { SearchService } from '../search/search.service.js';
import { chunks } from '../db/chunks.js';

/** A collection built from a search takes at most this many images. */
const MAX_FROM_SEARCH = 100_000;

export function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    templateId: row.template_id,
    templateVersion: row.template_version,
    readersPerImage: row.readers_per_image,
    annotatorsSeeAll: row.annotators_see_all === 1,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    imageCount: row.image_count,
    doneCount: row.done_count,
    createdAt: row.created_at,
  };
}

export function imageStatus(
  started: number,
  submitted: number,
  readers: number,
): CollectionItem['status'] {
  if (submitted >= readers) return 'done';
  return started === 0 ? 'todo' : 'in_progress';
}

/** Collections of images: researchers own them, annotators work in those assigned to them. */
export class CollectionsService {
  constructor(
    private readonly collections: CollectionsRepository,
    private readonly templates: TemplatesRepository,
    private readonly images: ImagesRepository,
    private readonly access: CollectionAccess,
    private readonly search: SearchService,
  ) {}

  async list(actor: Actor, query: { after?: number; limit?: number }): Promise<Collection[]> {
    const rows = await this.collections.list({
      afterId: query.after ?? 0,
      limit: query.limit ?? 100,
      viewer: actor,
    });
    return rows.map(toCollection);
  }

  async get(actor: Actor, id: number): Promise<Collection> {
    const { collection } = await this.access.read(actor, id);
    return {
      ...toCollection(collection),
      ...((await this.seriesAsOneItem(collection))
        ? { itemCount: await this.collections.itemCount(id) }
        : {}),
    };
  }

  async create(actor: Actor, input: CreateCollection): Promise<Collection> {
    if (isReader(actor.role))
      throw forbidden('Annotators and reviewers cannot create collections.');
    const templateVersion = await this.checkTemplate(input.templateId, input.templateVersion);
    if (input.imageIds) await this.checkImages(input.imageIds);
    // The collection and its images in one transaction: a failure leaves no empty collection.
    const id = await this.collections.create(
      {
        owner_id: actor.id,
        name: input.name,
        description: input.description ?? '',
        template_id: input.templateId,
        template_version: templateVersion,
        readers_per_image: input.readersPerImage ?? 1,
        annotators_see_all: input.annotatorsSeeAll ? 1 : 0,
        metadata: JSON.stringify(input.metadata ?? {}),
        created_at: new Date().toISOString(),
      },
      input.imageIds,
    );
    return this.get(actor, id);
  }

  /** One call: the images of an image search become a new collection. */
  async createFromSearch(
    actor: Actor,
    input: Omit<CreateCollection, 'imageIds'> & { q: string },
  ): Promise<Collection> {
    if (isReader(actor.role))
      throw forbidden('Annotators and reviewers cannot create collections.');
    const { q, ...collection } = input;
    const imageIds = await this.search.imageIds(actor, q, MAX_FROM_SEARCH);
    return this.create(actor, { ...collection, imageIds });
  }

  async update(actor: Actor, id: number, patch: UpdateCollection): Promise<Collection> {
    const { collection } = await this.access.manage(actor, id);
    if (patch.templateVersion !== undefined)
      await this.checkTemplate(collection.template_id, patch.templateVersion);
    await this.collections.update(id, {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.templateVersion === undefined ? {} : { template_version: patch.templateVersion }),
      ...(patch.readersPerImage === undefined ? {} : { readers_per_image: patch.readersPerImage }),
      ...(patch.annotatorsSeeAll === undefined
        ? {}
        : { annotators_see_all: patch.annotatorsSeeAll ? 1 : 0 }),
      ...(patch.metadata === undefined ? {} : { metadata: JSON.stringify(patch.metadata) }),
    });
    return this.get(actor, id);
  }

  /** Does the collection's template version show a series as one item? */
  private async seriesAsOneItem(collection: CollectionRow): Promise<boolean | undefined> {
    const version = await this.templates.findVersion(
      collection.template_id,
      collection.template_version,
    );
    return version && (JSON.parse(version.definition) as TemplateDefinition).seriesAsOneItem;
  }

  async delete(actor: Actor, id: number): Promise<void> {
    await this.access.manage(actor, id);
    await this.collections.delete(id);
  }

  async addImages(actor: Actor, id: number, imageIds: number[]): Promise<{ added: number }> {
    await this.access.manage(actor, id);
    await this.checkImages(imageIds);
    return { added: await this.collections.addImages(id, imageIds) };
  }

  /** A page of images in position order with their status; `after` is the last position seen. */
  async page(actor: Actor, id: number, query: CollectionPageQuery) {
    const { collection } = await this.access.read(actor, id);
    const limit = query.limit ?? 100;
    // A template may show a series as one item; asked for one series, its slices are the stack.
    const onePerSeries =
      query.series === undefined && (await this.seriesAsOneItem(collection)) === true;
    const rows = await this.collections.page({
      collectionId: id,
      afterPosition: query.after ?? 0,
      offset: query.offset,
      limit,
      userId: actor.id,
      predicted: query.predicted,
      series: query.series,
      onePerSeries,
    });
    const slices = onePerSeries
      ? await this.collections.seriesSlices(
          id,
          rows.flatMap((row) => (row.series_uid === null ? [] : [row.series_uid])),
        )
      : new Map<string, number>();
    const items: CollectionItem[] = rows.map((row) => ({
      position: row.position,
      image: toImage(row),
      ...(row.series_uid !== null && slices.has(row.series_uid)
        ? { seriesSlices: slices.get(row.series_uid)! }
        : {}),
      status: imageStatus(row.started_count, row.submitted_count, collection.readers_per_image),
      startedCount: row.started_count,
      submittedCount: row.submitted_count,
      mine:
        row.mine_id === null || row.mine_status === null || row.mine_version === null
          ? null
          : {
              id: row.mine_id,
              status: row.mine_status,
              version: row.mine_version,
              label: (JSON.parse(row.mine_payload!) as AnnotationPayload).labels[0] ?? null,
              provenance: row.mine_provenance!,
            },
      predicted:
        row.model_name === null || row.model_payload === null
          ? null
          : {
              model: row.model_name,
              label: (JSON.parse(row.model_payload) as AnnotationPayload).labels[0] ?? null,
              confidence: row.model_confidence,
            },
    }));
    return { items, next: rows.length === limit ? rows[rows.length - 1]!.position : null };
  }

  /** The next image for the actor to annotate (with its position), or nulls when nothing is left. */
  async next(actor: Actor, id: number) {
    await this.access.annotate(actor, id);
    // A reader paused in a reading study (below its reference-case bar) gets nothing to do.
    if (await this.collections.isPaused(id, actor.id)) return { image: null, position: null };
    const imageId = await this.collections.nextImageId(id, actor.id);
    const member = imageId === undefined ? undefined : await this.collections.member(id, imageId);
    const image = member ? await this.images.findById(member.image_id) : undefined;
    return image && member
      ? { image: toImage(image), position: member.position }
      : { image: null, position: null };
  }

  /** Progress for anyone who may see the collection: overall and the caller's own. */
  async progress(actor: Actor, id: number) {
    const { collection } = await this.access.read(actor, id);
    return {
      total: collection.image_count,
      done: collection.done_count,
      mine: await this.collections.mine(id, actor.id),
    };
  }

  /**
   * Removing images deletes the annotations made of them here, with their history: refused while
   * there are any, unless the caller says to discard them, so no one loses readers' work by a
   * stray click or a wrong id.
   */
  async removeImages(
    actor: Actor,
    id: number,
    imageIds: number[],
    discardAnnotations: boolean,
  ): Promise<{ removed: number; discardedAnnotations: number }> {
    await this.access.manage(actor, id);
    const removed = await this.collections.removeImages(id, imageIds, discardAnnotations);
    if (removed.refused) {
      const n = removed.annotations;
      throw conflict(
        `${n} annotation${n === 1 ? '' : 's'} of these images in this collection would be deleted; ` +
          'send discardAnnotations: true to remove the images with them.',
      );
    }
    return { removed: removed.images, discardedAnnotations: removed.annotations };
  }

  private async checkTemplate(templateId: number, version: number | undefined): Promise<number> {
    const template = await this.templates.findById(templateId);
    if (!template) throw notFound('Template');
    if (version === undefined) return template.current_version;
    if (!(await this.templates.findVersion(templateId, version)))
      throw notFound('Template version');
    return version;
  }

  private async checkImages(imageIds: number[]) {
    const unique = [...new Set(imageIds)];
    let found = 0;
    for (const chunk of chunks(unique, 1000)) found += await this.images.countExisting(chunk);
    if (found !== unique.length) throw badRequest('Some image ids do not exist.');
  }
}
