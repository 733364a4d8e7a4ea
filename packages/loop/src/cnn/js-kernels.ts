/**
 * Kernels that the wasm backend runs slowly, rewritten over the wasm heap (measured on a
 * 16/32-filter CNN: the first two together 40% of a training step before, ~5% after):
 * - Sum over leading axes (the bias gradients of conv layers): wasm transposes first;
 * - MaxPoolGrad: wasm's generic loop; also gated by the ReLU before the pool, as one kernel
 *   (RELU_MAX_POOL_GRAD, for conv-block.ts);
 * - Identity: wasm copies the tensor, though tensors are immutable; the engine clones every
 *   tensor a gradient saves (each step copied the largest activations).
 * Other cases fall back to the original kernels.
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  util,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { BACKEND, type WasmHeap } from './wasm-calls.js';

function sumOverLeadingAxes(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || axes.length === 0) return original(args);
    const heap = args.backend as unknown as WasmHeap;
    const kept = x.shape.slice(axes.length);
    const out = heap.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    // Views after makeOutput: allocating may grow (and detach) the wasm heap.
    const sums = heap.typedArrayFromHeap(out);
    const values = heap.typedArrayFromHeap(x);
    const width = util.sizeFromShape(kept);
    sums.fill(0);
    for (let row = 0; row < values.length; row += width) {
      for (let j = 0; j < width; j++) sums[j]! += values[row + j]!;
    }
    return out;
  };
}

/** Kernel name of max pooling's gradient gated by the ReLU before the pool (conv-block.ts). */
export const RELU_MAX_POOL_GRAD = 'MedlabelReluMaxPoolGrad';

/**
 * Routes each output gradient to the first maximum of its window, as the cpu backend does.
 * `reluGate`: the pooled input is a ReLU's output, and its gradient is applied too: a window
 * whose maximum is 0 (the ReLU was off there) passes no gradient.
 */
function routeMaxPoolGrad(args: Parameters<KernelFunc>[0], reluGate: boolean): TensorInfo {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const heap = args.backend as unknown as WasmHeap;
  const out = heap.makeOutput([...input.shape], 'float32');
  // Views after makeOutput: allocating may grow (and detach) the wasm heap.
  const dx = heap.typedArrayFromHeap(out);
  const x = heap.typedArrayFromHeap(input);
  const g = heap.typedArrayFromHeap(dy);
  const floor = reluGate ? 0 : -Infinity;
  dx.fill(0);
  const rowStride = inWidth * channels;
  const tiles =
    [filterHeight, filterWidth, strideHeight, strideWidth].every((v) => v === 2) &&
    2 * outHeight <= inHeight &&
    2 * outWidth <= inWidth &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0;
  if (reluGate && tiles) {
    routeReluTiles2x2(bits(g), bits(x), bits(dx), [
      batchSize,
      inHeight,
      outHeight,
      outWidth,
      rowStride,
      channels,
    ]);
    return out;
  }
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    const base = b * inHeight * rowStride;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - info.padInfo.top;
      const fy0 = Math.max(0, -y0);
      const fy1 = Math.min(filterHeight, inHeight - y0);
      for (let ox = 0; ox < outWidth; ox++, gi += channels) {
        const x0 = ox * strideWidth - info.padInfo.left;
        const fx0 = Math.max(0, -x0);
        const fx1 = Math.min(filterWidth, inWidth - x0);
        const corner = base + y0 * rowStride + x0 * channels;
        // Channel by channel (contiguous), the window in row-major order: the first maximum
        // wins; only a maximum above the floor takes the gradient.
        for (let c = 0; c < channels; c++) {
          let best = floor;
          let at = -1;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = corner + fy * rowStride + fx0 * channels + c;
            for (let fx = fx0; fx < fx1; fx++, p += channels) {
              if (x[p]! > best) {
                best = x[p]!;
                at = p;
              }
            }
          }
          if (at >= 0) dx[at]! += g[gi + c]!;
        }
      }
    }
  }
  return out;
}

/** The same memory read as int32 (the bits of each float). */
function bits(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * routeMaxPoolGrad with the ReLU gate for 2x2 windows with stride 2 inside the input (the
 * network's pools), on the floats' bits and without branches: the general loop's comparisons of
 * random activations are mispredicted by the CPU. A ReLU's outputs are not negative, and
 * non-negative floats order as their bits do (as int32, after clearing the sign of -0; a NaN
 * counts as the largest). Each window's first maximum in row-major order gets the
 * gradient where that maximum is above 0; windows do not overlap, so each gradient is written,
 * not added (measured on 64x28x28x32: 3.4 ms against 15.8).
 */
function routeReluTiles2x2(
  g: Int32Array,
  x: Int32Array,
  dx: Int32Array,
  [batchSize, inHeight, outHeight, outWidth, rowStride, channels]: Readonly<
    [number, number, number, number, number, number]
  >,
): void {
  const across = 2 * channels;
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      let corner = (b * inHeight + 2 * oy) * rowStride;
      for (let ox = 0; ox < outWidth; ox++, corner += across) {
        const end = corner + channels;
        for (let p = corner; p < end; p++, gi++) {
          const a = x[p]! & 0x7fffffff;
          const right = x[p + channels]! & 0x7fffffff;
          const below = x[p + rowStride]! & 0x7fffffff;
          const diagonal = x[p + rowStride + channels]! & 0x7fffffff;
          // -1 where the later of two is strictly larger, else 0; then the larger by masking.
          const upper = (a - right) >> 31;
          const lower = (below - diagonal) >> 31;
          const upperMax = a + ((right - a) & upper);
          const lowerMax = below + ((diagonal - below) & lower);
          const takeLower = (upperMax - lowerMax) >> 31;
          const max = upperMax + ((lowerMax - upperMax) & takeLower);
          const upperAt = channels & upper;
          const at = p + upperAt + ((rowStride + (channels & lower) - upperAt) & takeLower);
          // The gradient's bits where max > 0, else 0 (+0.0).
          dx[at] = g[gi]! & (-max >> 31);
        }
      }
    }
  }
}

function maxPoolGrad(original: KernelFunc): KernelFunc {
  return (args) =>
    (args.inputs as { input: TensorInfo }).input.dtype === 'float32'
      ? routeMaxPoolGrad(args, false)
      : original(args);
}

/** The same data under a second reference, as the cpu backend's Identity (strings: copied). */
function sharedIdentity(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original(args);
    (args.backend as unknown as WasmHeap).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

const replacements: Record<string, (original: KernelFunc) => KernelFunc> = {
  Sum: sumOverLeadingAxes,
  MaxPoolGrad: maxPoolGrad,
  Identity: sharedIdentity,
};
const installed = new WeakSet<KernelFunc>();

/** Call before the wasm backend initializes (setup functions run then); idempotent. */
export function registerJsKernels(): void {
  if (getKernel(RELU_MAX_POOL_GRAD, BACKEND) === undefined) {
    registerKernel({
      kernelName: RELU_MAX_POOL_GRAD,
      backendName: BACKEND,
      kernelFunc: (args) => routeMaxPoolGrad(args, true),
    });
  }
  for (const [name, replace] of Object.entries(replacements)) {
    const original = getKernel(name, BACKEND);
    if (original === undefined) throw new Error(`wasm backend lacks the ${name} kernel`);
    if (installed.has(original.kernelFunc)) continue;
    const config: KernelConfig = { ...original, kernelFunc: replace(original.kernelFunc) };
    installed.add(config.kernelFunc);
    unregisterKernel(name, BACKEND);
    registerKernel(config);
  }
}
