/**
 * One training step written out instead of tfjs-layers' trainOnBatch, so that:
 * - each conv -> ReLU -> max-pool block runs as one op with its own gradient (conv-block.ts),
 *   other 2-D convolutions as a plain conv2d plus bias: the fused convolution that the layers
 *   use computes the gradient of every input eagerly, including the input images' gradient,
 *   which nothing needs (a tenth of a step on the 16/32-filter network);
 * - the gradients come back as tensors, for data-parallel workers to sum before the update,
 *   and the weights go in and out as one flat array (for adam.ts and shared memory).
 * Other layers (dense, dropout, batch norm) run their own training call.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabeledSamples } from '../classifier.js';
import { transformBatch } from './augment.js';
import { convBlock } from './conv-block.js';
import { BACKEND, type WasmHeap } from './wasm-calls.js';

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

interface ConvConfig {
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly dilationRate: [number, number];
  readonly dataFormat: string;
  readonly activation: string;
}

interface PoolConfig {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly dataFormat: string;
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

/**
 * Conv2D (stride 1, with bias) -> ReLU -> MaxPooling2D at `layers[i]` as one convBlock op, or
 * undefined where the layers are not that.
 */
function block(
  layers: readonly tf.layers.Layer[],
  i: number,
  x: tf.Tensor4D,
  images: tf.Tensor4D,
): tf.Tensor4D | undefined {
  const [conv, relu, pool] = layers.slice(i, i + 3);
  if (
    conv?.getClassName() !== 'Conv2D' ||
    relu?.getClassName() !== 'ReLU' ||
    pool?.getClassName() !== 'MaxPooling2D'
  )
    return undefined;
  const c = conv.getConfig() as unknown as ConvConfig;
  const p = pool.getConfig() as unknown as PoolConfig;
  const [kernel, bias] = conv.trainableWeights.map((w) => w.read());
  const plain =
    c.dataFormat === 'channelsLast' &&
    p.dataFormat === 'channelsLast' &&
    c.activation === 'linear' &&
    [...c.strides, ...c.dilationRate].every((s) => s === 1) &&
    relu.getConfig().maxValue == null &&
    bias !== undefined;
  if (!plain) return undefined;
  return convBlock(x, kernel as tf.Tensor4D, bias as tf.Tensor1D, {
    pad: c.padding,
    poolSize: p.poolSize,
    poolStrides: p.strides,
    poolPad: p.padding,
    inputGradient: x !== images,
  });
}

/** The network's logits in training mode (dropout active). */
export function trainingLogits(model: tf.LayersModel, images: tf.Tensor4D): tf.Tensor2D {
  let x: tf.Tensor = images;
  const layers = model.layers;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const fused = block(layers, i, x as tf.Tensor4D, images);
    if (fused !== undefined) {
      x = fused;
      i += 2;
      continue;
    }
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

/** The model's trainable weights as one flat array, in the order of `trainableWeights`. */
export function flatWeights(model: tf.LayersModel): Float32Array {
  const values = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  const out = new Float32Array(values.reduce((n, v) => n + v.length, 0));
  let offset = 0;
  for (const v of values) {
    out.set(v, offset);
    offset += v.length;
  }
  return out;
}

/** Sets the model's trainable weights from one flat array (the order of flatWeights). */
export function setFlatWeights(model: tf.LayersModel, flat: Float32Array): void {
  let offset = 0;
  for (const weight of model.trainableWeights) {
    const shape = weight.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const value = tf.tensor(flat.subarray(offset, offset + size), shape);
    weight.write(value);
    value.dispose();
    offset += size;
  }
}

/**
 * Writes the step's gradients times `scale` into `out` (the order of flatWeights), read in place
 * from the wasm heap that training runs on (initTrainingBackend): dataSync() would first copy
 * each into a new array (on 32/64 filters 1.7 MB of garbage a step; 0.25 -> 0.05 ms).
 */
export function writeGradients(
  grads: StepGradients['grads'],
  out: Float32Array,
  scale: number,
): void {
  if (tf.getBackend() !== BACKEND) throw new Error('the CNN trains on the wasm backend only');
  const heap = tf.backend() as unknown as WasmHeap;
  let offset = 0;
  for (const { tensor } of grads) {
    const values = heap.typedArrayFromHeap(tensor);
    if (scale === 1) out.set(values, offset);
    else for (let i = 0; i < values.length; i++) out[offset + i] = values[i]! * scale;
    offset += values.length;
  }
}
