export * from './fashion-mnist.js';
export * from './pydicom.js';
