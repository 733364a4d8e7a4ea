/**
 * The model registry of the CLI: a name resolves to an async function that builds the classifier
 * factory for one seed. Wasm backends (libsvm-js, the TensorFlow.js wasm backend) load there.
 */
import { createLogisticRegression, createSvmFactory, type ClassifierFactory } from '@medlabel/loop';

export interface ModelOptions {
  readonly epochs?: number;
  readonly warmStart?: boolean;
  readonly svmCost?: number;
  readonly svmGamma?: number;
}

type ModelBuilder = (seed: number, options: ModelOptions) => Promise<ClassifierFactory>;

export const MODELS: Record<string, ModelBuilder> = {
  logreg: (seed, { epochs }) =>
    Promise.resolve((classCount) =>
      createLogisticRegression(classCount, { seed, ...(epochs ? { epochs } : {}) }),
    ),
  svm: (_seed, { svmCost, svmGamma }) => createSvmFactory({ cost: svmCost, gamma: svmGamma }),
  cnn: async (seed, { epochs, warmStart }) => {
    // Loaded on demand: TensorFlow.js is heavy and only the image experiments need it.
    const { createCnnFactory } = await import('@medlabel/loop/cnn');
    return createCnnFactory({
      seed,
      ...(epochs ? { epochs } : {}),
      ...(warmStart === undefined ? {} : { warmStart }),
    });
  },
};

export function modelBuilder(name: string): ModelBuilder {
  const builder = MODELS[name];
  if (!builder)
    throw new Error(`unknown model ${name}; choose one of ${Object.keys(MODELS).join(', ')}`);
  return builder;
}
