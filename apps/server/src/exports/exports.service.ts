import type { AnnotationPayload } from '@medlabel/schema';
import type { Actor } from '../auth/actor.js';
import type { CollectionAccess } from '../access/collection-access.js';
import { toCollection } from '../collections/collections.service.js';
import { toAnnotation } from '../annotations/annotations.service.js';
import { toImage } from '../images/images.service.js';
import { toCsv, type CsvValue } from '@medlabel/csv';
import type { TemplatesService } from '../templates/templates.service.js';
import { cocoAnnotations, cocoCategories, type CocoImage } from './coco.js';
import type { ExportsRepository } from './exports.repository.js';

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

/** Exports of a collection's annotations for its owner and admins: JSON, CSV and COCO. */
export class ExportsService {
  constructor(
    private readonly exports: ExportsRepository,
    private readonly templates: TemplatesService,
    private readonly access: CollectionAccess,
  ) {}

  /** Everything: the collection, its template versions, images and annotations (with authors). */
  async json(actor: Actor, collectionId: number) {
    const { collection } = await this.access.manage(actor, collectionId);
    const images = [];
    for await (const rows of this.exports.images(collectionId)) images.push(...rows.map(toImage));
    const annotations = [];
    const versions = new Set<number>([collection.template_version]);
    for await (const rows of this.exports.annotations(collectionId)) {
      for (const row of rows) {
        versions.add(row.template_version);
        annotations.push({
          ...toAnnotation(row),
          annotatorEmail: row.annotator_email,
          prediction: predictionOf(row),
        });
      }
    }
    const templates = [];
    for (const version of [...versions].sort((a, b) => a - b)) {
      templates.push({
        templateId: collection.template_id,
        version,
        definition: await this.templates.definition(collection.template_id, version),
      });
    }
    return { collection: toCollection(collection), templates, images, annotations };
  }

  /** One row per annotation: labels joined by `|`, form values and shapes as JSON. */
  async csv(actor: Actor, collectionId: number): Promise<string> {
    await this.access.manage(actor, collectionId);
    const rows: CsvValue[][] = [];
    for await (const chunk of this.exports.annotations(collectionId)) {
      for (const row of chunk) {
        const payload = JSON.parse(row.payload) as AnnotationPayload;
        rows.push([
          row.id,
          row.image_id,
          row.source,
          row.annotator_email ?? row.model,
          row.status,
          row.template_version,
          payload.labels.join('|'),
          JSON.stringify(payload.values),
          JSON.stringify(payload.shapes),
          row.time_spent_ms,
          row.updated_at,
          row.provenance,
          row.prediction_id,
          row.prediction_label,
          predictionOf(row)?.modelVersion ?? null,
          row.prediction_probability,
          row.prediction_threshold,
          row.prediction_round,
        ]);
      }
    }
    return toCsv(
      [
        'annotation_id',
        'image_id',
        'source',
        'author',
        'status',
        'template_version',
        'labels',
        'values',
        'shapes',
        'time_spent_ms',
        'updated_at',
        'provenance',
        'prediction_id',
        'predicted_label',
        'model_version',
        'probability',
        'threshold',
        'round',
      ],
      rows,
    );
  }

  /** COCO instances: submitted polygons and keypoints, categories from the collection's template. */
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
