export type * from './classifier.js';
