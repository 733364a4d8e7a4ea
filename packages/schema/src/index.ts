export * from './problems.js';
export * from './template.js';
export { validateTemplateDefinition } from './template-validation.js';
export * from './template-ui.js';
export * from './annotation.js';
export { validateAnnotationPayload, type AnnotationContext } from './annotation-validation.js';
export * from './measurements.js';
export { exampleTemplates } from './examples.js';
