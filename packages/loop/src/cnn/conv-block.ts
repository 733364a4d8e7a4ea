/**
 * A convolution block of the training step (conv + bias -> ReLU -> max pool) as one op with its
 * own gradient, instead of four ops each with theirs:
 * - forward: XNNPACK's convolution with the bias and the ReLU fused in, then max pooling;
 * - backward: the pool's and the ReLU's gradients in one pass (RELU_MAX_POOL_GRAD), the filter
 *   and bias gradients from one matrix product (FILTER_BIAS_GRAD), and the input gradient only
 *   where the input is not the images.
 * That drops the bias addition, the ReLU and its gradient (four element-wise passes over the
 * largest activations) and the bias gradient's reduction from every step.
 */
import * as tf from '@tensorflow/tfjs';
import { FILTER_BIAS_GRAD } from './conv2d-gradients.js';
import { RELU_MAX_POOL_GRAD } from './js-kernels.js';

export interface ConvBlockShape {
  /** The convolution's padding (stride 1, no dilation). */
  readonly pad: 'same' | 'valid';
  readonly poolSize: [number, number];
  readonly poolStrides: [number, number];
  readonly poolPad: 'same' | 'valid';
  /** false for the first block: its input (the images) needs no gradient. */
  readonly inputGradient: boolean;
}

/** maxPool(relu(conv2d(x, kernel) + bias)), NHWC. */
export function convBlock(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  bias: tf.Tensor1D,
  shape: ConvBlockShape,
): tf.Tensor4D {
  const pool = { filterSize: shape.poolSize, strides: shape.poolStrides, pad: shape.poolPad };
  const op = tf.customGrad((input, filter, offset, save) => {
    const [x, kernel, bias] = [input, filter, offset] as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
    // The kernel itself: tf.fused.conv2d does not fuse while gradients are recorded.
    const relu = tf.engine().runKernel<tf.Tensor4D>(
      'FusedConv2D',
      { x, filter: kernel, bias },
      {
        strides: [1, 1],
        pad: shape.pad,
        dataFormat: 'NHWC',
        dilations: [1, 1],
        activation: 'relu',
      },
    );
    (save as tf.GradSaveFunc)([x, kernel, relu]);
    return {
      value: tf.maxPool(relu, pool.filterSize, pool.strides, pool.pad),
      gradFunc: (dy, saved) =>
        tf.tidy(() => {
          const [x, kernel, relu] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
          const dz = tf
            .engine()
            .runKernel<tf.Tensor4D>(RELU_MAX_POOL_GRAD, { dy, input: relu }, pool);
          const both = tf
            .engine()
            .runKernel<tf.Tensor2D>(
              FILTER_BIAS_GRAD,
              { x, dy: dz },
              { strides: [1, 1], pad: shape.pad, dataFormat: 'NHWC', filterShape: kernel.shape },
            );
          const taps = both.shape[0] - 1;
          return [
            shape.inputGradient
              ? tf.conv2dTranspose(dz, kernel, x.shape, 1, shape.pad)
              : tf.zerosLike(x),
            tf.reshape(tf.slice(both, [0, 0], [taps, -1]), kernel.shape),
            tf.reshape(tf.slice(both, [taps, 0], [1, -1]), [both.shape[1]]),
          ];
        }),
    };
  });
  return op(x, kernel, bias) as tf.Tensor4D;
}
