/**
 * Convolution gradient kernels for the wasm backend of TensorFlow.js 4.22, built on its fast
 * (XNNPACK) matrix product and convolution.
 *
 * Conv2DBackpropFilter is missing on wasm, so a conv layer cannot be trained at all: here it is
 * one matrix product of the input patches (im2col, written by a plain loop) with dy. (A first
 * version ran it as a convolution of the transposed input with dy as the filter: XNNPACK is slow
 * on such huge filters with a 3x3 output, 4-6x slower for a first layer with one channel.)
 * Conv2DBackpropInput on wasm is a slow plain loop: stride 1 runs as a convolution instead.
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { BACKEND, release, run, type WasmHeap } from './wasm-calls.js';

/** Kernel name of the filter and bias gradients in one product (conv-block.ts). */
export const FILTER_BIAS_GRAD = 'MedlabelConv2DBackpropFilterBias';

/**
 * Output positions per product. XNNPACK packs the product's second operand (dy) on every call,
 * and that packing slows down a lot once the packed copy leaves the cache: 64 images of 28x28
 * with 32 filters in one product took 12-14 ms of CPU, in parts of about 2,000 positions 7 ms;
 * 14x14 with 32 -> 64 channels 25 -> 23 ms. The patches of one part stay in the cache too.
 */
const CHUNK_POSITIONS = 2048;

/** Adds a kernel output to the intermediate results to free; returns it. */
function keep(temporaries: TensorInfo[], t: TensorInfo): TensorInfo {
  temporaries.push(t);
  return t;
}

/**
 * Writes the patches of images [first, first + images) for filterGradient: row (a*kw + b)*Cin
 * + ci holds, for each of their output positions in order, the pixel that tap (a, b, ci) saw.
 */
function writePatches(
  out: Float32Array,
  pixels: Float32Array,
  info: backend_util.Conv2DInfo,
  first: number,
  images: number,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const imagePositions = outHeight * outWidth;
  const positions = images * imagePositions;
  const rowStride = inWidth * inChannels;
  const columnStep = strideWidth * inChannels;
  // Image by image, so that the image's pixels stay in the cache while every tap and channel
  // reads them.
  for (let n = 0; n < images; n++) {
    for (let b = 0; b < filterWidth; b++) {
      // Output columns whose tap b falls inside the image: [jFrom, jTo).
      const jFrom = Math.min(outWidth, Math.max(0, Math.ceil((left - b) / strideWidth)));
      const jTo = Math.max(
        jFrom,
        Math.min(outWidth, Math.ceil((inWidth + left - b) / strideWidth)),
      );
      const firstColumn = (jFrom * strideWidth + b - left) * inChannels;
      for (let a = 0; a < filterHeight; a++) {
        for (let ci = 0; ci < inChannels; ci++) {
          let o = ((a * filterWidth + b) * inChannels + ci) * positions + n * imagePositions;
          const image = (first + n) * inHeight * rowStride + ci + firstColumn;
          for (let i = 0; i < outHeight; i++, o += outWidth) {
            const y = i * strideHeight + a - top;
            // Short rows: plain loops (a fill() call per row costs more than it saves).
            if (y < 0 || y >= inHeight) {
              for (let j = o; j < o + outWidth; j++) out[j] = 0;
              continue;
            }
            for (let j = o; j < o + jFrom; j++) out[j] = 0;
            let from = image + y * rowStride;
            for (let j = o + jFrom; j < o + jTo; j++, from += columnStep) out[j] = pixels[from]!;
            for (let j = o + jTo; j < o + outWidth; j++) out[j] = 0;
          }
        }
      }
    }
  }
}

/**
 * Adds patches dy ([rows, P] times [P, Cout]) into sum ([rows, Cout]). XNNPACK packs the second
 * operand on every call: where the patches have fewer rows than dy has columns (a first layer),
 * they are packed instead, as (dy^T patches^T)^T (64 images of 28x28, 32 filters: 8 ms of CPU
 * instead of 11, the same sums).
 */
function addProduct(
  sum: Float32Array,
  patches: TensorInfo,
  dy: TensorInfo,
  backend: unknown,
): void {
  const [rows, columns] = [patches.shape[0]!, dy.shape[1]!];
  const heap = backend as WasmHeap;
  const temporaries: TensorInfo[] = [];
  try {
    if (rows >= columns) {
      const product = keep(temporaries, run('BatchMatMul', { a: patches, b: dy }, {}, backend));
      const values = heap.typedArrayFromHeap(product);
      for (let k = 0; k < values.length; k++) sum[k]! += values[k]!;
      return;
    }
    const dyT = keep(temporaries, run('Transpose', { x: dy }, { perm: [1, 0] }, backend));
    const patchesT = keep(temporaries, run('Transpose', { x: patches }, { perm: [1, 0] }, backend));
    const product = keep(temporaries, run('BatchMatMul', { a: dyT, b: patchesT }, {}, backend));
    const values = heap.typedArrayFromHeap(product);
    for (let c = 0; c < columns; c++) {
      for (let r = 0; r < rows; r++) sum[r * columns + c]! += values[c * rows + r]!;
    }
  } finally {
    release(backend, temporaries);
  }
}

/**
 * The filter gradient as one matrix product (im2col):
 *   dW[(a*kw + b)*Cin + ci, co] = sum over p of patches[(a*kw + b)*Cin + ci, p] * dy[p, co]
 * with p = (n, i, j) over every output position and patches[., p] the input pixel that filter
 * tap (a, b, ci) saw there (0 in the padding). The patches are written transposed ([taps, P])
 * so the product runs on XNNPACK's fast path with dy ([P, Cout]) as its weights.
 * `withBias`: one more row of ones gives the bias gradient (the sum of dy over positions) from
 * the same product, whose cost is mostly packing dy: the output is then [taps + 1, Cout].
 * The positions are taken in parts of whole images (CHUNK_POSITIONS), one product each, and the
 * parts' products added (in float32, part by part).
 */
function filterGradient(withBias: boolean): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { batchSize, inChannels, outHeight, outWidth, outChannels } = info;
    const imagePositions = outHeight * outWidth;
    const chunkImages = Math.max(
      1,
      Math.min(batchSize, Math.floor(CHUNK_POSITIONS / imagePositions)),
    );
    const taps = info.filterHeight * info.filterWidth * inChannels;
    const rows = taps + (withBias ? 1 : 0);
    const heap = backend as unknown as WasmHeap;
    const patches = heap.makeOutput([rows, chunkImages * imagePositions], 'float32');
    const flatDy = { ...dy, shape: [batchSize * imagePositions, outChannels] };
    const sum = new Float32Array(rows * outChannels);
    const temporaries: TensorInfo[] = [patches];
    try {
      for (let n0 = 0; n0 < batchSize; n0 += chunkImages) {
        const images = Math.min(chunkImages, batchSize - n0);
        const positions = images * imagePositions;
        // Views after every allocation: allocating may grow (and detach) the wasm heap.
        const out = heap.typedArrayFromHeap(patches);
        writePatches(out, heap.typedArrayFromHeap(x), info, n0, images);
        if (withBias) out.fill(1, taps * positions, rows * positions);
        let part: TensorInfo = flatDy;
        if (positions < batchSize * imagePositions) {
          part = heap.makeOutput([positions, outChannels], 'float32');
          const from = n0 * imagePositions * outChannels;
          heap
            .typedArrayFromHeap(part)
            .set(heap.typedArrayFromHeap(dy).subarray(from, from + positions * outChannels));
        }
        try {
          addProduct(sum, { ...patches, shape: [rows, positions] }, part, backend);
        } finally {
          if (part !== flatDy) release(backend, [part]);
        }
      }
      const result = heap.makeOutput(withBias ? [rows, outChannels] : [...filterShape], 'float32');
      heap.typedArrayFromHeap(result).set(sum);
      return result;
    } finally {
      release(backend, temporaries);
    }
  };
}

/**
 * wasm's own Conv2DBackpropInput is a plain loop (the slowest kernel of a training step). For
 * stride 1 the input gradient is a full convolution of dy with the filter rotated by 180 degrees
 * and its channel axes swapped:
 *   dx[n, y, x, ci] = sum over a, b, co of dyPadded[n, y + a, x + b, co] * W[kh-1-a, kw-1-b, ci, co]
 * with dy padded by kh-1-padTop above and kh-1-padBottom below (likewise for columns).
 * Other strides keep the original kernel.
 */
function fastConv2DBackpropInput(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as Conv2DBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { filterHeight, filterWidth, padInfo } = info;
    const paddings = [
      [0, 0],
      [filterHeight - 1 - padInfo.top, filterHeight - 1 - padInfo.bottom],
      [filterWidth - 1 - padInfo.left, filterWidth - 1 - padInfo.right],
      [0, 0],
    ];
    const unsupported =
      dataFormat !== 'NHWC' ||
      info.strideHeight !== 1 ||
      info.strideWidth !== 1 ||
      paddings.some(([before, after]) => before! < 0 || after! < 0);
    if (unsupported) return original(args);

    const temporaries: TensorInfo[] = [];
    try {
      const rotated = keep(temporaries, run('Reverse', { x: filter }, { dims: [0, 1] }, backend));
      const swapped = keep(
        temporaries,
        run('Transpose', { x: rotated }, { perm: [0, 1, 3, 2] }, backend),
      );
      return run(
        'Conv2D',
        { x: dy, filter: swapped },
        // The padding as the convolution's own (XNNPACK reads zeros there): no padded copy.
        { strides: [1, 1], pad: paddings, dataFormat: 'NHWC', dilations: [1, 1] },
        backend,
      );
    } finally {
      release(backend, temporaries);
    }
  };
}

/** Adds the missing filter gradient (also with the bias gradient) and replaces the slow input gradient; idempotent. */
export function registerConv2DGradientKernels(): void {
  for (const [kernelName, withBias] of [
    ['Conv2DBackpropFilter', false],
    [FILTER_BIAS_GRAD, true],
  ] as const) {
    if (getKernel(kernelName, BACKEND) === undefined) {
      registerKernel({ kernelName, backendName: BACKEND, kernelFunc: filterGradient(withBias) });
    }
  }
  const input = getKernel('Conv2DBackpropInput', BACKEND);
  if (input === undefined) throw new Error('wasm backend lacks the Conv2DBackpropInput kernel');
  if (!replaced.has(input.kernelFunc)) {
    const kernelFunc = fastConv2DBackpropInput(input.kernelFunc);
    replaced.add(kernelFunc);
    unregisterKernel('Conv2DBackpropInput', BACKEND);
    // Keep the original setupFunc: the fallback path needs its wasm function bound.
    registerKernel({ ...input, kernelFunc });
  }
}

const replaced = new WeakSet<KernelFunc>();
