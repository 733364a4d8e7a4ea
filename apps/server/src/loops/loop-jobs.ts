import {
  createRng,
  createStrategy,
  deriveSeed,
  permutation,
  resolveLabels,
  routeBatch,
  type ErrorGuarantee,
  type LabeledSamples,
  type LabelVote,
  type Samples,
} from '@medlabel/loop';
import type { AnnotationPayload } from '@medlabel/schema';
import type { JobRow, LoopRow, ModelRow, PredictionRow, Routing } from '../db/tables.js';
import type { AnnotationsRepository } from '../annotations/annotations.repository.js';
import { labelsOf } from '../annotations/annotations.service.js';
import type { AssignmentsRepository } from '../assignments/assignments.repository.js';
import {
  authorKeyOfModel,
  type CollectionsRepository,
} from '../collections/collections.repository.js';
import type { SearchService } from '../search/search.service.js';
import type { TemplatesService } from '../templates/templates.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { ArtifactStore } from '../storage/artifact-store.js';
import {
  PermanentJobError,
  type JobContext,
  type JobOutcome,
  type JobProgress,
} from '../jobs/job-runner.js';
import type { NewJob } from '../jobs/jobs.repository.js';
import { predictOnThread, trainOnThread } from './compute/compute.js';
import type { ModelSpec } from './compute/protocol.js';
import type { FeatureReader } from './features.js';
import { meetsRequiredExpertise, type Expertise } from '@medlabel/schema';
import type { LoopConfig } from './loops.dto.js';
import type { LoopsRepository } from './loops.repository.js';

/**
 * A round's guarantee as stored; one stored before guarantees kept their evidence has no
 * `accepted` and so adds nothing to later rounds' bounds.
 */
export function storedGuarantee(json: string): ErrorGuarantee {
  const guarantee = JSON.parse(json) as Omit<ErrorGuarantee, 'accepted'> &
    Partial<Pick<ErrorGuarantee, 'accepted'>>;
  return { ...guarantee, accepted: guarantee.accepted ?? null };
}

export const TRAIN_JOB = 'loop.train';
export const PRELABEL_JOB = 'loop.prelabel';

export interface LoopJobPayload {
  loopId: number;
  round: number;
}

/** The job that trains round `round`'s model, or pre-labels batch `round`. */
export function loopJob(
  kind: typeof TRAIN_JOB | typeof PRELABEL_JOB,
  loopId: number,
  round: number,
  createdBy: number | null,
): NewJob {
  const step = kind === TRAIN_JOB ? 'train' : 'prelabel';
  return {
    kind,
    loopId,
    payload: { loopId, round } satisfies LoopJobPayload,
    dedupeKey: `loop:${loopId}:${step}:${round}`,
    maxAttempts: 3,
    createdBy,
  };
}

export const modelAuthor = (loopId: number) => authorKeyOfModel(`loop-${loopId}`);
const modelName = (loopId: number, round: number) => `loop-${loopId}.v${round}`;
const labelPayload = (label: string): AnnotationPayload => ({
  labels: [label],
  shapes: [],
  values: {},
});

export function loopConfig(loop: LoopRow): LoopConfig {
  return JSON.parse(loop.config) as LoopConfig;
}

/** Default epochs per classifier when the loop does not say. */
const EPOCHS = { cnn: 12, logreg: 60, svm: undefined } as const;

/** `cnnThreads`: threads a CNN trains on (the server's MEDLABEL_CNN_THREADS). */
export function modelSpec(loop: LoopRow, round: number, cnnThreads: number): ModelSpec {
  const config = loopConfig(loop);
  return {
    classifier: loop.classifier,
    classCount: (JSON.parse(loop.class_names) as string[]).length,
    settings: {
      seed: deriveSeed(config.seed, `model:${round}`),
      epochs: config.epochs ?? EPOCHS[loop.classifier],
      // Medical images are mirrored only when the researcher says the labels survive it.
      ...(loop.classifier === 'cnn'
        ? { mirrorInvariant: config.mirrorInvariant ?? false, threads: cnnThreads }
        : {}),
    },
  };
}

/**
 * The two steps of a loop round as job handlers: train (labels so far, human over model, then
 * calibrate and score on V) and pre-label (predict the next batch, accept the confident, send
 * the rest to review collections by predicted label). Both are idempotent: a retried job finds
 * what an earlier run stored and completes it.
 */
export class LoopJobs {
  constructor(
    private readonly loops: LoopsRepository,
    private readonly annotations: AnnotationsRepository,
    private readonly collections: CollectionsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly users: UsersRepository,
    private readonly templates: TemplatesService,
    private readonly search: SearchService,
    private readonly features: FeatureReader,
    private readonly artifacts: ArtifactStore,
    /** Threads a CNN trains on (Config.cnnThreads). */
    private readonly cnnThreads: number,
  ) {}

  readonly handlers = {
    [TRAIN_JOB]: (job: JobRow, context: JobContext) => this.train(job, context),
    [PRELABEL_JOB]: (job: JobRow, context: JobContext) => this.prelabel(job, context),
  };

  private async loopOf(job: JobRow): Promise<{ loop: LoopRow; round: number }> {
    const { loopId, round } = JSON.parse(job.payload) as LoopJobPayload;
    const loop = await this.loops.findById(loopId);
    if (!loop) throw new PermanentJobError(`Loop ${loopId} no longer exists.`);
    return { loop, round };
  }

  async train(job: JobRow, context: JobContext): Promise<JobOutcome> {
    const { loop, round } = await this.loopOf(job);
    const config = loopConfig(loop);
    const next =
      config.retrainPolicy === 'auto' ? loopJob(PRELABEL_JOB, loop.id, round + 1, null) : undefined;
    const existing = await this.loops.model(loop.id, round);
    if (existing) return { result: { modelId: existing.id }, next };

    context.progress({ phase: 'reading labels' });
    const classNames = JSON.parse(loop.class_names) as string[];
    const validation = await this.loops.validation(loop.id);
    const inValidation = new Set(validation.map((v) => v.image_id));
    const { votes, baselineVotes } = await this.votes(loop, round, classNames, inValidation);
    const labels = resolveLabels(votes, {
      ties: config.trainingLabel === 'consensus' ? 'consensus' : 'first',
    });
    if (labels.size === 0) throw new PermanentJobError('No labels to train on.');
    const trainingIds = [...labels.keys()];
    const baseline = config.randomShare > 0 ? resolveLabels(baselineVotes) : undefined;

    context.progress({ phase: 'reading images' });
    const sampleOf = await this.sampleReader(loop, [
      ...trainingIds,
      ...validation.map((v) => v.image_id),
      ...(baseline ? baseline.keys() : []),
    ]);
    const training = labeled(
      sampleOf(trainingIds),
      trainingIds.map((id) => labels.get(id)!.label),
    );
    const validationSet = labeled(
      sampleOf(validation.map((v) => v.image_id)),
      validation.map((v) => v.label),
    );
    const baselineIds = baseline ? [...baseline.keys()] : [];
    const baselineTraining = baseline
      ? labeled(
          sampleOf(baselineIds),
          baselineIds.map((id) => baseline.get(id)!.label),
        )
      : undefined;

    context.progress({ phase: 'starting the training thread' });
    const started = performance.now();
    const spec = modelSpec(loop, round, this.cnnThreads);
    let progress: JobProgress | undefined;
    let validationAccuracy: number | undefined;
    const trained = await trainOnThread(
      { model: spec, training, validation: validationSet, baselineTraining },
      {
        signal: context.signal,
        onProgress: (p) => {
          // Each epoch's progress carries the newest V accuracy (of this epoch or the last).
          if (p.type === 'validation') {
            if (p.stage === 'model') validationAccuracy = p.validationAccuracy;
          } else {
            progress = {
              phase: p.stage === 'model' ? 'training' : 'training the random baseline',
              epoch: p.epoch,
              epochs: p.epochs,
              fraction: p.fraction,
              ...(p.loss === undefined ? {} : { loss: p.loss }),
            };
          }
          if (progress)
            context.progress({
              ...progress,
              ...(validationAccuracy === undefined ? {} : { validationAccuracy }),
            });
        },
      },
    );
    const trainSeconds = (performance.now() - started) / 1000;
    const hash = await this.artifacts.put(trained.artifact);
    const snapshot = trainingIds.map((id) => {
      const entry = labels.get(id)!;
      return [id, entry.label, entry.source === 'human' ? 'h' : 'm'] as const;
    });
    const model = await this.loops.insertModel({
      loop_id: loop.id,
      round,
      algorithm: loop.classifier,
      hyper_parameters: JSON.stringify({ ...spec.settings, features: config.features }),
      training_set: JSON.stringify({
        size: snapshot.length,
        bySource: {
          human: snapshot.filter((s) => s[2] === 'h').length,
          model: snapshot.filter((s) => s[2] === 'm').length,
        },
        byClass: classNames.map((_, k) => snapshot.filter((s) => s[1] === k).length),
        labels: snapshot,
      }),
      metrics: JSON.stringify({
        validationAccuracy: trained.validationAccuracy,
        eceRaw: trained.eceRaw,
        eceCalibrated: trained.eceCalibrated,
        confusion: trained.confusion,
        ...(trained.baselineAccuracy === undefined
          ? {}
          : {
              baselineAccuracy: trained.baselineAccuracy,
              baselineTrainingSize: baselineIds.length,
            }),
        trainSeconds,
      }),
      calibration: JSON.stringify(trained.calibration),
      artifact_hash: hash,
      job_id: job.id,
      created_at: new Date().toISOString(),
    });
    return { result: { modelId: model.id }, next };
  }

  /**
   * Every label this round's model may learn from, outside V: people's labels in the loop's
   * collection and review collections, and the model's accepted labels of batches up to this
   * round. The baseline's are the people's labels of the seed and of the random draws only.
   */
  private async votes(
    loop: LoopRow,
    round: number,
    classNames: string[],
    inValidation: Set<number>,
  ) {
    const indexOf = new Map(classNames.map((name, k) => [name, k]));
    const reviews = (await this.loops.reviewCollections(loop.id)).filter((c) => c.round <= round);
    const human = await this.loops.humanLabels([loop.collection_id, ...reviews.map((c) => c.id)]);
    const predictions = (await this.loops.predictions(loop.id)).filter((p) => p.round <= round);
    const batched = new Map(predictions.map((p) => [p.image_id, p]));
    const votes: LabelVote<number>[] = [];
    const baselineVotes: LabelVote<number>[] = [];
    for (const entry of human) {
      const label = indexOf.get((JSON.parse(entry.payload) as AnnotationPayload).labels[0] ?? '');
      if (label === undefined || inValidation.has(entry.imageId)) continue;
      const vote = { id: entry.imageId, label, source: 'human' } as const;
      votes.push(vote);
      const prediction = batched.get(entry.imageId);
      if (!prediction || prediction.in_baseline === 1) baselineVotes.push(vote);
    }
    for (const p of predictions) {
      const label = indexOf.get(p.label);
      if (p.routing === 'auto' && label !== undefined)
        votes.push({ id: p.image_id, label, source: 'model' });
    }
    if (loopConfig(loop).trainingLabel === 'consensus') {
      // The senior readers' decisions where the readers disagreed (reading studies).
      for (const reference of await this.loops.referenceLabels(loop.collection_id)) {
        const label = indexOf.get(
          (JSON.parse(reference.payload) as AnnotationPayload).labels[0] ?? '',
        );
        if (label !== undefined && !inValidation.has(reference.image_id))
          votes.push({ id: reference.image_id, label, source: 'reference' });
      }
    }
    return { votes, baselineVotes };
  }

  /** Reads the features of the given images once; returns a picker of samples by id. */
  private async sampleReader(loop: LoopRow, ids: Iterable<number>) {
    const unique = [...new Set(ids)];
    const images = await this.loops.images(unique);
    if (images.length !== unique.length)
      throw new PermanentJobError('Some images of the loop no longer exist.');
    const samples = await this.features.read(loopConfig(loop).features, images);
    const rowOf = new Map(images.map((image, row) => [image.id, row]));
    const size = samples.values.length / Math.max(1, samples.count);
    return (pick: readonly number[]): Samples => {
      const values = new Float32Array(pick.length * size);
      pick.forEach((id, i) => {
        const row = rowOf.get(id)!;
        values.set(samples.values.subarray(row * size, (row + 1) * size), i * size);
      });
      return { shape: samples.shape, count: pick.length, values };
    };
  }

  async prelabel(job: JobRow, context: JobContext): Promise<JobOutcome> {
    const { loop, round } = await this.loopOf(job);
    const config = loopConfig(loop);
    let predictions = await this.loops.predictions(loop.id, round);
    if (predictions.length === 0) {
      const model = await this.loops.model(loop.id, round - 1);
      if (!model) throw new PermanentJobError(`Round ${round - 1} has no model to predict with.`);
      context.progress({ phase: 'choosing the batch' });
      const batch = await this.nextBatch(loop, config);
      if (batch.length === 0) return { result: { empty: true } };
      context.progress({ phase: 'predicting' });
      const predicted = await this.predictBatch(loop, config, model, round, batch, context);
      predictions = await this.loops.insertPredictions(
        predicted.rows,
        predicted.guarantee && JSON.stringify(predicted.guarantee),
      );
    }
    context.progress({ phase: 'creating review collections' });
    const human = predictions.filter((p) => p.routing !== 'auto');
    await this.acceptConfident(
      loop,
      predictions.filter((p) => p.routing === 'auto'),
    );
    const collections = await this.openReviews(loop, config, round, human);
    const next =
      config.retrainPolicy === 'auto' && human.length === 0
        ? loopJob(TRAIN_JOB, loop.id, round, null)
        : undefined;
    return {
      result: { batch: predictions.length, toPeople: human.length, collections },
      next,
    };
  }

  private async nextBatch(loop: LoopRow, config: LoopConfig): Promise<number[]> {
    if (config.batchSource.kind === 'collection')
      return this.loops.unlabeled(loop.id, loop.collection_id, config.batchSize);
    const owner = await this.users.findById(loop.owner_id);
    if (!owner) throw new PermanentJobError('The loop owner no longer exists.');
    const found = await this.search.imageIds(
      { id: owner.id, role: owner.role, email: owner.email },
      config.batchSource.q,
      100_000,
    );
    await this.collections.addImages(loop.collection_id, found);
    return this.loops.unlabeled(loop.id, loop.collection_id, config.batchSize, found);
  }

  private async predictBatch(
    loop: LoopRow,
    config: LoopConfig,
    model: ModelRow,
    round: number,
    batch: number[],
    context: JobContext,
  ) {
    const classNames = JSON.parse(loop.class_names) as string[];
    const validation = await this.loops.validation(loop.id);
    const validationIds = validation.map((v) => v.image_id);
    const sampleOf = await this.sampleReader(loop, [...batch, ...validationIds]);
    const { probabilities } = await predictOnThread(
      {
        model: modelSpec(loop, model.round, this.cnnThreads),
        artifact: await this.artifacts.get(model.artifact_hash),
        calibration: JSON.parse(model.calibration) as {
          method: 'temperature';
          temperature: number;
        },
        samples: [sampleOf(batch), sampleOf(validationIds)],
      },
      { signal: context.signal },
    );
    const [batchProbabilities, validationProbabilities] = probabilities as [
      Float32Array,
      Float32Array,
    ];
    const rng = createRng(deriveSeed(config.seed, `route:${round}`));
    const strategy = createStrategy(config.routing.strategy, {
      threshold: config.routing.strategy === 'threshold' ? config.routing.threshold : 0.9,
      targetError: config.routing.strategy === 'adaptive' ? config.routing.targetError : 0.01,
      auditShare: config.auditShare,
      randomRate: 0,
      topK: 0,
    });
    const { predicted, confidence, routing } = routeBatch({
      probabilities: batchProbabilities,
      classCount: classNames.length,
      strategy,
      rng,
      validation: {
        probabilities: validationProbabilities,
        labels: validation.map((v) => v.label),
      },
      earlier: await this.acceptedBefore(loop.id, round),
    });
    const drawn = new Set(
      permutation(batch.length, createRng(deriveSeed(config.seed, `baseline:${round}`))).slice(
        0,
        Math.round(config.randomShare * batch.length),
      ),
    );
    const audited = new Set(routing.audited);
    const accepted = new Set(routing.autoAccepted);
    const now = new Date().toISOString();
    const rows = batch.map((imageId, row) => {
      const route: Routing = audited.has(row)
        ? 'audit'
        : accepted.has(row)
          ? drawn.has(row)
            ? 'random'
            : 'auto'
          : 'hard';
      const k = classNames.length;
      return {
        loop_id: loop.id,
        round,
        model_id: model.id,
        image_id: imageId,
        label: classNames[predicted[row]!]!,
        probabilities: JSON.stringify(
          Array.from(
            batchProbabilities.subarray(row * k, (row + 1) * k),
            (p) => Math.round(p * 1e6) / 1e6,
          ),
        ),
        confidence: confidence[row]!,
        routing: route,
        in_baseline: drawn.has(row) ? 1 : 0,
        threshold: routing.threshold ?? null,
        created_at: now,
      };
    });
    return { rows, guarantee: routing.guarantee };
  }

  /**
   * What the loop's earlier rounds auto-accepted and on what validation evidence (their stored
   * guarantees): adaptive routing bounds the wrong labels of the whole loop so far, as the
   * experiment CLI's runs do.
   */
  private async acceptedBefore(loopId: number, round: number) {
    const guarantees = await this.loops.guarantees(loopId);
    return [...guarantees].flatMap(([earlier, json]) => {
      const { accepted } = storedGuarantee(json);
      return earlier < round && accepted ? [accepted] : [];
    });
  }

  /** Confident predictions become the model's labels in the loop's collection. */
  private async acceptConfident(loop: LoopRow, accepted: PredictionRow[]) {
    if (accepted.length === 0) return;
    const collection = (await this.collections.findById(loop.collection_id))!;
    await this.annotations.insertModelLabels(
      accepted.map((p) => this.modelWrite(loop, collection, p)),
    );
  }

  private modelWrite(
    loop: LoopRow,
    collection: {
      id: number;
      template_id: number;
      template_version: number;
    },
    p: PredictionRow,
  ) {
    const payload = labelPayload(p.label);
    return {
      collectionId: collection.id,
      imageId: p.image_id,
      authorKey: modelAuthor(loop.id),
      annotatorId: null,
      model: modelName(loop.id, p.round - 1),
      source: 'model' as const,
      status: 'submitted' as const,
      templateId: collection.template_id,
      templateVersion: collection.template_version,
      payload: JSON.stringify(payload),
      labels: labelsOf(payload),
      timeSpentMs: 0,
      confidence: p.confidence,
      provenance: 'model' as const,
      predictionId: p.id,
      actorId: loop.owner_id,
    };
  }

  /**
   * One review collection per predicted label, holding that label's hard cases (and audits and
   * random draws) with the prediction shown, assigned to annotators whose expertise fits.
   */
  private async openReviews(
    loop: LoopRow,
    config: LoopConfig,
    round: number,
    cases: PredictionRow[],
  ): Promise<number[]> {
    const source = (await this.collections.findById(loop.collection_id))!;
    const byLabel = new Map<string, PredictionRow[]>();
    for (const p of cases) byLabel.set(p.label, [...(byLabel.get(p.label) ?? []), p]);
    const readers = await this.reviewers(source, config.readersPerCase);
    const ids: number[] = [];
    for (const [label, predictions] of [...byLabel].sort(([a], [b]) => a.localeCompare(b))) {
      const collectionId = await this.loops.reviewCollection(
        { loopId: loop.id, round, label },
        (trx) =>
          this.collections.createIn(trx, {
            owner_id: loop.owner_id,
            name: `${loop.name}: round ${round}, predicted ${label}`,
            description: `Hard cases of round ${round} of the labeling loop "${loop.name}" that the model labeled "${label}". Confirm or correct each.`,
            template_id: source.template_id,
            template_version: source.template_version,
            readers_per_image: config.readersPerCase,
            annotators_see_all: 0,
            metadata: JSON.stringify({ loopId: loop.id, round, predictedLabel: label }),
            created_at: new Date().toISOString(),
          }),
      );
      ids.push(collectionId);
      // The hardest cases first: review pages open on the model's least confident predictions.
      const hardestFirst = [...predictions].sort((a, b) => a.confidence - b.confidence);
      await this.collections.addImages(
        collectionId,
        hardestFirst.map((p) => p.image_id),
      );
      const collection = (await this.collections.findById(collectionId))!;
      await this.annotations.insertModelLabels(
        predictions.map((p) => this.modelWrite(loop, collection, p)),
      );
      for (const userId of readers) await this.assignments.upsert(collectionId, userId, 'annotate');
    }
    return ids;
  }

  /**
   * The annotators who review: those whose expertise meets the template's requirement, the
   * loop collection's own annotators first, then the least loaded.
   */
  private async reviewers(
    source: { id: number; template_id: number; template_version: number },
    count: number,
  ): Promise<number[]> {
    const { requiredExpertise } = await this.templates.definition(
      source.template_id,
      source.template_version,
    );
    const assigned = new Set(
      (await this.assignments.list(source.id))
        .filter((a) => a.kind === 'annotate')
        .map((a) => a.user_id),
    );
    return (await this.assignments.annotatorsWithLoad())
      .filter((u) =>
        meetsRequiredExpertise(JSON.parse(u.expertise) as Expertise[], requiredExpertise),
      )
      .sort(
        (a, b) =>
          Number(assigned.has(b.id)) - Number(assigned.has(a.id)) ||
          Number(a.load) - Number(b.load) ||
          a.id - b.id,
      )
      .slice(0, count)
      .map((u) => u.id);
  }
}

function labeled(samples: Samples, labels: number[]): LabeledSamples {
  return { ...samples, labels: Int32Array.from(labels) };
}
