import { isValidPixelSpacing, type PixelSpacing } from '@medlabel/geometry';
import { validateAnnotationPayload, type AnnotationPayload } from '@medlabel/schema';
import type { Actor } from '../auth/actor.js';
import type { CollectionAccess, CollectionGrant } from '../access/collection-access.js';
import type { CollectionRow } from '../db/tables.js';
import type { AssignmentsRepository } from '../assignments/assignments.repository.js';
import type { CollectionsRepository } from '../collections/collections.repository.js';
import type { ImagesRepository } from '../images/images.repository.js';
import { toImage } from '../images/images.service.js';
import { forbidden, invalid, notFound } from '../http/problem.js';
import type { TemplatesService } from '../templates/templates.service.js';
import type { AgreementRepository } from './agreement.repository.js';
import {
  studySpacings,
  type StudyImage,
  type StudyOutput,
  type Wanted,
} from './compute/analysis.js';
import type { AgreementThreads } from './compute/agreement-thread.js';
import { consensusContours } from './compute/consensus.js';
import { contourOf, elementsOf } from './compute/elements.js';
import type { Thresholds } from './compute/report.js';
import type { Decision, StudySettings } from './agreement.dto.js';
import { BackgroundRefresh } from './background-refresh.js';
import { imageFingerprint, type ReadingKey } from './image-fingerprint.js';

export const DEFAULT_THRESHOLDS: Thresholds = {
  minDice: 0.8,
  maxRelativeDifference: 0.1,
  maxKeypointMm: 5,
};

/** Analyses kept per collection until its readings or settings change. */
const CACHED_STUDIES = 8;

function spacingOf(metadata: string): PixelSpacing | null {
  const value = (JSON.parse(metadata) as { pixelSpacing?: unknown }).pixelSpacing;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) return null;
  return isValidPixelSpacing(value) ? value : null;
}

/**
 * Reading studies of a collection: agreement between its readers (aggregated on a worker thread
 * from each image's stored summary, recomputed for the images whose readings changed; the
 * result cached until the readings change), the adjudication queue of images they disagree on, and
 * the reference standard senior readers decide. Owners and admins manage a study; senior
 * readers they name adjudicate.
 */
export class AgreementService {
  private readonly cache = new Map<number, { version: string; output: Analysis }>();
  private readonly refreshes: BackgroundRefresh;

  constructor(
    private readonly studies: AgreementRepository,
    private readonly collections: CollectionsRepository,
    private readonly access: CollectionAccess,
    private readonly assignments: AssignmentsRepository,
    private readonly images: ImagesRepository,
    private readonly templates: TemplatesService,
    private readonly threads: AgreementThreads,
    /** Background analyses: `refreshDelayMs` after a submitted reading; failures to `log`. */
    background: { refreshDelayMs: number; log: (message: string, error: unknown) => void },
  ) {
    this.refreshes = new BackgroundRefresh(
      (collectionId) => this.refresh(collectionId),
      background.refreshDelayMs,
      background.log,
    );
  }

  /**
   * A reading was submitted: shortly after, in the background, the study summarises the images
   * read since its last analysis and caches the analysis, so the report is ready when it is
   * opened rather than summarising every image then. Collections read once per image are no
   * study and are left alone.
   */
  onReadingSubmitted(collectionId: number): void {
    this.refreshes.request(collectionId);
  }

  /** Resolves when no background analysis is scheduled or running (tests, benchmarks). */
  backgroundSettled(): Promise<void> {
    return this.refreshes.settled();
  }

  async report(actor: Actor, collectionId: number) {
    const grant = await this.access.manage(actor, collectionId);
    return (await this.analysis(grant.collection)).report;
  }

  async csv(actor: Actor, collectionId: number): Promise<string> {
    const grant = await this.access.manage(actor, collectionId);
    return (await this.analysis(grant.collection, { csv: true })).csv!;
  }

  /**
   * The report with each image's contour per polygon tool: the adjudicated reference where one
   * was decided (with its provenance), else the consensus contour; each reader against the
   * consensus.
   */
  async json(actor: Actor, collectionId: number) {
    const grant = await this.access.manage(actor, collectionId);
    const { report, consensusOutlines } = await this.analysis(grant.collection, { outlines: true });
    const definition = await this.templates.definition(
      grant.collection.template_id,
      grant.collection.template_version,
    );
    const tools = elementsOf(definition).flatMap((e) => (e.kind === 'contours' ? [e.tool] : []));
    const references = new Map(
      (await this.studies.references(collectionId)).map((r) => [r.image_id, toReference(r)]),
    );
    const outlines = new Map(consensusOutlines!.map((o) => [`${o.imageId}\n${o.tool}`, o]));
    const images = [
      ...new Set([...consensusOutlines!.map((o) => o.imageId), ...references.keys()]),
    ];
    const contours = images.flatMap((imageId) =>
      tools.flatMap((tool) => {
        const outline = outlines.get(`${imageId}\n${tool}`);
        const reference = references.get(imageId);
        if (!outline && !reference) return [];
        const consensus = outline && {
          points: Array.from({ length: outline.points.length / 2 }, (_, k) => ({
            x: outline.points[2 * k]!,
            y: outline.points[2 * k + 1]!,
          })),
          exact: outline.exact,
          readers: outline.readers.flatMap((r, reader) =>
            r
              ? [
                  {
                    reader,
                    dice: r.dice,
                    iou: r.iou,
                    hausdorff: r.hausdorffMm,
                    meanSurfaceDistance: r.meanSurfaceDistanceMm,
                  },
                ]
              : [],
          ),
        };
        return [
          {
            imageId,
            tool,
            source: reference ? ('reference' as const) : ('consensus' as const),
            points: reference ? contourOf(tool, reference.payload) : consensus!.points,
            reference: reference
              ? {
                  method: reference.method,
                  fromAnnotationIds: reference.fromAnnotationIds,
                  decidedBy: reference.decidedBy,
                  decidedAt: reference.decidedAt,
                }
              : null,
            consensus: consensus ?? null,
          },
        ];
      }),
    );
    return { report, contours };
  }

  async settings(actor: Actor, collectionId: number): Promise<StudySettings> {
    await this.access.manage(actor, collectionId);
    return this.currentSettings(collectionId);
  }

  async saveSettings(
    actor: Actor,
    collectionId: number,
    settings: Omit<StudySettings, 'adjudicators'> & { adjudicatorIds: number[] },
  ) {
    await this.access.manage(actor, collectionId);
    for (const userId of settings.adjudicatorIds) {
      if ((await this.assignments.kindOf(collectionId, userId)) === undefined) {
        throw invalid(`User ${userId} is not assigned to this collection.`, [
          { pointer: '/adjudicatorIds', message: 'name readers assigned to the collection' },
        ]);
      }
    }
    await this.studies.saveSettings(
      collectionId,
      {
        ...settings.thresholds,
        referenceCaseRate: settings.referenceCaseRate,
        minReferenceAccuracy: settings.minReferenceAccuracy,
      },
      actor.id,
    );
    await this.studies.setAdjudicators(collectionId, [...new Set(settings.adjudicatorIds)]);
    return this.currentSettings(collectionId);
  }

  /** The images whose readings disagree beyond the thresholds, undecided ones first. */
  async queue(actor: Actor, collectionId: number) {
    const grant = await this.adjudicate(actor, collectionId);
    const { disagreements } = await this.analysis(grant.collection);
    const decided = new Map(
      (await this.studies.references(collectionId)).map((r) => [r.image_id, r]),
    );
    const items = disagreements.map((d) => {
      const reference = decided.get(d.imageId);
      return {
        imageId: d.imageId,
        reasons: d.reasons,
        decidedBy: reference?.decided_by_email ?? null,
        decidedAt: reference?.decided_at ?? null,
      };
    });
    items.sort((a, b) => Number(a.decidedAt !== null) - Number(b.decidedAt !== null));
    return { items, pending: items.filter((i) => i.decidedAt === null).length };
  }

  /** Everything a senior reader needs to decide one image: the image and every reading. */
  async case(actor: Actor, collectionId: number, imageId: number) {
    const grant = await this.adjudicate(actor, collectionId);
    const image = await this.imageIn(collectionId, imageId);
    const { disagreements } = await this.analysis(grant.collection);
    const readings = await this.studies.imageReadings(collectionId, imageId);
    const reference = await this.studies.reference(collectionId, imageId);
    const definition = await this.templates.definition(
      grant.collection.template_id,
      grant.collection.template_version,
    );
    const payloads = readings.map((r) => JSON.parse(r.payload) as AnnotationPayload);
    return {
      image: toImage(image),
      definition,
      reasons: disagreements.find((d) => d.imageId === imageId)?.reasons ?? [],
      readings: readings.map((r, k) => ({
        annotationId: r.id,
        reader: { id: r.user_id, email: r.email, name: r.name },
        payload: payloads[k]!,
        updatedAt: r.updated_at,
      })),
      consensusContours: consensusContours(definition, payloads),
      reference: reference ? toReference(reference) : null,
    };
  }

  /** Stores the senior reader's decision as the image's reference standard. */
  async decide(actor: Actor, collectionId: number, imageId: number, decision: Decision) {
    const grant = await this.adjudicate(actor, collectionId);
    const image = await this.imageIn(collectionId, imageId);
    const readings = await this.studies.imageReadings(collectionId, imageId);
    const known = new Set(readings.map((r) => r.id));
    const unknown = decision.fromAnnotationIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw invalid('The decision names readings this image does not have.', [
        {
          pointer: '/fromAnnotationIds',
          message: `not readings of image ${imageId}: ${unknown.join(', ')}`,
        },
      ]);
    }
    let payload: AnnotationPayload;
    if (decision.method === 'picked') {
      const picked = readings.find((r) => r.id === decision.fromAnnotationIds[0]);
      if (!picked || decision.fromAnnotationIds.length !== 1) {
        throw invalid('Picking a reading names exactly one of its readings.', [
          { pointer: '/fromAnnotationIds', message: 'one reading of this image' },
        ]);
      }
      payload = JSON.parse(picked.payload) as AnnotationPayload;
    } else {
      const definition = await this.templates.definition(
        grant.collection.template_id,
        grant.collection.template_version,
      );
      const result = validateAnnotationPayload(definition, decision.payload, {
        width: image.width,
        height: image.height,
        frames: image.frames,
        mode: 'submitted',
      });
      if (!result.ok) {
        throw invalid(
          'The reference does not fit the template.',
          result.problems.map((p) => ({ pointer: `/payload${p.path}`, message: p.message })),
        );
      }
      payload = result.value;
    }
    await this.studies.saveReference(collectionId, imageId, {
      payload: JSON.stringify(payload),
      method: decision.method,
      fromAnnotationIds: decision.fromAnnotationIds,
      referenceCase: decision.referenceCase ?? false,
      decidedBy: actor.id,
    });
    return toReference((await this.studies.reference(collectionId, imageId))!);
  }

  /** Owners and admins, and the senior readers they named. */
  private async adjudicate(actor: Actor, collectionId: number): Promise<CollectionGrant> {
    const grant = await this.access.read(actor, collectionId);
    if (grant.manages || (await this.studies.isAdjudicator(collectionId, actor.id))) return grant;
    throw forbidden('Only the owner, an admin or a named senior reader adjudicates here.');
  }

  private async imageIn(collectionId: number, imageId: number) {
    const image = (await this.studies.inCollection(collectionId, imageId))
      ? await this.images.findById(imageId)
      : undefined;
    if (!image) throw notFound(`Image ${imageId} in this collection`);
    return image;
  }

  private async currentSettings(collectionId: number): Promise<StudySettings> {
    const row = await this.studies.settings(collectionId);
    return {
      thresholds: row
        ? {
            minDice: row.min_dice,
            maxRelativeDifference: row.max_relative_difference,
            maxKeypointMm: row.max_keypoint_mm,
          }
        : DEFAULT_THRESHOLDS,
      referenceCaseRate: row?.reference_case_rate ?? 0,
      minReferenceAccuracy: row?.min_reference_accuracy ?? null,
      adjudicators: await this.studies.adjudicators(collectionId),
    };
  }

  /** Pauses a reader in the collection (the queue hands out nothing), or resumes one. */
  async setPaused(actor: Actor, collectionId: number, userId: number, paused: boolean) {
    await this.access.manage(actor, collectionId);
    if ((await this.assignments.kindOf(collectionId, userId)) === undefined) {
      throw notFound(`Reader ${userId} of this collection`);
    }
    if (paused) {
      await this.studies.pause(collectionId, userId, 'below the reference-case bar', actor.id);
    } else {
      await this.studies.resume(collectionId, userId);
    }
    return { userId, paused };
  }

  /** Ends the background analyses and the agreement threads (the server is closing). */
  async close(): Promise<void> {
    await this.refreshes.close();
    await this.threads.close();
  }

  private async refresh(collectionId: number): Promise<void> {
    const collection = await this.collections.findById(collectionId);
    if (collection && collection.readers_per_image >= 2) await this.analysis(collection);
  }

  /**
   * The study of a collection, with what else is `wanted`: cached until a reading, a reference or
   * the settings change.
   */
  private async analysis(
    collection: CollectionRow,
    wanted: Partial<Wanted> = {},
  ): Promise<Analysis> {
    const settings = await this.currentSettings(collection.id);
    const referenceCases = (await this.studies.references(collection.id)).filter(
      (r) => r.reference_case === 1,
    );
    const paused = new Set((await this.studies.pausedReaders(collection.id)).map((p) => p.user_id));
    const version = JSON.stringify([
      await this.studies.readingsVersion(collection.id),
      [collection.template_id, collection.template_version],
      settings.thresholds,
      settings.minReferenceAccuracy,
      referenceCases.map((r) => [r.image_id, r.decided_at]),
      [...paused],
    ]);
    const cached = this.cache.get(collection.id);
    const kept = cached?.version === version ? cached.output : undefined;
    if (
      kept &&
      (!wanted.csv || kept.csv !== null) &&
      (!wanted.outlines || kept.consensusOutlines !== null)
    ) {
      return kept;
    }

    // The thread starts (where none is idle) while the study is read from the database.
    this.threads.warm();
    const outlines = wanted.outlines ?? false;
    const { readers, images, fingerprints } = await this.studyImages(collection, paused, outlines);
    const { summaries, ...fresh } = await this.threads.analyse(
      {
        collectionId: collection.id,
        definition: await this.templates.definition(
          collection.template_id,
          collection.template_version,
        ),
        readers,
        images,
        thresholds: settings.thresholds,
        referenceCases: referenceCases.map((r) => ({ imageId: r.image_id, payload: r.payload })),
        minReferenceAccuracy: settings.minReferenceAccuracy,
      },
      { csv: wanted.csv ?? false, outlines },
    );
    await this.studies.saveImageSummaries(
      collection.id,
      summaries.map((s) => ({ ...s, fingerprint: fingerprints.get(s.imageId)! })),
    );
    // What this run was not asked for, the last one of the same version may have given.
    const output: Analysis = {
      ...fresh,
      csv: fresh.csv ?? kept?.csv ?? null,
      consensusOutlines: fresh.consensusOutlines ?? kept?.consensusOutlines ?? null,
    };
    this.cache.delete(collection.id);
    this.cache.set(collection.id, { version, output });
    if (this.cache.size > CACHED_STUDIES) this.cache.delete(this.cache.keys().next().value!);
    return output;
  }

  /**
   * The study's readers (those with submitted readings, in id order) and its images with
   * readings: each with its stored summary (and its outlines, where `withOutlines`) where that
   * still matches the image's readings (its fingerprint), else with the readings to summarise.
   */
  private async studyImages(
    collection: CollectionRow,
    paused: ReadonlySet<number>,
    withOutlines: boolean,
  ) {
    const keyRows = [];
    for await (const rows of this.studies.readingKeys(collection.id)) keyRows.push(...rows);
    const readerIds = [...new Set(keyRows.map((row) => row.annotator_id!))];
    const readers = (await this.studies.usersByIds(readerIds)).map((r) => ({
      ...r,
      paused: paused.has(r.id),
    }));
    const column = new Map(readers.map((r, j) => [r.id, j]));
    const keys = new Map<number, ReadingKey[]>();
    for (const row of keyRows) {
      if (!column.has(row.annotator_id!)) continue; // a user deleted meanwhile
      const image = keys.get(row.image_id) ?? [];
      image.push({ reader: row.annotator_id!, annotation: row.id, version: row.version });
      keys.set(row.image_id, image);
    }
    const read = [];
    for await (const rows of this.studies.imageMetadata(collection.id)) {
      read.push(...rows.filter((image) => keys.has(image.id)));
    }
    const spacings = studySpacings(read.map((image) => ({ spacing: spacingOf(image.metadata) })));
    const template = { id: collection.template_id, version: collection.template_version };
    const fingerprints = new Map(
      read.map((image, k) => [
        image.id,
        imageFingerprint(template, spacings[k] ?? null, keys.get(image.id)!),
      ]),
    );
    const stored = new Map<number, { summary: string; outlines?: string }>();
    for await (const rows of this.studies.imageSummaries(collection.id, withOutlines)) {
      for (const row of rows) {
        if (row.fingerprint === fingerprints.get(row.image_id)) stored.set(row.image_id, row);
      }
    }
    const payloads = new Map<string, string>();
    const stale = read.flatMap((image) => (stored.has(image.id) ? [] : [image.id]));
    for await (const rows of this.studies.readingsOf(collection.id, stale)) {
      for (const row of rows) payloads.set(`${row.image_id}/${row.annotator_id}`, row.payload);
    }
    const images: StudyImage[] = read.map((image, k) => {
      const own = keys.get(image.id)!;
      const row = stored.get(image.id);
      if (row !== undefined) {
        return {
          imageId: image.id,
          spacing: spacings[k] ?? null,
          readers: own.map((r) => column.get(r.reader)!),
          summary: row.summary,
          outlines: row.outlines ?? null,
          readings: null,
        };
      }
      // A reading withdrawn since its key was read is left out; the fingerprint stored with
      // the summary is the keys', so the next analysis summarises the image again.
      const present = own.filter((r) => payloads.has(`${image.id}/${r.reader}`));
      return {
        imageId: image.id,
        spacing: spacings[k] ?? null,
        readers: present.map((r) => column.get(r.reader)!),
        summary: null,
        outlines: null,
        readings: present.map((r) => payloads.get(`${image.id}/${r.reader}`)!),
      };
    });
    return { readers, images, fingerprints };
  }
}

/** A study's analysis as the service keeps it: the summaries it computed are stored, not kept. */
type Analysis = Omit<StudyOutput, 'summaries'>;

type ReferenceRow = NonNullable<Awaited<ReturnType<AgreementRepository['reference']>>>;

export function toReference(row: ReferenceRow) {
  return {
    imageId: row.image_id,
    payload: JSON.parse(row.payload) as AnnotationPayload,
    method: row.method,
    fromAnnotationIds: JSON.parse(row.from_annotation_ids) as number[],
    referenceCase: row.reference_case === 1,
    decidedBy: row.decided_by_email,
    decidedAt: row.decided_at,
  };
}
