/**
 * Convolution gradient kernels for the wasm backend of TensorFlow.js 4.22, built from its fast
 * (XNNPACK) Conv2D plus Pad, Slice, Transpose and Reverse.
 *
 * Conv2DBackpropFilter is missing on wasm, so a conv layer cannot be trained at all. Identity:
 *   dW[a, b, ci, co] = sum over n, i, j of x[n, i*s + a - padTop, j*s + b - padLeft, ci] * dy[n, i, j, co]
 * which is a stride-1 convolution of x (batch and channel axes swapped: [Cin, H, W, N]) with dy
 * as the filter ([OH, OW, N, Cout]) at dilation s, giving [Cin, kh, kw, Cout]; transposed back
 * to [kh, kw, Cin, Cout].
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { BACKEND, release, run } from './wasm-calls.js';

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
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
  const { strideHeight, strideWidth, filterHeight, filterWidth, outHeight, outWidth } = info;
  const [, inHeight, inWidth] = x.shape as [number, number, number, number];
  const { top, left } = info.padInfo;
  // Rows/columns of (padded) x that the forward pass actually touched.
  const extentH = (outHeight - 1) * strideHeight + filterHeight;
  const extentW = (outWidth - 1) * strideWidth + filterWidth;
  const bottom = Math.max(0, extentH - inHeight - top);
  const right = Math.max(0, extentW - inWidth - left);

  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => (temporaries.push(t), t);
  try {
    let input = x;
    if (top > 0 || bottom > 0 || left > 0 || right > 0) {
      const paddings = [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
      input = keep(run('PadV2', { x: input }, { paddings, constantValue: 0 }, backend));
    }
    const [, paddedH, paddedW, channels] = input.shape as [number, number, number, number];
    if (paddedH > extentH || paddedW > extentW) {
      const size = [input.shape[0] ?? 0, extentH, extentW, channels];
      input = keep(run('Slice', { x: input }, { begin: [0, 0, 0, 0], size }, backend));
    }
    const xT = keep(run('Transpose', { x: input }, { perm: [3, 1, 2, 0] }, backend));
    const dyT = keep(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, backend));
    const conv = keep(
      run(
        'Conv2D',
        { x: xT, filter: dyT },
        {
          strides: [1, 1],
          pad: 'valid',
          dataFormat: 'NHWC',
          dilations: [strideHeight, strideWidth],
          dimRoundingMode: undefined,
        } as unknown as NamedAttrMap,
        backend,
      ),
    );
    return run('Transpose', { x: conv }, { perm: [1, 2, 0, 3] }, backend);
  } finally {
    release(backend, temporaries);
  }
};

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
    const keep = (t: TensorInfo): TensorInfo => (temporaries.push(t), t);
    try {
      const padded = keep(run('PadV2', { x: dy }, { paddings, constantValue: 0 }, backend));
      const rotated = keep(run('Reverse', { x: filter }, { dims: [0, 1] }, backend));
      const swapped = keep(run('Transpose', { x: rotated }, { perm: [0, 1, 3, 2] }, backend));
      return run(
        'Conv2D',
        { x: padded, filter: swapped },
        { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
        backend,
      );
    } finally {
      release(backend, temporaries);
    }
  };
}

/** Adds the missing filter gradient and replaces the slow input gradient; idempotent. */
export function registerConv2DGradientKernels(): void {
  if (getKernel('Conv2DBackpropFilter', BACKEND) === undefined) {
    registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: BACKEND,
      kernelFunc: conv2DBackpropFilter,
    });
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
