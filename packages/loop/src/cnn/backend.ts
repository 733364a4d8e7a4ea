/**
 * One place that prepares TensorFlow.js for training in Node: the wasm backend (SIMD,
 * single thread: the threaded binary loads its worker from a blob URL, which fails in Node)
 * plus the training kernels it lacks or runs slowly.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerConv2DGradientKernels } from './conv2d-gradients.js';
import { registerJsKernels } from './js-kernels.js';
import { registerMatMulKernel } from './matmul-kernel.js';

export interface BackendOptions {
  /**
   * Folder (ending in '/') holding the tfjs-backend-wasm*.wasm files. Needed only when the
   * code runs bundled, away from node_modules/@tensorflow/tfjs-backend-wasm/dist.
   */
  readonly wasmDir?: string;
}

let ready: Promise<void> | undefined;

/** Idempotent: resolves once the wasm backend is active and complete for training. */
export function initTrainingBackend(options: BackendOptions = {}): Promise<void> {
  ready ??= (async () => {
    if (options.wasmDir !== undefined) setWasmPaths(options.wasmDir);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // Before setBackend: the replaced kernels keep their setup functions, which run then.
    registerConv2DGradientKernels();
    registerJsKernels();
    registerMatMulKernel();
    if (!(await tf.setBackend('wasm')))
      throw new Error('the TensorFlow.js wasm backend failed to start');
    await tf.ready();
  })();
  return ready;
}
