export * from './problems.js';
export * from './limits.js';
export * from './template.js';
export { validateTemplateDefinition } from './template-validation.js';
export * from './template-ui.js';
export * from './annotation.js';
export { validateAnnotationPayload, type AnnotationContext } from './annotation-validation.js';
export * from './measurements.js';
export { exampleTemplates } from './examples.js';
export * from './search-fields.js';
export * from './search-query.js';
export {
  describeRequirement,
  matchExpertise,
  meetsRequiredExpertise,
  normalizeExpertiseTerms,
  type ExpertiseMatch,
} from './expertise.js';
export {
  MODALITIES,
  SPECIALTIES,
  modalityCode,
  specialtyLineage,
  specialtyName,
  type Specialty,
} from './expertise-vocabulary.js';
export { MIN_PASSWORD_LENGTH, PASSWORD_RULE, weakPasswordReason } from './password-policy.js';
