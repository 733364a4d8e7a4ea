import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork } from '../src/cnn/architecture.js';
import { initTrainingBackend } from '../src/cnn/backend.js';
import { stepGradients, trainingLogits, writeGradients } from '../src/cnn/train-step.js';

describe('CNN training step', () => {
  beforeAll(async () => {
    await initTrainingBackend();
  });

  const architecture = { filters: [4, 6], denseUnits: 8, dropout: 0, batchNorm: false };

  // 12 filters on one channel: fewer patch rows (9 taps and the bias) than filters, so the
  // first filter gradient packs the patches, not dy.
  it.each([architecture, { ...architecture, filters: [12, 6] }])(
    "gives the gradients of the layers' own forward pass: %j",
    async (network) => {
      const model = buildNetwork([12, 12, 1], 3, network, 5);
      const images = tf.randomUniform<tf.Rank.R4>([6, 12, 12, 1], 0, 1, 'float32', 1);
      const oneHot = tf
        .oneHot(tf.tensor1d([0, 1, 2, 2, 1, 0], 'int32'), 3)
        .toFloat() as tf.Tensor2D;
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const reference = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(
            oneHot,
            model.apply(images, { training: true }) as tf.Tensor,
          ),
        variables,
      );
      const step = stepGradients(model, images, oneHot);
      expect(await step.loss.data()).toEqual(await reference.value.data());
      expect(step.grads.map((g) => g.name)).toEqual(variables.map((v) => v.name));
      for (const { name, tensor } of step.grads) {
        const expected = await reference.grads[name]!.data();
        const actual = await tensor.data();
        expect(expected.some((v) => v !== 0)).toBe(true);
        for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 5);
      }
      tf.dispose([images, oneHot, step.loss, reference.value, ...Object.values(reference.grads)]);
      tf.dispose(step.grads.map((g) => g.tensor));
      model.dispose();
    },
  );

  it('writes gradients from the wasm heap only', async () => {
    await tf.setBackend('cpu');
    try {
      expect(() => writeGradients([], new Float32Array(0), 1)).toThrow(/wasm backend only/);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('computes no gradient for the input images', async () => {
    const model = buildNetwork([12, 12, 1], 3, architecture, 5);
    const images = tf.randomUniform<tf.Rank.R4>([6, 12, 12, 1], 0, 1, 'float32', 1);
    const oneHot = tf.oneHot(tf.tensor1d([0, 1, 2, 2, 1, 0], 'int32'), 3).toFloat() as tf.Tensor2D;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const inputGradients = async (loss: () => tf.Scalar): Promise<number> => {
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(loss, variables);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length;
    };
    // The layers' fused convolution computes both convolutions' input gradients...
    const layers = () =>
      tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(
        oneHot,
        model.apply(images, { training: true }) as tf.Tensor,
      );
    expect(await inputGradients(layers)).toBe(2);
    // ...the step only the second one's (the first one's input is the images).
    const step = () =>
      tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(oneHot, trainingLogits(model, images));
    expect(await inputGradients(step)).toBe(1);
    tf.dispose([images, oneHot]);
    model.dispose();
  });
});
