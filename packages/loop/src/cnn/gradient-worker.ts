/**
 * One data-parallel training thread (see data-parallel.ts): holds a copy of the network and its
 * own Adam state; for each step it computes the gradients of its part of the batch, shares them
 * through shared memory, waits for the other workers, and applies the same summed gradients,
 * so every copy of the weights stays bit-for-bit the same.
 */
// eslint-disable-next-line no-restricted-imports -- a thread for computing, no I/O
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { LabeledSamples } from '../classifier.js';
import { buildNetwork } from './architecture.js';
import { initTrainingBackend } from './backend.js';
import type {
  NetworkSpec,
  WorkerReply,
  WorkerRequest,
  WorkerSetup,
  WorkerStep,
} from './data-parallel.js';
import { batchTensors, setLearningRate, stepGradients } from './train-step.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const arrivals = new Int32Array(setup.arrivals);

await initTrainingBackend(setup.wasmDir === undefined ? {} : { wasmDir: setup.wasmDir });

/** The state of the current fit. */
interface Fit {
  readonly network: NetworkSpec;
  readonly model: tf.LayersModel;
  readonly shapes: number[][];
  readonly sizes: number[];
  readonly optimizer: tf.AdamOptimizer;
  readonly data: LabeledSamples;
  readonly slots: Float32Array;
}
let fit: Fit | undefined;

function begin(request: Extract<WorkerRequest, { type: 'fit' }>): void {
  fit?.optimizer.dispose();
  const same = fit !== undefined && JSON.stringify(fit.network) === JSON.stringify(request.network);
  if (!same) fit?.model.dispose();
  const { inputShape, classCount, architecture } = request.network;
  const model = same ? fit!.model : buildNetwork(inputShape, classCount, architecture, 0);
  const weights = request.weights.map((w, i) => tf.tensor(w, model.weights[i]!.read().shape));
  model.setWeights(weights);
  tf.dispose(weights);
  const shapes = model.trainableWeights.map((w) => w.read().shape);
  fit = {
    network: request.network,
    model,
    shapes,
    sizes: shapes.map((shape) => shape.reduce((a, b) => a * b, 1)),
    optimizer: tf.train.adam(request.learningRate),
    data: request.data,
    slots: new Float32Array(request.gradients),
  };
}

/** Blocks until every worker has written its gradients of step `step` (0-based in the fit). */
function barrier(step: number): void {
  const target = setup.threads * (step + 1);
  if (Atomics.add(arrivals, 0, 1) + 1 === target) {
    Atomics.notify(arrivals, 0);
    return;
  }
  for (let seen = Atomics.load(arrivals, 0); seen < target; seen = Atomics.load(arrivals, 0)) {
    Atomics.wait(arrivals, 0, seen);
  }
}

function step(request: WorkerStep): number {
  if (fit === undefined) throw new Error('a step before any fit');
  const { model, shapes, sizes, optimizer, slots } = fit;
  const parameters = slots.length / (2 * setup.threads);
  // Two banks of slots, by step parity: a worker that passed the barrier may write its next
  // step's gradients while another still sums this step's (it cannot get two steps ahead).
  const bank = (request.step % 2) * setup.threads;
  const [x, y] = batchTensors(fit.data, request, fit.network.classCount);
  // Each worker its own masks (with one thread, the same seed as training on the caller's).
  const dropoutSeed = request.dropoutSeed * setup.threads + setup.index;
  const { loss, grads } = stepGradients(model, x, y, dropoutSeed);
  // This part's mean gradient, weighted by its share of the batch.
  const share = request.rows.length / request.batchRows;
  const own = slots.subarray(
    (bank + setup.index) * parameters,
    (bank + setup.index + 1) * parameters,
  );
  let offset = 0;
  for (const { tensor } of grads) {
    const values = tensor.dataSync();
    for (let i = 0; i < values.length; i++) own[offset + i] = values[i]! * share;
    offset += values.length;
  }
  const partLoss = loss.dataSync()[0]! * share;
  tf.dispose([x, y, loss, ...grads.map((g) => g.tensor)]);
  barrier(request.step);
  // Every worker sums the slots in the same order: the same update everywhere.
  const summed = new Float32Array(parameters);
  for (let k = 0; k < setup.threads; k++) {
    const slot = slots.subarray((bank + k) * parameters, (bank + k + 1) * parameters);
    for (let i = 0; i < parameters; i++) summed[i]! += slot[i]!;
  }
  offset = 0;
  const update = grads.map(({ name }, v) => {
    const tensor = tf.tensor(summed.subarray(offset, offset + sizes[v]!), shapes[v]);
    offset += sizes[v]!;
    return { name, tensor };
  });
  setLearningRate(optimizer, request.learningRate);
  optimizer.applyGradients(update);
  tf.dispose(update.map((u) => u.tensor));
  return partLoss;
}

function handle(request: WorkerRequest): WorkerReply {
  switch (request.type) {
    case 'fit':
      begin(request);
      return { type: 'ready' };
    case 'epoch':
      return { type: 'loss', loss: request.steps.reduce((sum, part) => sum + step(part), 0) };
    case 'weights': {
      if (fit === undefined) throw new Error('weights asked before any fit');
      const weights = fit.model.getWeights().map((w) => w.dataSync() as Float32Array);
      return { type: 'weights', weights };
    }
  }
}

port.on('message', (request: WorkerRequest) => {
  try {
    port.postMessage(handle(request));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({ type: 'error', message } satisfies WorkerReply);
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
