export * from './readings.js';
export * from './confusion.js';
export * from './cohen.js';
export * from './fleiss.js';
export * from './krippendorff.js';
export * from './measurements.js';
export * from './icc.js';
export * from './bland-altman.js';
export { fQuantile, tCritical } from './distributions.js';
