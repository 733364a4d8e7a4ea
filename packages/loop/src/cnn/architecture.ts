/**
 * The network: convolution blocks (conv 3x3 -> [batch norm] -> ReLU -> max pool 2x2), then a
 * dense layer with dropout and a linear output of logits (softmax is applied outside, so the
 * logits stay available for calibration).
 */
import * as tf from '@tensorflow/tfjs';

export interface ArchitectureOptions {
  /** Filters of each convolution block; each block halves the resolution. */
  readonly filters: readonly number[];
  /** Units of the hidden dense layer. */
  readonly denseUnits: number;
  readonly dropout: number;
  /** Batch normalization after each convolution (its gradient is slow on wasm: Tile). */
  readonly batchNorm: boolean;
}

export function buildNetwork(
  inputShape: readonly [number, number, number],
  classCount: number,
  options: ArchitectureOptions,
  seed: number,
): tf.Sequential {
  let layerSeed = seed * 100;
  const init = (): ReturnType<typeof tf.initializers.heNormal> =>
    tf.initializers.heNormal({ seed: layerSeed++ });
  const model = tf.sequential();
  options.filters.forEach((filters, block) => {
    model.add(
      tf.layers.conv2d({
        ...(block === 0 ? { inputShape: [...inputShape] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias: !options.batchNorm,
        kernelInitializer: init(),
      }),
    );
    if (options.batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.reLU());
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  model.add(
    tf.layers.dense({ units: options.denseUnits, activation: 'relu', kernelInitializer: init() }),
  );
  model.add(tf.layers.dropout({ rate: options.dropout, seed: layerSeed++ }));
  model.add(
    tf.layers.dense({
      units: classCount,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }),
    }),
  );
  return model;
}
