/**
 * A convolutional image classifier on TensorFlow.js (wasm backend) implementing the loop's
 * Classifier contract: seeded, augmented, Adam with a cosine learning-rate decay, optional
 * warm start from the previous round's weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier, FitOptions, LabeledSamples, Samples } from '../classifier.js';
import { Adam } from './adam.js';
import { buildNetwork, type ArchitectureOptions } from './architecture.js';
import { augmentTransforms, type AugmentOptions, type AugmentPlan } from './augment.js';
import type { BackendOptions } from './backend.js';
import { DataParallelTrainer } from './data-parallel.js';
import { createRng, permutation } from '../random.js';
import { decodeModel, encodeModel } from './serialize.js';
import {
  batchTensors,
  flatWeights,
  setFlatWeights,
  stepGradients,
  writeGradients,
  type StepPlan,
} from './train-step.js';

export interface CnnOptions {
  /** Seeds weight initialization, shuffling, augmentation and dropout. Default 0. */
  readonly seed?: number;
  /** Passes over the training set per fit. Default 12. */
  readonly epochs?: number;
  /** Default 64. */
  readonly batchSize?: number;
  /** Adam's initial learning rate, decayed to zero over the fit (cosine). Default 0.002. */
  readonly learningRate?: number;
  readonly architecture?: Partial<ArchitectureOptions>;
  /** false disables augmentation. Default: shifts up to 2 pixels. */
  readonly augment?: AugmentOptions | false;
  /**
   * The task's labels do not change when an image is mirrored left-right (clothing, not digits,
   * not laterality, situs or echo views). Only then does augmentation flip images and does a
   * prediction average the image's logits with its mirror image's. Default false.
   */
  readonly mirrorInvariant?: boolean;
  /**
   * Threads a fit trains on (data-parallel workers, data-parallel.ts); 1 trains on the calling
   * thread. The seed reproduces a fit for a given thread count; another count draws other
   * dropout masks (results differ within noise). Networks with batch norm train on one thread.
   * Default 1; the library does not know the machine: the CLI (--threads) and the server
   * (MEDLABEL_CNN_THREADS) choose from its cores.
   */
  readonly threads?: number;
  /**
   * true: a later fit() continues from the current weights (the loop's 'warm' retraining);
   * false: every fit() starts from freshly seeded weights. Default false.
   */
  readonly warmStart?: boolean;
}

export const defaultArchitecture: ArchitectureOptions = {
  filters: [16, 32],
  denseUnits: 128,
  dropout: 0.3,
  batchNorm: false,
};
const defaultAugment: AugmentOptions = { maxShift: 2 };
const PREDICT_CHUNK = 512;

/** How a fit runs its steps (on this thread or on workers). */
interface FitSteps {
  /** One epoch's optimizer steps; resolves to the sum of the batches' mean losses. */
  epoch(plans: readonly StepPlan[], signal?: AbortSignal): Promise<number>;
  /** Brings the current weights into the classifier's own model. */
  sync(): Promise<void>;
  end(): void;
}

function abortError(): Error {
  const error = new Error('training was cancelled');
  error.name = 'AbortError';
  return error;
}

/** [H, W] or [H, W, C] to [H, W, C]. */
function imageShape(shape: readonly number[]): [number, number, number] {
  const [h, w, c = 1] = shape;
  if (h === undefined || w === undefined || shape.length > 3) {
    throw new Error(`the CNN needs images of shape [H, W] or [H, W, C], got [${shape.join(', ')}]`);
  }
  return [h, w, c];
}

export class CnnClassifier implements Classifier {
  readonly name = 'cnn';
  readonly warmStart: boolean;
  private readonly seed: number;
  private readonly epochs: number;
  private readonly batchSize: number;
  private readonly learningRate: number;
  private readonly architecture: ArchitectureOptions;
  /** The augmentation fit() applies; it flips only for mirror-invariant tasks. */
  readonly augmentation: AugmentPlan | false;
  /** Whether predictions average each image with its mirror image (when training flips). */
  readonly mirrorAtTest: boolean;
  /** Threads a fit trains on. */
  readonly threads: number;
  private readonly wasmDir: string | undefined;
  private model: tf.LayersModel | undefined;
  /** The workers of the fit in progress. */
  private parallel: DataParallelTrainer | undefined;
  private fits = 0;

  constructor(
    readonly classCount: number,
    options: CnnOptions & BackendOptions = {},
  ) {
    this.seed = options.seed ?? 0;
    this.threads = options.threads ?? 1;
    if (!Number.isInteger(this.threads) || this.threads < 1)
      throw new Error(`threads must be a whole number of at least 1, got ${this.threads}`);
    this.wasmDir = options.wasmDir;
    this.epochs = options.epochs ?? 12;
    this.batchSize = options.batchSize ?? 64;
    this.learningRate = options.learningRate ?? 0.002;
    this.architecture = { ...defaultArchitecture, ...options.architecture };
    const augment = options.augment ?? defaultAugment;
    const mirrorInvariant = options.mirrorInvariant ?? false;
    this.augmentation = augment === false ? false : { ...augment, flip: mirrorInvariant };
    this.mirrorAtTest = this.augmentation !== false && this.augmentation.flip;
    this.warmStart = options.warmStart ?? false;
  }

  async fit(data: LabeledSamples, options: FitOptions = {}): Promise<void> {
    const shape = imageShape(data.shape);
    if (data.count === 0) throw new Error('the CNN cannot be trained on an empty set');
    if (this.model === undefined || !this.warmStart) {
      this.model?.dispose();
      this.model = buildNetwork(shape, this.classCount, this.architecture, this.seed);
    }
    const fitSeed = this.seed * 1000 + this.fits++;
    const random = createRng(fitSeed);
    const batches = Math.ceil(data.count / this.batchSize);
    const totalSteps = this.epochs * batches;
    try {
      const steps = await this.fitSteps(this.model, data, shape);
      let step = 0;
      for (let epoch = 0; epoch < this.epochs; epoch++) {
        const order = permutation(data.count, random);
        if (options.signal?.aborted) throw abortError();
        const plans: StepPlan[] = [];
        for (let b = 0; b < batches; b++) {
          const rows = Int32Array.from(order.slice(b * this.batchSize, (b + 1) * this.batchSize));
          plans.push({
            rows,
            transforms:
              this.augmentation === false
                ? undefined
                : augmentTransforms(rows.length, shape[1], this.augmentation, random),
            // Cosine decay to zero.
            learningRate: (this.learningRate * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2,
            dropoutSeed: fitSeed * 100_000 + step,
          });
          step++;
        }
        const lossSum = await steps.epoch(plans, options.signal);
        options.onProgress?.({
          epoch: epoch + 1,
          epochs: this.epochs,
          fraction: step / totalSteps,
          loss: lossSum / batches,
        });
        if (options.onEpochEnd !== undefined) {
          await steps.sync();
          await options.onEpochEnd(epoch + 1);
        }
        // Let timers and abort events run between epochs.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await steps.sync();
      steps.end();
    } catch (error) {
      // A fit cut short leaves the workers mid-fit: they start afresh next time.
      this.parallel?.terminate();
      this.parallel = undefined;
      throw options.signal?.aborted ? abortError() : error;
    }
  }

  /** Steps on this thread, or on data-parallel workers (`threads` > 1, no batch norm). */
  private async fitSteps(
    model: tf.LayersModel,
    data: LabeledSamples,
    shape: [number, number, number],
  ): Promise<FitSteps> {
    if (this.threads === 1 || this.architecture.batchNorm) {
      const weights = flatWeights(model);
      const adam = new Adam(0, weights.length);
      const gradient = new Float32Array(weights.length);
      return {
        epoch: async (plans, signal) => {
          let lossSum = 0;
          for (const plan of plans) {
            if (signal?.aborted) throw abortError();
            const [x, y] = batchTensors(data, plan, this.classCount);
            const { loss, grads } = stepGradients(model, x, y, plan.dropoutSeed);
            writeGradients(grads, gradient, 1);
            adam.step(weights, [gradient], plan.learningRate);
            setFlatWeights(model, weights);
            lossSum += (await loss.data())[0]!;
            tf.dispose([x, y, loss, ...grads.map((g) => g.tensor)]);
          }
          return lossSum;
        },
        sync: () => Promise.resolve(),
        end: () => undefined,
      };
    }
    const parallel = await DataParallelTrainer.acquire(this.threads, this.wasmDir);
    this.parallel = parallel;
    const network = {
      inputShape: shape,
      classCount: this.classCount,
      architecture: this.architecture,
    };
    await parallel.begin(network, data, flatWeights(model));
    return {
      epoch: (plans, signal) => parallel.epoch(plans, signal),
      sync: () => {
        setFlatWeights(model, parallel.weights());
        return Promise.resolve();
      },
      end: () => {
        parallel.end();
        this.parallel = undefined;
      },
    };
  }

  /** Row-major [count x classCount] logits (for calibration by temperature scaling). */
  async predictLogits(samples: Samples): Promise<Float32Array> {
    return this.predictWith(samples, (logits) => logits);
  }

  async predictProba(samples: Samples): Promise<Float32Array> {
    return this.predictWith(samples, (logits) => tf.softmax(logits));
  }

  private async predictWith(
    samples: Samples,
    head: (logits: tf.Tensor2D) => tf.Tensor,
  ): Promise<Float32Array> {
    const model = this.requireModel();
    const shape = imageShape(samples.shape);
    const size = shape[0] * shape[1] * shape[2];
    const out = new Float32Array(samples.count * this.classCount);
    for (let start = 0; start < samples.count; start += PREDICT_CHUNK) {
      const count = Math.min(PREDICT_CHUNK, samples.count - start);
      const result = tf.tidy(() => {
        const images = tf.tensor4d(samples.values.subarray(start * size, (start + count) * size), [
          count,
          ...shape,
        ]);
        const logits = model.predict(images) as tf.Tensor2D;
        if (!this.mirrorAtTest) return head(logits);
        // Test-time augmentation: average the logits of the image and its mirror image.
        const mirrored = model.predict(tf.reverse(images, 2)) as tf.Tensor2D;
        return head(tf.div(tf.add(logits, mirrored), 2));
      });
      out.set(await result.data(), start * this.classCount);
      result.dispose();
    }
    return out;
  }

  async save(): Promise<Uint8Array> {
    return encodeModel(this.requireModel());
  }

  async load(bytes: Uint8Array): Promise<void> {
    const model = await decodeModel(bytes);
    this.model?.dispose();
    this.model = model;
  }

  dispose(): void {
    this.parallel?.terminate();
    this.parallel = undefined;
    this.model?.dispose();
    this.model = undefined;
  }

  private requireModel(): tf.LayersModel {
    if (this.model === undefined) throw new Error('the CNN has not been trained or loaded');
    return this.model;
  }
}
