export * from './fashion-mnist.js';
