/**
 * Seconds per epoch of the CNN on Fashion-MNIST, and test accuracy after the run.
 * Usage: npx tsx packages/loop/bench/cnn-speed.ts [trainCount=3000] [epochs=2] [filters=32,64] [batch=64]
 * The committed slice has 2,000 items a part: set FASHION_MNIST_DIR to the full set (Debian's
 * /usr/share/datasets/fashion-mnist) for the default 3,000.
 */
import * as tf from '@tensorflow/tfjs';
import { createCnnFactory } from '../src/cnn/index.js';
import { fashionMnist } from '../test/cnn-fixtures.js';

const [trainCount = 3000, epochs = 2] = process.argv.slice(2, 4).map(Number);
const filters = (process.argv[4] ?? '32,64').split(',').map(Number);
const batchSize = Number(process.argv[5] ?? 64);

const factory = await createCnnFactory({ epochs, batchSize, seed: 1, architecture: { filters } });
const train = fashionMnist('train', trainCount);
const test = fashionMnist('t10k', 2000);
const cnn = factory(10, [28, 28, 1]);
const started = performance.now();
let last = started;
await cnn.fit(train, {
  onProgress: ({ epoch, loss }) => {
    const now = performance.now();
    console.log(`epoch ${epoch}: ${((now - last) / 1000).toFixed(2)} s, loss ${loss?.toFixed(4)}`);
    last = now;
  },
});
const fitSeconds = (performance.now() - started) / 1000;
const predictStart = performance.now();
const proba = await cnn.predictProba(test);
const predictSeconds = (performance.now() - predictStart) / 1000;
let correct = 0;
for (let i = 0; i < test.count; i++) {
  const row = proba.subarray(i * 10, i * 10 + 10);
  if (row.indexOf(Math.max(...row)) === test.labels[i]) correct++;
}
console.log(
  `filters ${filters.join(',')} batch ${batchSize}: ${trainCount} images x ${epochs} epochs in ${fitSeconds.toFixed(1)} s ` +
    `(${(fitSeconds / epochs).toFixed(2)} s/epoch, ${((trainCount * epochs) / fitSeconds).toFixed(0)} images/s); ` +
    `predict ${test.count} in ${predictSeconds.toFixed(2)} s; test accuracy ${((100 * correct) / test.count).toFixed(1)}%; ` +
    `tensors ${tf.memory().numTensors}`,
);
cnn.dispose();
