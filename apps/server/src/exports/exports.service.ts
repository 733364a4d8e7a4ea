import type { AnnotationPayload, FieldValue, Shape, TemplateDefinition } from '@medlabel/schema';
import type { ReportShape } from '@medlabel/dicom';
import type { Actor } from '../auth/actor.js';
import type { CollectionAccess } from '../access/collection-access.js';
import { toCollection } from '../collections/collections.service.js';
import { toAnnotation } from '../annotations/annotations.service.js';
import { toImage } from '../images/images.service.js';
import { toCsv, type CsvValue } from '@medlabel/csv';
import type { TemplatesService } from '../templates/templates.service.js';
import { cocoAnnotations, cocoCategories, type CocoImage } from './coco.js';
import type { ExportsRepository } from './exports.repository.js';
import type { Predictions } from '../annotations/annotations.dto.js';
import { toReference } from '../agreement/agreement.service.js';
import type { DerivedAnnotation, DerivedStudy, SeriesSegmentation } from './dicom-derived.js';
import type { ImageFiles } from '../images/image-files.js';
import { HttpError } from '../http/problem.js';
import { fieldNames, measurementsOf, spacingOf, valuesByName } from './measurements.js';

/** The prediction columns of an exported annotation row. */
interface PredictionColumns {
  prediction_id: number | null;
  prediction_loop_id: number | null;
  prediction_round: number | null;
  prediction_label: string | null;
  prediction_probability: number | null;
  prediction_threshold: number | null;
  prediction_model_round: number | null;
}

/** The loop prediction a label is or was reviewed from: model version, probability, threshold, round. */
function predictionOf(row: PredictionColumns) {
  if (row.prediction_id === null || row.prediction_loop_id === null) return null;
  return {
    id: row.prediction_id,
    loopId: row.prediction_loop_id,
    round: row.prediction_round,
    label: row.prediction_label,
    modelVersion: `loop-${row.prediction_loop_id}.v${row.prediction_model_round}`,
    probability: row.prediction_probability,
    threshold: row.prediction_threshold,
  };
}

/** The CSV export's fixed columns; one column per form field follows them. */
const CSV_COLUMNS = [
  'annotation_id',
  'image_id',
  'source',
  'author',
  'status',
  'template_version',
  'labels',
  'shapes',
  'pixel_spacing_row_mm',
  'pixel_spacing_column_mm',
  'pixel_spacing_source',
  'measurements',
  'time_spent_ms',
  'updated_at',
  'provenance',
  'prediction_id',
  'predicted_label',
  'model_version',
  'probability',
  'threshold',
  'round',
];

/** A form value in a CSV cell: a multi-select joined by `|` like the labels, a missing one empty. */
function csvValue(value: FieldValue | undefined): CsvValue {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join('|') : value;
}

/** Annotated images of one study an SR or SEG export reads at most (their files are in memory). */
export const MAX_STUDY_IMAGES = 1000;

/** A DICOM object made of one study's annotations. */
export interface StudyFile {
  studyInstanceUid: string;
  bytes: Uint8Array;
}

/** A payload's shape as the DICOM builders take it (frame 0 when omitted). */
function reportShape(shape: Shape): ReportShape {
  const base = { id: shape.id, tool: shape.tool, frame: shape.frame ?? 0, points: shape.points };
  if (shape.kind === 'keypoint') return { ...base, kind: shape.kind, name: shape.name };
  return { ...base, kind: shape.kind, ...(shape.label ? { label: shape.label } : {}) };
}

/** A shape read back from an SR as the payload holds it (frame 0 left out, as the editor does). */
/** What an imported DICOM object of each kind is called in problems. */
const IMPORTED = { sr: 'report', seg: 'segmentation' } as const;

/** An annotation read back from an SR or SEG medlabel wrote: one image's, by one observer. */
interface ImportedAnnotation {
  sopInstanceUid: string;
  observer: string;
  labels: string[];
  shapes: ReportShape[];
}

function payloadShape(shape: ReportShape): Shape {
  const { frame, ...rest } = shape;
  return frame === 0 ? rest : { ...rest, frame };
}

/**
 * Exports of a collection's annotations for its owner and admins: JSON, CSV, COCO, and DICOM SR
 * of the annotations of DICOM uploads.
 */
export class ExportsService {
  constructor(
    private readonly exports: ExportsRepository,
    private readonly templates: TemplatesService,
    private readonly access: CollectionAccess,
    private readonly files: ImageFiles,
    /** the DICOM file of an image by its URL, wherever it stays (images/image-source.ts) */
    private readonly dicomAt: (url: string) => Promise<Buffer | undefined>,
  ) {}

  /**
   * The collection's submitted annotations of DICOM uploads as one TID 1500 measurement report
   * per study, referencing the stored de-identified instances; observers are pseudonyms
   * (`Reader^<user id>`) or the model's name. Built on the DICOM threads, study by study.
   */
  async dicomSr(actor: Actor, collectionId: number): Promise<StudyFile[]> {
    const out: StudyFile[] = [];
    for (const [studyInstanceUid, study] of await this.derivedStudies(actor, collectionId))
      out.push({ studyInstanceUid, bytes: await this.files.studyReport(study) });
    return out;
  }

  /**
   * The contours of the collection's submitted annotations of DICOM uploads as binary DICOM SEG,
   * one per series: a segment per tool, label and reader, rasterised on the referenced frames.
   */
  async dicomSeg(actor: Actor, collectionId: number): Promise<SeriesSegmentation[]> {
    const out: SeriesSegmentation[] = [];
    for (const study of (await this.derivedStudies(actor, collectionId)).values())
      out.push(...(await this.files.studySegmentations(study)));
    return out;
  }

  /**
   * The annotations of a measurement report medlabel wrote (export.sr.zip), as predictions to
   * save into the collection (importedPredictions), named `sr:<observer>`.
   */
  async reportPredictions(actor: Actor, collectionId: number, bytes: Uint8Array) {
    await this.access.manage(actor, collectionId);
    const report = await this.files.readReport(bytes);
    return this.importedPredictions(
      collectionId,
      'sr',
      report.annotations.map((a) => ({ ...a, observer: a.observer.name })),
    );
  }

  /**
   * The contours of a segmentation medlabel wrote (export.seg.zip), outlined from its masks, as
   * predictions to save into the collection (importedPredictions), named `seg:<observer>`.
   */
  async segmentationPredictions(actor: Actor, collectionId: number, bytes: Uint8Array) {
    await this.access.manage(actor, collectionId);
    const contours = await this.files.readSegmentation(bytes);
    return this.importedPredictions(
      collectionId,
      'seg',
      contours.map((c) => ({ ...c, labels: [] })),
    );
  }

  /**
   * Annotations read from a DICOM object medlabel wrote, as predictions: one batch per observer,
   * named `<kind>:<observer>`, of the collection's images they reference by SOP Instance UID;
   * and the UIDs of instances the collection does not hold.
   */
  private async importedPredictions(
    collectionId: number,
    kind: 'sr' | 'seg',
    annotations: readonly ImportedAnnotation[],
  ) {
    const uids = [...new Set(annotations.map((a) => a.sopInstanceUid))];
    if (uids.length > MAX_STUDY_IMAGES)
      throw new HttpError(
        422,
        `${IMPORTED[kind]}-too-large`,
        `An imported ${IMPORTED[kind]} may reference at most ${MAX_STUDY_IMAGES} images.`,
      );
    const images = await this.exports.imagesByInstance(collectionId, uids);
    const batches = new Map<string, Predictions>();
    const unmatched = new Set<string>();
    for (const annotation of annotations) {
      const imageId = images.get(annotation.sopInstanceUid);
      if (imageId === undefined) {
        unmatched.add(annotation.sopInstanceUid);
        continue;
      }
      const model = `${kind}:${annotation.observer.replace(/[^A-Za-z0-9_.:-]+/g, '-')}`.slice(
        0,
        100,
      );
      const batch = batches.get(model) ?? { model, items: [] };
      batches.set(model, batch);
      batch.items.push({
        imageId,
        payload: {
          labels: annotation.labels,
          shapes: annotation.shapes.map(payloadShape),
          values: {},
        },
      });
    }
    return { batches: [...batches.values()], unmatched: [...unmatched] };
  }

  /** The submitted annotations of the collection's DICOM uploads by study, with their files. */
  private async derivedStudies(actor: Actor, collectionId: number) {
    const { collection } = await this.access.manage(actor, collectionId);
    const rows = (await this.annotationRows(collectionId)).filter(
      (r) => r.status === 'submitted' && r.image_study_uid,
    );
    const definitions = await this.definitions(collection, rows);
    const current = definitions.get(collection.template_version)!;
    const byStudy = new Map<
      string,
      { images: Map<number, string>; annotations: DerivedAnnotation[] }
    >();
    for (const row of rows) {
      const metadata = JSON.parse(row.image_metadata) as Record<string, unknown>;
      // DICOM uploads, and DICOM images that stay on a registered source
      if (metadata.source !== 'dicom' && metadata.source !== 'dicomweb') continue;
      const study = byStudy.get(row.image_study_uid!) ?? {
        images: new Map<number, string>(),
        annotations: [],
      };
      byStudy.set(row.image_study_uid!, study);
      if (!study.images.has(row.image_id)) study.images.set(row.image_id, row.image_url);
      if (study.images.size > MAX_STUDY_IMAGES)
        throw new HttpError(
          422,
          'study-too-large',
          `A DICOM export reads at most ${MAX_STUDY_IMAGES} annotated images of one study.`,
        );
      const payload = JSON.parse(row.payload) as AnnotationPayload;
      const measurements = measurementsOf(
        definitions.get(row.template_version)!,
        payload,
        spacingOf(metadata),
      ).flatMap((m) =>
        m.mm === null ? [] : [{ shapeId: m.shapeId, quantity: m.quantity, mm: m.mm }],
      );
      study.annotations.push({
        file: [...study.images.keys()].indexOf(row.image_id),
        observer:
          row.annotator_id !== null
            ? { kind: 'person', name: `Reader^${row.annotator_id}` }
            : { kind: 'device', name: row.model ?? 'model' },
        labels: payload.labels,
        shapes: payload.shapes.map(reportShape),
        measurements,
      });
    }
    const studies = new Map<string, DerivedStudy>();
    for (const [uid, study] of byStudy) {
      const files = [];
      for (const url of study.images.values()) {
        const file = await this.dicomAt(url);
        if (!file) throw new HttpError(404, 'not-found', `The DICOM file of ${url} is missing.`);
        files.push(new Uint8Array(file.buffer, file.byteOffset, file.byteLength));
      }
      studies.set(uid, {
        files,
        annotations: study.annotations,
        labelConcept: current.classification?.title ?? 'Image label',
        seriesDescription: `medlabel: ${collection.name}`.slice(0, 64),
      });
    }
    return studies;
  }

  /**
   * Everything: the collection, its template versions, images and annotations (with authors),
   * each annotation with its form values by field name, its measurements and the pixel spacing
   * they used.
   */
  async json(actor: Actor, collectionId: number) {
    const { collection } = await this.access.manage(actor, collectionId);
    const images = [];
    for await (const rows of this.exports.images(collectionId)) images.push(...rows.map(toImage));
    const rows = await this.annotationRows(collectionId);
    const definitions = await this.definitions(collection, rows);
    const names = fieldNames([...definitions.values()]);
    const annotations = rows.map((row) => {
      const annotation = toAnnotation(row);
      const spacing = spacingOf(JSON.parse(row.image_metadata) as Record<string, unknown>);
      return {
        ...annotation,
        annotatorEmail: row.annotator_email,
        prediction: predictionOf(row),
        fields: valuesByName(annotation.payload.values, names),
        pixelSpacing: spacing,
        measurements: measurementsOf(
          definitions.get(row.template_version)!,
          annotation.payload,
          spacing,
        ),
      };
    });
    const templates = [...definitions].map(([version, definition]) => ({
      templateId: collection.template_id,
      version,
      definition,
    }));
    const references = (await this.exports.references(collectionId)).map(toReference);
    return { collection: toCollection(collection), templates, images, annotations, references };
  }

  /**
   * One row per annotation: labels joined by `|`, one column per form field named by the field's
   * title, shapes and measurements as JSON, the pixel spacing the measurements used.
   */
  async csv(actor: Actor, collectionId: number): Promise<string> {
    const { collection } = await this.access.manage(actor, collectionId);
    const annotations = await this.annotationRows(collectionId);
    const definitions = await this.definitions(collection, annotations);
    const names = fieldNames([...definitions.values()], CSV_COLUMNS);
    const rows: CsvValue[][] = annotations.map((row) => {
      const payload = JSON.parse(row.payload) as AnnotationPayload;
      const spacing = spacingOf(JSON.parse(row.image_metadata) as Record<string, unknown>);
      const measurements = measurementsOf(definitions.get(row.template_version)!, payload, spacing);
      return [
        row.id,
        row.image_id,
        row.source,
        row.annotator_email ?? row.model,
        row.status,
        row.template_version,
        payload.labels.join('|'),
        JSON.stringify(payload.shapes),
        spacing?.rowMm ?? null,
        spacing?.columnMm ?? null,
        spacing?.source ?? null,
        JSON.stringify(measurements),
        row.time_spent_ms,
        row.updated_at,
        row.provenance,
        row.prediction_id,
        row.prediction_label,
        predictionOf(row)?.modelVersion ?? null,
        row.prediction_probability,
        row.prediction_threshold,
        row.prediction_round,
        ...[...names.keys()].map((id) => csvValue(payload.values[id])),
      ];
    });
    return toCsv([...CSV_COLUMNS, ...names.values()], rows);
  }

  /** Every annotation row of the collection, with its author, prediction and image metadata. */
  private async annotationRows(collectionId: number) {
    const rows = [];
    for await (const chunk of this.exports.annotations(collectionId)) rows.push(...chunk);
    return rows;
  }

  /** The template definitions of the collection's version and of every version rows were made under. */
  private async definitions(
    collection: { template_id: number; template_version: number },
    rows: readonly { template_version: number }[],
  ): Promise<Map<number, TemplateDefinition>> {
    const versions = new Set([collection.template_version, ...rows.map((r) => r.template_version)]);
    const definitions = new Map<number, TemplateDefinition>();
    for (const version of [...versions].sort((a, b) => a - b))
      definitions.set(version, await this.templates.definition(collection.template_id, version));
    return definitions;
  }

  /**
   * COCO instances: submitted polygons (with area and perimeter in mm as attributes), keypoints
   * and rulers (two keypoints with their length), categories from the collection's template.
   */
  async coco(actor: Actor, collectionId: number) {
    const { collection } = await this.access.manage(actor, collectionId);
    const definition = await this.templates.definition(
      collection.template_id,
      collection.template_version,
    );
    const { categories, categoryOf } = cocoCategories(definition);
    const images: CocoImage[] = [];
    for await (const rows of this.exports.images(collectionId)) {
      images.push(
        ...rows.map((r) => ({ id: r.id, file_name: r.url, width: r.width, height: r.height })),
      );
    }
    const annotations: ReturnType<typeof cocoAnnotations> = [];
    for await (const rows of this.exports.annotations(collectionId)) {
      for (const row of rows) {
        if (row.status !== 'submitted') continue;
        const attributes = {
          annotation_id: row.id,
          author: row.annotator_email ?? row.model,
          source: row.source,
          provenance: row.provenance,
        };
        annotations.push(
          ...cocoAnnotations(
            JSON.parse(row.payload) as AnnotationPayload,
            row.image_id,
            definition,
            categoryOf,
            attributes,
            spacingOf(JSON.parse(row.image_metadata) as Record<string, unknown>),
          ),
        );
      }
    }
    return {
      info: {
        description: collection.name,
        version: `template ${collection.template_id} v${collection.template_version}`,
      },
      images,
      categories,
      annotations: annotations.map((a, i) => ({ id: i + 1, ...a })),
    };
  }
}
