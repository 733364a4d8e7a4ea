export * from './problems.js';
export * from './template.js';
export { validateTemplateDefinition } from './template-validation.js';
export * from './template-ui.js';
export * from './annotation.js';
