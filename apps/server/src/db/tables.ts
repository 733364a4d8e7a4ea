import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * The database tables as Kysely sees them. Timestamps are ISO-8601 strings, booleans are 0/1
 * integers and JSON documents are text, so both dialects store the same values.
 */
export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: 'admin' | 'researcher' | 'reviewer' | 'annotator';
  active: number;
  /** JSON: Expertise[] */
  expertise: string;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value */
  id: string;
  user_id: number;
  csrf_token: string;
  expires_at: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** sha256 of the token; the token itself is shown once */
  token_hash: string;
  created_at: string;
  /** refused from this instant on (nullable in SQL only: migration 0007 filled every row) */
  expires_at: string;
  /** the last authenticated request, kept to the minute */
  last_used_at: string | null;
}

/** Failed password attempts of one key in its current window (auth/password-throttle.ts). */
export interface PasswordThrottleTable {
  /** sha256 of what is counted: an address, or an address and an account */
  key: string;
  failures: number;
  window_ends: string;
}

export interface TemplatesTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  current_version: number;
  created_at: string;
  updated_at: string;
}

export interface TemplateVersionsTable {
  template_id: number;
  version: number;
  /** JSON: the task template definition */
  definition: string;
  created_by: number;
  created_at: string;
}

export interface ImagesTable {
  id: Generated<number>;
  url: string;
  width: number;
  height: number;
  frames: Generated<number>;
  modality: string | null;
  mode: string | null;
  body_part: string | null;
  study_uid: string | null;
  series_uid: string | null;
  /** JSON object of any imported metadata */
  metadata: string;
  created_by: number;
  created_at: string;
  /** the registered image server the pixels stay on (null: our file store or a URL) */
  source_id: number | null;
  /**
   * its SOP Instance UID: the id on that source, or a DICOM upload's de-identified one (unique
   * among uploads: a second upload of one instance is a duplicate)
   */
  instance_uid: string | null;
}

/**
 * A registered image server (DICOMweb); `authorization` never leaves the server and is stored
 * sealed (storage/secret-box.ts; the repository seals and opens it).
 */
export interface ImageSourcesTable {
  id: Generated<number>;
  name: string;
  kind: 'dicomweb';
  base_url: string;
  authorization: string | null;
  created_by: number;
  created_at: string;
}

export interface CollectionsTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  description: string;
  template_id: number;
  template_version: number;
  readers_per_image: number;
  /** 1: annotators may read every annotation of the collection, not only their own */
  annotators_see_all: number;
  /** JSON object */
  metadata: string;
  image_count: number;
  /** images with at least readers_per_image submitted annotations */
  done_count: Generated<number>;
  created_at: string;
}

/**
 * Membership of an image in a collection, with counters kept up to date in the same transaction
 * as every annotation save so that pages and the work queue never count annotations.
 */
export interface CollectionImagesTable {
  collection_id: number;
  image_id: number;
  position: number;
  /** human annotations, draft or submitted */
  started_count: Generated<number>;
  submitted_count: Generated<number>;
  /** 1 while started_count < readers_per_image: the image may be handed out */
  open: Generated<number>;
}

export interface AssignmentsTable {
  collection_id: number;
  user_id: number;
  kind: 'annotate' | 'review';
  created_at: string;
}

export interface AnnotationsTable {
  id: Generated<number>;
  collection_id: number;
  image_id: number;
  /** 'u:<userId>' or 'm:<modelName>': one annotation per author per image in a collection */
  author_key: string;
  annotator_id: number | null;
  model: string | null;
  source: 'human' | 'model';
  status: 'draft' | 'submitted';
  template_id: number;
  template_version: number;
  /** JSON payload validated against the template version */
  payload: string;
  /** optimistic-concurrency version, starts at 1 */
  version: number;
  time_spent_ms: number;
  /** a model's confidence (0..1); null for people */
  confidence: number | null;
  /** who made the label: a person alone, a model, or a person confirming or correcting a model */
  provenance: Generated<Provenance>;
  /** the loop prediction this label was made from or is */
  prediction_id: number | null;
  created_at: string;
  updated_at: string;
}

export type Provenance = 'manual' | 'model' | 'confirmed' | 'corrected';

/** Append-only history of annotation changes. */
export interface AnnotationEventsTable {
  id: Generated<number>;
  annotation_id: number;
  actor_id: number | null;
  action: 'create' | 'update';
  version: number;
  status: 'draft' | 'submitted';
  payload: string;
  created_at: string;
  /** the client's key of the save that wrote this version (unique per actor), for retries */
  idempotency_key: string | null;
}

/**
 * Imported image metadata, one row per searchable entry (see images/image-metadata.ts), filled
 * with every image insert so `meta.<key>:value` walks an index instead of parsing JSON.
 */
export interface ImageMetadataTable {
  image_id: number;
  /** lower case */
  key: string;
  value: string;
  /** the value as a number when it reads as one, for comparisons */
  number: number | null;
}

/** Labels found in an annotation payload, one row each, so search never parses JSON. */
export interface AnnotationLabelsTable {
  annotation_id: number;
  collection_id: number;
  image_id: number;
  label: string;
  /** the annotation's status, kept in step by every save */
  status: Generated<AnnotationsTable['status']>;
}

/**
 * Where an annotator's work queue resumes in a collection: every open image before this
 * position is annotated by it (reset when the wanted readers change and images reopen).
 */
export interface QueueCursorsTable {
  collection_id: number;
  user_id: number;
  position: number;
}

export interface LoopsTable {
  id: Generated<number>;
  owner_id: number;
  collection_id: number;
  name: string;
  classifier: 'cnn' | 'svm' | 'logreg';
  /** JSON: LoopConfig (loops/loops.dto.ts) */
  config: string;
  /** JSON: string[], the template's labels in class-index order */
  class_names: string;
  created_at: string;
}

/** The fixed validation set V of a loop, with the human labels it was drawn with. */
export interface LoopImagesTable {
  loop_id: number;
  image_id: number;
  label: number;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  loop_id: number | null;
  /** JSON */
  payload: string;
  /** at most one job per key, ever: enqueueing the same step twice is a no-op */
  dedupe_key: string | null;
  state: JobState;
  attempts: Generated<number>;
  max_attempts: number;
  /** JSON: JobProgress */
  progress: Generated<string>;
  result: string | null;
  error: string | null;
  /** the process holding the lease */
  worker: string | null;
  lease_until: string | null;
  cancel_requested: Generated<number>;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ModelsTable {
  id: Generated<number>;
  loop_id: number;
  round: number;
  algorithm: string;
  /** JSON */
  hyper_parameters: string;
  /** JSON: the training-set snapshot (which labels, which source) */
  training_set: string;
  /** JSON: metrics on V */
  metrics: string;
  /** JSON: calibration method and parameters */
  calibration: string;
  /** sha256 of the serialized model in the artifact store */
  artifact_hash: string;
  job_id: number | null;
  created_at: string;
}

export type Routing = 'auto' | 'hard' | 'audit' | 'random';

export interface PredictionsTable {
  id: Generated<number>;
  loop_id: number;
  /** the batch: k for the k-th batch, predicted by the model of round k - 1 */
  round: number;
  model_id: number;
  image_id: number;
  label: string;
  /** JSON: number[] aligned with the loop's class names */
  probabilities: string;
  confidence: number;
  routing: Routing;
  /** 1: drawn at random for the random-sampling baseline (a person labels it either way) */
  in_baseline: number;
  threshold: number | null;
  created_at: string;
}

/** What a round's routing promised about its auto-accepted labels (migration 0015). */
export interface LoopRoundsTable {
  loop_id: number;
  round: number;
  /** JSON: ErrorGuarantee (@medlabel/loop) */
  guarantee: string;
  created_at: string;
}

export interface LoopCollectionsTable {
  collection_id: number;
  loop_id: number;
  round: number;
  label: string;
}

/** Installation-wide values shared by every server process (migration 0006). */
export interface SettingsTable {
  key: string;
  value: string;
  created_at: string;
}

/** A collection's reading-study settings (migration 0013). */
export interface ReadingStudiesTable {
  collection_id: number;
  min_dice: number;
  max_relative_difference: number;
  max_keypoint_mm: number;
  /** share of each reader's queue drawn from reference cases (0: none) */
  reference_case_rate: Generated<number>;
  /** a reader whose accuracy on reference cases falls below this may be paused */
  min_reference_accuracy: number | null;
  updated_by: number;
  updated_at: string;
}

/** Senior readers the researcher names for a collection's adjudication. */
export interface AdjudicatorsTable {
  collection_id: number;
  user_id: number;
}

/** An image's reference standard: an adjudicated decision or an expert's answer. */
export interface ReferenceStandardsTable {
  collection_id: number;
  image_id: number;
  /** JSON: AnnotationPayload */
  payload: string;
  /** picked: one reading as it was; edited: a reading changed; expert: entered directly */
  method: 'picked' | 'edited' | 'expert';
  /** JSON: number[], the annotations the decision was made from */
  from_annotation_ids: string;
  /** 1: mixed into annotators' queues, unannounced, to measure them */
  reference_case: Generated<number>;
  decided_by: number;
  decided_at: string;
}

/** Readers paused in a collection: the queue hands them no image there. */
export interface PausedReadersTable {
  collection_id: number;
  user_id: number;
  reason: string;
  paused_by: number;
  paused_at: string;
}

/**
 * An image's readings in a reading study reduced to what its agreement needs, stored until the
 * readings, the template or the image's spacing change (then its fingerprint does).
 */
export interface AgreementImagesTable {
  collection_id: number;
  image_id: number;
  /** of the summarised readings (reader, annotation, version), template version and spacing */
  fingerprint: string;
  /** JSON: ImageSummary (apps/server/src/agreement/compute/image-summary.ts) */
  summary: string;
  /** JSON: ImageOutlines, the image's consensus contours */
  outlines: string;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_throttle: PasswordThrottleTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  images: ImagesTable;
  image_sources: ImageSourcesTable;
  image_metadata: ImageMetadataTable;
  collections: CollectionsTable;
  collection_images: CollectionImagesTable;
  assignments: AssignmentsTable;
  annotations: AnnotationsTable;
  annotation_events: AnnotationEventsTable;
  annotation_labels: AnnotationLabelsTable;
  queue_cursors: QueueCursorsTable;
  loops: LoopsTable;
  loop_images: LoopImagesTable;
  jobs: JobsTable;
  models: ModelsTable;
  predictions: PredictionsTable;
  loop_collections: LoopCollectionsTable;
  loop_rounds: LoopRoundsTable;
  settings: SettingsTable;
  reading_studies: ReadingStudiesTable;
  adjudicators: AdjudicatorsTable;
  reference_standards: ReferenceStandardsTable;
  paused_readers: PausedReadersTable;
  agreement_images: AgreementImagesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type ImageRow = Selectable<ImagesTable>;
export type NewImageRow = Insertable<ImagesTable>;
export type ImageSourceRow = Selectable<ImageSourcesTable>;
export type CollectionRow = Selectable<CollectionsTable>;
export type AnnotationRow = Selectable<AnnotationsTable>;
export type LoopRow = Selectable<LoopsTable>;
export type JobRow = Selectable<JobsTable>;
export type ModelRow = Selectable<ModelsTable>;
export type PredictionRow = Selectable<PredictionsTable>;
