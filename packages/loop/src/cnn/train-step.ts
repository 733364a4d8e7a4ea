/**
 * One training step written out instead of tfjs-layers' trainOnBatch, so that:
 * - 2-D convolutions run as a plain conv2d plus bias: the fused convolution that the layers use
 *   computes the gradient of every input eagerly, including the input images' gradient, which
 *   nothing needs (a tenth of a step on the 16/32-filter network);
 * - the gradients come back as tensors, for data-parallel workers to average before the update.
 * Other layers (ReLU, pooling, dense, dropout, batch norm) run their own training call.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabeledSamples } from '../classifier.js';
import { transformBatch } from './augment.js';

/** What one optimizer step trains on, decided by the fit (and split among workers by rows). */
export interface StepPlan {
  /** Rows of the training set in this batch (or in this worker's part of it). */
  readonly rows: Int32Array;
  /** Eight augmentation parameters per row (augment.ts), or none. */
  readonly transforms?: Float32Array | undefined;
  readonly learningRate: number;
  /** Seeds the dropout masks of this step. */
  readonly dropoutSeed: number;
}

/** The plan's images (augmented) and one-hot labels; the caller disposes them. */
export function batchTensors(
  data: LabeledSamples,
  plan: StepPlan,
  classCount: number,
): [tf.Tensor4D, tf.Tensor2D] {
  const [h = 0, w = 0, c = 1] = data.shape;
  const size = h * w * c;
  const pixels = new Float32Array(plan.rows.length * size);
  const labels = new Int32Array(plan.rows.length);
  plan.rows.forEach((row, i) => {
    pixels.set(data.values.subarray(row * size, (row + 1) * size), i * size);
    labels[i] = data.labels[row]!;
  });
  return tf.tidy(() => {
    const images = tf.tensor4d(pixels, [plan.rows.length, h, w, c]);
    const input = plan.transforms === undefined ? images : transformBatch(images, plan.transforms);
    return [input, tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat()] as [
      tf.Tensor4D,
      tf.Tensor2D,
    ];
  });
}

/** Sets the step's learning rate (tfjs' Adam reads it on every update). */
export function setLearningRate(optimizer: tf.AdamOptimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

interface ConvConfig {
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly dilationRate: [number, number];
  readonly dataFormat: string;
  readonly activation: string;
}

function plainConv(layer: tf.layers.Layer, x: tf.Tensor4D): tf.Tensor4D | undefined {
  const config = layer.getConfig() as unknown as ConvConfig;
  if (config.dataFormat !== 'channelsLast' || config.activation !== 'linear') return undefined;
  const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
  const y = tf.conv2d(x, kernel as tf.Tensor4D, config.strides, config.padding, 'NHWC', [
    ...config.dilationRate,
  ]);
  return bias === undefined ? y : tf.add<tf.Tensor4D>(y, bias);
}

/** The network's logits in training mode (dropout active). */
export function trainingLogits(model: tf.LayersModel, images: tf.Tensor4D): tf.Tensor2D {
  let x: tf.Tensor = images;
  for (const layer of model.layers) {
    const conv = layer.getClassName() === 'Conv2D' ? plainConv(layer, x as tf.Tensor4D) : undefined;
    x = conv ?? (layer.apply(x, { training: true }) as tf.Tensor);
  }
  return x as tf.Tensor2D;
}

export interface StepGradients {
  /** The batch's mean softmax cross-entropy. */
  readonly loss: tf.Scalar;
  /** d loss / d weight, in the order of the model's trainable weights. */
  readonly grads: { name: string; tensor: tf.Tensor }[];
}

/** The caller disposes the result. */
export function stepGradients(
  model: tf.LayersModel,
  images: tf.Tensor4D,
  oneHot: tf.Tensor2D,
  dropoutSeed = 0,
): StepGradients {
  // tfjs reuses a layer's dropout seed on every call (the same mask each batch): set it.
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dropout')
      (layer as unknown as { seed: number }).seed = dropoutSeed;
  }
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () =>
      tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(oneHot, trainingLogits(model, images)),
    variables,
  );
  return { loss: value, grads: variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })) };
}
