import type { CreateLoop } from '../../api.js';

export type Classifier = CreateLoop['classifier'];

/**
 * What the set-up form holds: shares and probabilities in per cent as people type them, the
 * epochs as text ('' for the classifier's default), metadata keys comma-separated.
 */
export interface LoopForm {
  readonly name: string;
  readonly collectionId: number | '';
  readonly classifier: Classifier;
  /** For the SVM and logistic regression; the CNN always learns from pixels. */
  readonly featureKind: 'pixels' | 'metadata';
  readonly pixelSize: number;
  readonly metadataKeys: string;
  readonly routing: 'threshold' | 'adaptive';
  readonly thresholdPercent: number;
  readonly targetErrorPercent: number;
  readonly batchSize: number;
  readonly auditPercent: number;
  readonly readersPerCase: number;
  readonly randomPercent: number;
  readonly validationPerClass: number;
  readonly retrainPolicy: 'manual' | 'auto';
  readonly trainingLabel: 'readers' | 'consensus';
  readonly epochs: string;
  readonly batchSource: 'collection' | 'search';
  readonly query: string;
}

/** The server's defaults, so that what the form shows is what an empty request would get. */
export function defaultLoopForm(collectionId: number | ''): LoopForm {
  return {
    name: '',
    collectionId,
    classifier: 'cnn',
    featureKind: 'metadata',
    pixelSize: 28,
    metadataKeys: '',
    routing: 'threshold',
    thresholdPercent: 90,
    targetErrorPercent: 1,
    batchSize: 200,
    auditPercent: 5,
    readersPerCase: 1,
    randomPercent: 0,
    validationPerClass: 10,
    retrainPolicy: 'manual',
    trainingLabel: 'readers',
    epochs: '',
    batchSource: 'collection',
    query: '',
  };
}

export const usesPixels = (form: LoopForm) =>
  form.classifier === 'cnn' || form.featureKind === 'pixels';

/** Per cent to a share, without 0.07 becoming 0.07000000000000001. */
const share = (percent: number) => Math.round(percent * 1e4) / 1e6;

/**
 * The request that creates the loop. Values go to the server as typed: it validates them and
 * answers with pointers the form shows beside each field. Without metadata keys the features
 * are left out, so the server says which classifiers need them.
 */
export function createLoopBody(form: LoopForm): CreateLoop {
  const keys = form.metadataKeys
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const features: CreateLoop['features'] = usesPixels(form)
    ? { kind: 'pixels', size: form.pixelSize }
    : keys.length > 0
      ? { kind: 'metadata', keys }
      : undefined;
  const epochs = form.epochs.trim();
  return {
    name: form.name.trim(),
    collectionId: form.collectionId === '' ? 0 : form.collectionId,
    classifier: form.classifier,
    ...(features ? { features } : {}),
    routing:
      form.routing === 'threshold'
        ? { strategy: 'threshold', threshold: share(form.thresholdPercent) }
        : { strategy: 'adaptive', targetError: share(form.targetErrorPercent) },
    batchSize: form.batchSize,
    auditShare: share(form.auditPercent),
    readersPerCase: form.readersPerCase,
    randomShare: share(form.randomPercent),
    validationPerClass: form.validationPerClass,
    retrainPolicy: form.retrainPolicy,
    trainingLabel: form.trainingLabel,
    ...(epochs ? { epochs: Number(epochs) } : {}),
    batchSource:
      form.batchSource === 'collection'
        ? { kind: 'collection' }
        : { kind: 'search', q: form.query },
  };
}
