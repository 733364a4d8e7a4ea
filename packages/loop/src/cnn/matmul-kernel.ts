/**
 * BatchMatMul on wasm takes XNNPACK's fast path only when neither operand is transposed; with
 * either flag it falls back to a scalar triple loop (measured: 2.0 s of a 7.2 s run of the
 * 16/32-filter benchmark, all of it the dense layer's gradients x^T dy and dy W^T). Here a
 * transposed operand is transposed explicitly (a memory copy) and the product runs on the fast
 * path, as C = A B or as C = (B^T A^T)^T, whichever copies less: XNNPACK packs the second
 * operand on every call, so dy W^T runs as (W dy^T)^T and packs the small dy^T, not W^T.
 * Batched products (more than one matrix per operand) keep the original kernel.
 */
import {
  getKernel,
  registerKernel,
  unregisterKernel,
  util,
  type BatchMatMulAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { BACKEND, release, run } from './wasm-calls.js';

/** Swaps the last two axes. */
function transposed(x: TensorInfo, backend: unknown): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  perm.push(...perm.splice(-2).reverse());
  return run('Transpose', { x }, { perm }, backend);
}

/**
 * Whether C = (B^T A^T)^T copies fewer floats than C = A B, for A [m, k] and B [k, n] given
 * possibly transposed: each operand stored the other way round is transposed (one copy), the
 * second operand is packed (counted as two copies), and the swapped product is transposed back.
 */
function flipped(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): boolean {
  const [m, k] = transposeA ? aShape.slice(-2).reverse() : aShape.slice(-2);
  const n = transposeB ? bShape.at(-2)! : bShape.at(-1)!;
  const [mk, kn] = [m! * k!, k! * n];
  const direct = (transposeA ? mk : 0) + (transposeB ? kn : 0) + 2 * kn;
  const swapped = (transposeB ? 0 : kn) + (transposeA ? 0 : mk) + 2 * mk + m! * n;
  return swapped < direct;
}

function fastBatchMatMul(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const single = (t: TensorInfo): boolean => util.sizeFromShape(t.shape.slice(0, -2)) === 1;
    if ((!transposeA && !transposeB) || !single(a) || !single(b)) return original(args);
    const temporaries: TensorInfo[] = [];
    const plain = (t: TensorInfo, flip: boolean): TensorInfo => {
      if (!flip) return t;
      const copy = transposed(t, args.backend);
      temporaries.push(copy);
      return copy;
    };
    const product = (left: TensorInfo, right: TensorInfo): TensorInfo =>
      original({
        ...args,
        inputs: { a: left, b: right },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    try {
      if (!flipped(a.shape, b.shape, transposeA, transposeB))
        return product(plain(a, transposeA), plain(b, transposeB));
      const swapped = product(plain(b, !transposeB), plain(a, !transposeA));
      temporaries.push(swapped);
      return transposed(swapped, args.backend);
    } finally {
      release(args.backend, temporaries);
    }
  };
}

const installed = new WeakSet<KernelFunc>();

/** Call before the wasm backend initializes (setup functions run then); idempotent. */
export function registerMatMulKernel(): void {
  const original = getKernel('BatchMatMul', BACKEND);
  if (original === undefined) throw new Error('wasm backend lacks the BatchMatMul kernel');
  if (installed.has(original.kernelFunc)) return;
  const kernelFunc = fastBatchMatMul(original.kernelFunc);
  installed.add(kernelFunc);
  unregisterKernel('BatchMatMul', BACKEND);
  registerKernel({ ...original, kernelFunc });
}
