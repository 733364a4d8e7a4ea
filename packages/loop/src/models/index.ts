export { createLogisticRegression, type LogisticOptions } from './logistic.js';
export { createSvmFactory, type SvmOptions } from './svm.js';
export { fitStandardizer, standardize, type Standardizer } from './standardizer.js';
export {
  CLASSIFIER_NAMES,
  classifierFactory,
  isClassifierName,
  type ClassifierName,
  type ClassifierSettings,
} from './registry.js';
