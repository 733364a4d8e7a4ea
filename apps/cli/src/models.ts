/**
 * The model choices of the CLI on top of the loop's classifier registry. MEDLABEL_TFJS_WASM_DIR
 * points the CNN at the tfjs-backend-wasm*.wasm files when the code runs bundled, away from
 * node_modules.
 */
import { availableParallelism } from 'node:os';
import {
  CLASSIFIER_NAMES,
  classifierFactory,
  isClassifierName,
  type ClassifierFactory,
} from '@medlabel/loop';

export const AUGMENTATIONS: readonly string[] = ['none', 'shift'];
export type Augmentation = 'none' | 'shift';

export interface ModelOptions {
  readonly epochs?: number;
  readonly warmStart?: boolean;
  readonly augment?: Augmentation;
  /** The task's labels survive a left-right mirror: only then does the CNN flip images. */
  readonly mirrorInvariant?: boolean;
  readonly svmCost?: number;
  readonly svmGamma?: number;
  /** cnn: threads a fit trains on (default DEFAULT_CNN_THREADS). */
  readonly threads?: number;
}

/** The CNN trains on the machine's cores, at most 2 (more were not measured: docs/benchmarks.md). */
export const DEFAULT_CNN_THREADS = Math.min(2, availableParallelism());

const AUGMENT_OPTIONS = {
  none: false,
  shift: { maxShift: 2 },
} as const;

export const MODEL_NAMES: readonly string[] = CLASSIFIER_NAMES;

type ModelBuilder = (seed: number, options: ModelOptions) => Promise<ClassifierFactory>;

export function modelBuilder(name: string): ModelBuilder {
  if (!isClassifierName(name))
    throw new Error(`unknown model ${name}; choose one of ${CLASSIFIER_NAMES.join(', ')}`);
  return (seed, options) =>
    classifierFactory(name, {
      seed,
      epochs: options.epochs,
      warmStart: options.warmStart,
      augment: options.augment && AUGMENT_OPTIONS[options.augment],
      mirrorInvariant: options.mirrorInvariant,
      svmCost: options.svmCost,
      svmGamma: options.svmGamma,
      threads: options.threads ?? DEFAULT_CNN_THREADS,
      wasmDir: process.env.MEDLABEL_TFJS_WASM_DIR,
    });
}
