/**
 * The CNN image classifier, loaded through the '@medlabel/loop/cnn' subpath so TensorFlow.js
 * is imported only by callers that train images.
 */
import type { ClassifierFactory } from '../classifier.js';
import { initTrainingBackend, type BackendOptions } from './backend.js';
import { CnnClassifier, type CnnOptions } from './cnn-classifier.js';

export { CnnClassifier, defaultArchitecture, type CnnOptions } from './cnn-classifier.js';
export type { ArchitectureOptions } from './architecture.js';
export type { AugmentOptions } from './augment.js';
export { initTrainingBackend, type BackendOptions } from './backend.js';

/** Starts the wasm backend once, then returns a factory of seeded CNNs. */
export async function createCnnFactory(
  options: CnnOptions & BackendOptions = {},
): Promise<ClassifierFactory> {
  await initTrainingBackend(options);
  return (classCount: number) => new CnnClassifier(classCount, options);
}
