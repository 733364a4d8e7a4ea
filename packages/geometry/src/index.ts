export * from './point.js';
export * from './segment.js';
export * from './polyline.js';
export * from './polygon.js';
export * from './self-intersection.js';
export * from './bounds.js';
export * from './spacing.js';
