/**
 * Data augmentation on a batch tensor: a random integer shift per image (zero fill) and, only
 * for tasks whose labels survive mirroring, a random horizontal flip; one projective-transform
 * op for the whole batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random.js';

export interface AugmentOptions {
  /** Largest shift in pixels along each axis (0 disables shifting). */
  readonly maxShift: number;
}

/** Augmentation as applied: `flip` mirrors half of the images left-right. */
export interface AugmentPlan extends AugmentOptions {
  readonly flip: boolean;
}

/** Returns a new tensor; the caller owns (and disposes) both. */
export function augmentBatch(images: tf.Tensor4D, options: AugmentPlan, random: Rng): tf.Tensor4D {
  const [count, , width] = images.shape;
  const transforms = new Float32Array(count * 8);
  for (let i = 0; i < count; i++) {
    const shift = (): number =>
      Math.floor(random.next() * (2 * options.maxShift + 1)) - options.maxShift;
    const flip = options.flip && random.next() < 0.5;
    // Output pixel (x, y) reads input pixel (a0*x + a2, y + b2).
    transforms.set(
      [flip ? -1 : 1, 0, (flip ? width - 1 : 0) + shift(), 0, 1, shift(), 0, 0],
      i * 8,
    );
  }
  return tf.tidy(() =>
    tf.image.transform(images, tf.tensor2d(transforms, [count, 8]), 'nearest', 'constant', 0),
  );
}
