export * from './readings.js';
export * from './confusion.js';
export * from './cohen.js';
export * from './fleiss.js';
export * from './krippendorff.js';
export { fQuantile, tCritical } from './distributions.js';
