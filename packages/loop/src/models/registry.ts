/**
 * Classifiers by name, as the CLI and the platform's training jobs choose them. Each name builds
 * a factory for one seed; wasm backends (libsvm-js, TensorFlow.js) load here, and TensorFlow.js
 * only when the CNN is asked for.
 */
import type { ClassifierFactory } from '../classifier.js';
import type { AugmentOptions } from '../cnn/augment.js';
import { createLogisticRegression } from './logistic.js';
import { createSvmFactory } from './svm.js';

export const CLASSIFIER_NAMES = ['logreg', 'svm', 'cnn'] as const;
export type ClassifierName = (typeof CLASSIFIER_NAMES)[number];

export interface ClassifierSettings {
  readonly seed: number;
  /** logreg and cnn: passes over the training set per fit. */
  readonly epochs?: number | undefined;
  /** cnn: a later fit continues from the current weights. */
  readonly warmStart?: boolean | undefined;
  /** cnn: training-time augmentation, false for none. */
  readonly augment?: AugmentOptions | false | undefined;
  /** cnn: labels survive a left-right mirror, so flips may augment (default false). */
  readonly mirrorInvariant?: boolean | undefined;
  readonly svmCost?: number | undefined;
  readonly svmGamma?: number | undefined;
  /** cnn: threads a fit trains on (data-parallel workers; default 1). */
  readonly threads?: number | undefined;
  /** cnn: folder of the tfjs-backend-wasm*.wasm files when the code runs bundled. */
  readonly wasmDir?: string | undefined;
}

export function isClassifierName(name: string): name is ClassifierName {
  return (CLASSIFIER_NAMES as readonly string[]).includes(name);
}

/** Drops undefined entries, for options types that forbid them. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export async function classifierFactory(
  name: ClassifierName,
  settings: ClassifierSettings,
): Promise<ClassifierFactory> {
  switch (name) {
    case 'logreg':
      return (classCount) =>
        createLogisticRegression(
          classCount,
          defined({ seed: settings.seed, epochs: settings.epochs }),
        );
    case 'svm':
      return createSvmFactory(
        defined({ seed: settings.seed, cost: settings.svmCost, gamma: settings.svmGamma }),
      );
    case 'cnn': {
      // Loaded on demand: TensorFlow.js is heavy and only images need it.
      const { createCnnFactory } = await import('../cnn/index.js');
      return createCnnFactory(
        defined({
          seed: settings.seed,
          epochs: settings.epochs,
          warmStart: settings.warmStart,
          augment: settings.augment,
          mirrorInvariant: settings.mirrorInvariant,
          threads: settings.threads,
          wasmDir: settings.wasmDir,
        }),
      );
    }
  }
}
