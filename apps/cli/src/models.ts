/**
 * The model registry of the CLI: a name resolves to an async function that builds the classifier
 * factory for one seed. Wasm backends (libsvm-js, the TensorFlow.js wasm backend) load there.
 * MEDLABEL_TFJS_WASM_DIR points the CNN at the tfjs-backend-wasm*.wasm files when the code runs
 * bundled, away from node_modules.
 */
import { createLogisticRegression, createSvmFactory, type ClassifierFactory } from '@medlabel/loop';

export const AUGMENTATIONS: readonly string[] = ['none', 'shift', 'shift+flip'];
export type Augmentation = 'none' | 'shift' | 'shift+flip';

export interface ModelOptions {
  readonly epochs?: number;
  readonly warmStart?: boolean;
  readonly augment?: Augmentation;
  readonly svmCost?: number;
  readonly svmGamma?: number;
}

const AUGMENT_OPTIONS = {
  none: false,
  shift: { maxShift: 2, flip: false },
  'shift+flip': { maxShift: 2, flip: true },
} as const;

type ModelBuilder = (seed: number, options: ModelOptions) => Promise<ClassifierFactory>;

export const MODELS: Record<string, ModelBuilder> = {
  logreg: (seed, { epochs }) =>
    Promise.resolve((classCount) =>
      createLogisticRegression(classCount, { seed, ...(epochs ? { epochs } : {}) }),
    ),
  svm: (_seed, { svmCost, svmGamma }) => createSvmFactory({ cost: svmCost, gamma: svmGamma }),
  cnn: async (seed, { epochs, warmStart, augment }) => {
    // Loaded on demand: TensorFlow.js is heavy and only the image experiments need it.
    const { createCnnFactory } = await import('@medlabel/loop/cnn');
    const wasmDir = process.env.MEDLABEL_TFJS_WASM_DIR;
    return createCnnFactory({
      seed,
      ...(epochs ? { epochs } : {}),
      ...(warmStart === undefined ? {} : { warmStart }),
      ...(augment === undefined ? {} : { augment: AUGMENT_OPTIONS[augment] }),
      ...(wasmDir ? { wasmDir } : {}),
    });
  },
};

export function modelBuilder(name: string): ModelBuilder {
  const builder = MODELS[name];
  if (!builder)
    throw new Error(`unknown model ${name}; choose one of ${Object.keys(MODELS).join(', ')}`);
  return builder;
}
