/**
 * Calling wasm kernels from inside our replacement kernels: on TensorInfos, outside the engine
 * (no tape, no tidy), so intermediate results are freed by hand.
 */
import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';

export const BACKEND = 'wasm';

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

/** Runs another wasm kernel directly on TensorInfos (we are inside a kernel, not an op). */
export function run(
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
  backend: unknown,
): TensorInfo {
  const kernel = getKernel(name, BACKEND);
  if (kernel === undefined) throw new Error(`wasm backend lacks the ${name} kernel`);
  return kernel.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo;
}

/** Frees kernel outputs that were only intermediate results. */
export function release(backend: unknown, temporaries: readonly TensorInfo[]): void {
  for (const t of temporaries) (backend as WasmBackendLike).disposeData(t.dataId);
}

/** The public surface of tfjs-backend-wasm's BackendWasm that our JS kernels use. */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  /** One more reference to the data (freed when the last one is disposed). */
  incRef(dataId: object): void;
}
