import { createRng, shuffled, wilsonInterval } from '@medlabel/loop';
import { validateAnnotationPayload, type AnnotationPayload } from '@medlabel/schema';
import { isReader, type Actor } from '../auth/actor.js';
import type { JobRow, LoopRow, ModelRow } from '../db/tables.js';
import { conflict, forbidden, invalid, notFound } from '../http/problem.js';
import type { CollectionAccess } from '../access/collection-access.js';
import type { TemplatesService } from '../templates/templates.service.js';
import type { JobsRepository, NewJob } from '../jobs/jobs.repository.js';
import type { JobProgress, JobRunner } from '../jobs/job-runner.js';
import {
  PRELABEL_JOB,
  TRAIN_JOB,
  loopConfig,
  loopJob,
  storedGuarantee,
  type LoopJobPayload,
} from './loop-jobs.js';
import type {
  CreateLoop,
  Dashboard,
  Job,
  Loop,
  LoopConfig,
  LoopPhase,
  Model,
} from './loops.dto.js';
import type { LoopsRepository } from './loops.repository.js';

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    progress: JSON.parse(row.progress) as JobProgress,
    round: (JSON.parse(row.payload) as LoopJobPayload).round,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toModel(row: ModelRow, withLabels = false): Model {
  const { labels, ...trainingSet } = JSON.parse(row.training_set) as Required<Model['trainingSet']>;
  return {
    id: row.id,
    loopId: row.loop_id,
    round: row.round,
    algorithm: row.algorithm,
    hyperParameters: JSON.parse(row.hyper_parameters) as Record<string, unknown>,
    trainingSet: withLabels ? { ...trainingSet, labels } : trainingSet,
    metrics: JSON.parse(row.metrics) as Model['metrics'],
    calibration: JSON.parse(row.calibration) as Model['calibration'],
    artifactHash: row.artifact_hash,
    jobId: row.job_id,
    createdAt: row.created_at,
  };
}

/** A round's stored guarantee; null for rounds whose strategy states none. */
function guaranteeOf(json: string | undefined) {
  if (json === undefined) return null;
  const guarantee = storedGuarantee(json);
  return { ...guarantee, alternatives: [...guarantee.alternatives] };
}

/** The entries whose value is given, so that defaults fill the rest. */
function definedEntries<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const DEFAULTS = {
  routing: { strategy: 'threshold', threshold: 0.9 },
  batchSize: 200,
  auditShare: 0.05,
  readersPerCase: 1,
  randomShare: 0,
  validationPerClass: 10,
  retrainPolicy: 'manual',
  trainingLabel: 'readers',
  mirrorInvariant: false,
  seed: 0,
  batchSource: { kind: 'collection' },
} as const satisfies Partial<LoopConfig>;

/**
 * Labeling loops: a researcher's loop over one of their collections. The loop's state lives in
 * the database (models, predictions, review collections, jobs); this service derives where a
 * loop stands from it and asks for the next step as a job. Owners of the collection and admins
 * manage loops; annotators meet them only as review collections.
 */
export class LoopsService {
  constructor(
    private readonly loops: LoopsRepository,
    private readonly jobs: JobsRepository,
    private readonly templates: TemplatesService,
    private readonly access: CollectionAccess,
    /** This process's job runner: woken after an enqueue, told at once of a cancellation. */
    private readonly runner: Pick<JobRunner, 'wake' | 'cancel'>,
  ) {}

  async create(actor: Actor, input: CreateLoop): Promise<Loop> {
    const { collection } = await this.access.manage(actor, input.collectionId);
    const definition = await this.templates.definition(
      collection.template_id,
      collection.template_version,
    );
    const classification = definition.classification;
    if (!classification || classification.choice !== 'single' || classification.labels.length < 2) {
      throw invalid(
        "The collection's template needs a single-choice label set of two labels or more.",
        [{ pointer: '/body/collectionId', message: 'no single-choice image labels' }],
      );
    }
    const classNames = classification.labels.map((l) => l.name);
    const probe = validateAnnotationPayload(
      definition,
      { labels: [classNames[0]], shapes: [], values: {} },
      { width: 1, height: 1, frames: 1, mode: 'submitted' },
    );
    if (!probe.ok) {
      throw invalid(
        'A label alone does not complete this template (it requires more fields), so a model cannot label its images.',
        probe.problems.map((p) => ({ pointer: `/template${p.path}`, message: p.message })),
      );
    }
    const features =
      input.features ??
      (input.classifier === 'cnn' ? { kind: 'pixels' as const, size: 28 } : undefined);
    if (!features) {
      throw invalid('The SVM and logistic regression learn from numbers: give metadata keys.', [
        { pointer: '/body/features', message: 'required for svm and logreg' },
      ]);
    }
    if (input.classifier === 'cnn' && features.kind !== 'pixels') {
      throw invalid('The CNN learns from pixels.', [
        { pointer: '/body/features/kind', message: 'must be pixels for cnn' },
      ]);
    }
    const { name, collectionId: _collection, classifier, features: _features, ...settings } = input;
    const config: LoopConfig = {
      ...DEFAULTS,
      ...definedEntries(settings),
      features:
        features.kind === 'metadata'
          ? { kind: 'metadata', keys: features.keys.map((k) => k.toLowerCase()) }
          : features,
    };

    const validation = await this.drawValidation(collection.id, classNames, config);
    const id = await this.loops.create(
      {
        owner_id: collection.owner_id,
        collection_id: collection.id,
        name,
        classifier,
        config: JSON.stringify(config),
        class_names: JSON.stringify(classNames),
        created_at: new Date().toISOString(),
      },
      validation,
      async (trx, loopId) => {
        await this.jobs.enqueue(loopJob(TRAIN_JOB, loopId, 0, actor.id), trx);
      },
    );
    this.runner.wake();
    return this.get(actor, id);
  }

  /**
   * V: `validationPerClass` images of every class, drawn (seeded) from the images people
   * labeled in the collection; each class must keep at least one labeled image to train on.
   */
  private async drawValidation(collectionId: number, classNames: string[], config: LoopConfig) {
    const byClass = classNames.map(() => [] as number[]);
    const seen = new Set<number>();
    for (const entry of await this.loops.humanLabels([collectionId])) {
      if (seen.has(entry.imageId)) continue;
      const k = classNames.indexOf(
        (JSON.parse(entry.payload) as AnnotationPayload).labels[0] ?? '',
      );
      if (k < 0) continue;
      seen.add(entry.imageId);
      byClass[k]!.push(entry.imageId);
    }
    const short = classNames.filter((_, k) => byClass[k]!.length < config.validationPerClass + 1);
    if (short.length > 0) {
      throw invalid(
        `Each label needs at least ${config.validationPerClass + 1} images labeled by people (${config.validationPerClass} for validation, the rest to train on).`,
        short.map((name) => ({
          pointer: '/body/validationPerClass',
          message: `"${name}": ${byClass[classNames.indexOf(name)]!.length} labeled`,
        })),
      );
    }
    const rng = createRng(config.seed);
    return byClass.flatMap((ids, label) =>
      shuffled(ids, rng)
        .slice(0, config.validationPerClass)
        .map((imageId) => ({ imageId, label })),
    );
  }

  async list(actor: Actor, collectionId?: number): Promise<Loop[]> {
    if (isReader(actor.role))
      throw forbidden('Annotators and reviewers work on review collections.');
    const rows = await this.loops.list(actor.role === 'admin' ? undefined : actor.id, collectionId);
    return Promise.all(rows.map((row) => this.describe(row)));
  }

  async get(actor: Actor, id: number): Promise<Loop> {
    return this.describe(await this.managed(actor, id));
  }

  async models(actor: Actor, id: number, withLabels: boolean): Promise<Model[]> {
    await this.managed(actor, id);
    return (await this.loops.models(id)).map((row) => toModel(row, withLabels));
  }

  /** Trains the next model once the newest batch is reviewed (or retries a failed training). */
  async train(actor: Actor, id: number): Promise<Loop> {
    const loop = await this.managed(actor, id);
    const { modelRound, batchRound } = await this.loops.rounds(id);
    const round = batchRound;
    if (modelRound >= round)
      throw conflict(`Round ${round}'s model exists: pre-label the next batch.`);
    if (!(await this.reviewed(id, round)))
      throw conflict(`The review of batch ${round} is not complete yet.`);
    return this.ask(actor, loop, loopJob(TRAIN_JOB, id, round, actor.id));
  }

  /** Pre-labels the next batch with the newest model. */
  async prelabel(actor: Actor, id: number): Promise<Loop> {
    const loop = await this.managed(actor, id);
    const { modelRound, batchRound } = await this.loops.rounds(id);
    if (modelRound < 0) throw conflict('The first model is not trained yet.');
    if (batchRound > modelRound)
      throw conflict(`Batch ${batchRound} is under review: train its model first.`);
    return this.ask(actor, loop, loopJob(PRELABEL_JOB, id, modelRound + 1, actor.id));
  }

  async cancel(actor: Actor, id: number): Promise<Loop> {
    const loop = await this.managed(actor, id);
    const job = await this.jobs.activeForLoop(id);
    if (!job) throw conflict('No job of this loop is queued or running.');
    await this.jobs.requestCancel(job.id);
    this.runner.cancel(job.id);
    return this.describe(loop);
  }

  /**
   * Follows reviews: when the last case of a round's review collections is submitted and the
   * loop retrains by itself, the next model's training is asked for.
   */
  async onReviewSubmitted(collectionId: number): Promise<void> {
    const link = await this.loops.loopOfReviewCollection(collectionId);
    if (!link) return;
    const loop = await this.loops.findById(link.loop_id);
    if (!loop || loopConfig(loop).retrainPolicy !== 'auto') return;
    const { modelRound, batchRound } = await this.loops.rounds(loop.id);
    if (link.round !== batchRound || modelRound >= batchRound) return;
    if (!(await this.reviewed(loop.id, batchRound))) return;
    await this.jobs.enqueue(loopJob(TRAIN_JOB, loop.id, batchRound, null));
    this.runner.wake();
  }

  private async ask(actor: Actor, loop: LoopRow, job: NewJob): Promise<Loop> {
    const outcome = await this.jobs.enqueue(job);
    if ('busy' in outcome)
      throw conflict('A job of this loop is queued or running; one job per loop at a time.');
    this.runner.wake();
    return this.get(actor, loop.id);
  }

  private async reviewed(loopId: number, round: number): Promise<boolean> {
    const collections = (await this.loops.reviewCollections(loopId)).filter(
      (c) => c.round === round,
    );
    return collections.every((c) => c.done_count >= c.image_count);
  }

  private async managed(actor: Actor, id: number): Promise<LoopRow> {
    const loop = await this.loops.findById(id);
    if (!loop) throw notFound('Loop');
    await this.access.manage(actor, loop.collection_id).catch(() => {
      throw notFound('Loop');
    });
    return loop;
  }

  private async describe(loop: LoopRow): Promise<Loop> {
    const { modelRound, batchRound } = await this.loops.rounds(loop.id);
    const active = await this.jobs.activeForLoop(loop.id);
    const job = active ?? (await this.jobs.latestForLoop(loop.id));
    return {
      id: loop.id,
      ownerId: loop.owner_id,
      collectionId: loop.collection_id,
      name: loop.name,
      classifier: loop.classifier,
      config: loopConfig(loop),
      classNames: JSON.parse(loop.class_names) as string[],
      phase: await this.phase(loop.id, modelRound, batchRound, active, job),
      modelRound,
      batchRound,
      validationSize: await this.loops.validationSize(loop.id),
      job: job ? toJob(job) : null,
      createdAt: loop.created_at,
    };
  }

  private async phase(
    loopId: number,
    modelRound: number,
    batchRound: number,
    active: JobRow | undefined,
    latest: JobRow | undefined,
  ): Promise<LoopPhase> {
    if (active) return active.kind === PRELABEL_JOB ? 'prelabeling' : 'training';
    if (latest && (latest.state === 'failed' || latest.state === 'cancelled')) {
      const { round } = JSON.parse(latest.payload) as LoopJobPayload;
      const undone = latest.kind === TRAIN_JOB ? modelRound < round : batchRound < round;
      if (undone) return latest.state;
    }
    if (modelRound < 0) return 'failed';
    if (batchRound > modelRound)
      return (await this.reviewed(loopId, batchRound)) ? 'ready-to-train' : 'reviewing';
    const empty =
      latest?.kind === PRELABEL_JOB &&
      latest.state === 'done' &&
      (JSON.parse(latest.result ?? '{}') as { empty?: boolean }).empty === true;
    return empty ? 'finished' : 'ready-to-prelabel';
  }

  /** Each round's figures and the loop's totals, from what the database holds. */
  async dashboard(actor: Actor, id: number): Promise<Dashboard> {
    const row = await this.managed(actor, id);
    const loop = await this.describe(row);
    const models = new Map((await this.loops.models(id)).map((m) => [m.round, toModel(m)]));
    const predictions = await this.loops.predictions(id);
    const collections = await this.loops.reviewCollections(id);
    const reviews = await this.loops.reviews(id);
    const guarantees = await this.loops.guarantees(id);
    const lastRound = Math.max(loop.modelRound, loop.batchRound);
    const audit = (round?: number) => {
      const audited = reviews.filter(
        (r) => r.routing === 'audit' && (round === undefined || r.round === round),
      );
      const wrong = audited.filter(
        (r) => (JSON.parse(r.payload) as AnnotationPayload).labels[0] !== r.predicted,
      ).length;
      const interval = wilsonInterval(wrong, audited.length);
      return {
        rate: Number.isNaN(interval.rate) ? null : interval.rate,
        low: interval.low,
        high: interval.high,
        audited: audited.length,
        wrong,
      };
    };
    const meanSeconds = (ms: number[]) =>
      ms.length === 0 ? null : ms.reduce((a, b) => a + b, 0) / ms.length / 1000;
    const rounds: Dashboard['rounds'] = [];
    for (let round = 0; round <= lastRound; round++) {
      const model = models.get(round);
      const batch = predictions.filter((p) => p.round === round);
      const roundReviews = reviews.filter((r) => r.round === round);
      const count = (routing: string) => batch.filter((p) => p.routing === routing).length;
      const toPeople = batch.length - count('auto');
      const roundCollections = collections.filter((c) => c.round === round);
      rounds.push({
        round,
        model: model
          ? {
              id: model.id,
              validationAccuracy: model.metrics.validationAccuracy,
              baselineAccuracy: model.metrics.baselineAccuracy ?? null,
              trainingSize: model.trainingSet.size,
              temperature: model.calibration.temperature,
            }
          : null,
        humanLabels: model ? model.trainingSet.bySource.human : null,
        batch:
          batch.length === 0
            ? null
            : {
                size: batch.length,
                autoAccepted: count('auto'),
                toPeople,
                hard: count('hard'),
                audit: count('audit'),
                random: count('random'),
                threshold: batch[0]!.threshold,
                manualShare: toPeople / batch.length,
                reviewed: roundCollections.reduce((n, c) => n + c.done_count, 0),
                confirmed: roundReviews.filter((r) => r.provenance === 'confirmed').length,
                corrected: roundReviews.filter((r) => r.provenance === 'corrected').length,
                secondsPerConfirmed: meanSeconds(
                  roundReviews
                    .filter((r) => r.provenance === 'confirmed')
                    .map((r) => r.time_spent_ms),
                ),
                secondsPerCorrected: meanSeconds(
                  roundReviews
                    .filter((r) => r.provenance === 'corrected')
                    .map((r) => r.time_spent_ms),
                ),
                auditError: audit(round),
                guarantee: guaranteeOf(guarantees.get(round)),
                collections: roundCollections.map((c) => ({
                  id: c.id,
                  label: c.label,
                  imageCount: c.image_count,
                  doneCount: c.done_count,
                })),
              },
      });
    }
    const autoAccepted = predictions.filter((p) => p.routing === 'auto').length;
    const seedHuman = models.get(0)?.trainingSet.bySource.human ?? 0;
    const secondsPerManualLabel = await this.loops.manualSeconds(row.collection_id);
    const reviewSeconds = reviews.reduce((n, r) => n + r.time_spent_ms, 0) / 1000;
    const reviewedImages = new Set(reviews.map((r) => r.image_id)).size;
    return {
      loop,
      rounds,
      totals: {
        humanLabels: seedHuman + loop.validationSize + reviews.length,
        autoAccepted,
        labelsSaved: autoAccepted,
        secondsPerManualLabel,
        hoursSpent: reviewSeconds / 3600,
        hoursSaved:
          secondsPerManualLabel === null
            ? null
            : ((autoAccepted + reviewedImages) * secondsPerManualLabel - reviewSeconds) / 3600,
        auditError: audit(),
      },
    };
  }
}
