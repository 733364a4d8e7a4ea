/**
 * Data augmentation of a batch: a random integer shift per image (zero fill) and, only for tasks
 * whose labels survive mirroring, a random horizontal flip; one projective-transform op for the
 * whole batch. The random draws (`augmentTransforms`) are separate from applying them
 * (`transformBatch`), so data-parallel workers apply the draws made for their rows.
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

/** Eight projective-transform parameters per image, drawn image by image. */
export function augmentTransforms(
  count: number,
  width: number,
  options: AugmentPlan,
  random: Rng,
): Float32Array {
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
  return transforms;
}

/** Returns a new tensor; the caller owns (and disposes) both. */
export function transformBatch(images: tf.Tensor4D, transforms: Float32Array): tf.Tensor4D {
  return tf.tidy(() =>
    tf.image.transform(
      images,
      tf.tensor2d(transforms, [images.shape[0], 8]),
      'nearest',
      'constant',
      0,
    ),
  );
}
