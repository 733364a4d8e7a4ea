/**
 * One data-parallel training thread (see data-parallel.ts): holds a copy of the network and the
 * Adam state of its own range of the parameters; for each step it computes the gradients of its
 * part of the batch, shares them through shared memory, waits for the other workers, updates its
 * range of the shared weights from the summed gradients, waits again, and loads the weights.
 */
// eslint-disable-next-line no-restricted-imports -- a thread for computing, no I/O
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { LabeledSamples } from '../classifier.js';
import { Adam } from './adam.js';
import { buildNetwork } from './architecture.js';
import { initTrainingBackend } from './backend.js';
import type {
  NetworkSpec,
  WorkerReply,
  WorkerRequest,
  WorkerSetup,
  WorkerStep,
} from './data-parallel.js';
import { batchTensors, setFlatWeights, stepGradients, writeGradients } from './train-step.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const arrivals = new Int32Array(setup.arrivals);

await initTrainingBackend(setup.wasmDir === undefined ? {} : { wasmDir: setup.wasmDir });

/** The state of the current fit. */
interface Fit {
  readonly network: NetworkSpec;
  readonly model: tf.LayersModel;
  readonly data: LabeledSamples;
  /** This worker's range of the parameters. */
  readonly adam: Adam;
  readonly weights: Float32Array;
  /** Every worker's gradient slot, in worker order. */
  readonly slots: Float32Array[];
}
let fit: Fit | undefined;

function begin(request: Extract<WorkerRequest, { type: 'fit' }>): void {
  const same = fit !== undefined && JSON.stringify(fit.network) === JSON.stringify(request.network);
  if (!same) fit?.model.dispose();
  const { inputShape, classCount, architecture } = request.network;
  const model = same ? fit!.model : buildNetwork(inputShape, classCount, architecture, 0);
  const weights = new Float32Array(request.weights);
  setFlatWeights(model, weights);
  const parameters = weights.length;
  const [from, to] = [setup.index, setup.index + 1].map((k) =>
    Math.floor((k * parameters) / setup.threads),
  );
  fit = {
    network: request.network,
    model,
    data: request.data,
    adam: new Adam(from!, to!),
    weights,
    slots: Array.from(
      { length: setup.threads },
      (_, k) => new Float32Array(request.gradients, k * parameters * 4, parameters),
    ),
  };
}

/** Blocks until every worker has reached barrier `count` (0-based in the fit). */
function barrier(count: number): void {
  const target = setup.threads * (count + 1);
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
  const { model, adam, weights, slots } = fit;
  const [x, y] = batchTensors(fit.data, request, fit.network.classCount);
  // Each worker its own masks (with one thread, the same seed as training on the caller's).
  const dropoutSeed = request.dropoutSeed * setup.threads + setup.index;
  const { loss, grads } = stepGradients(model, x, y, dropoutSeed);
  // This part's mean gradient, weighted by its share of the batch.
  const share = request.rows.length / request.batchRows;
  writeGradients(grads, slots[setup.index]!, share);
  const partLoss = loss.dataSync()[0]! * share;
  tf.dispose([x, y, loss, ...grads.map((g) => g.tensor)]);
  // Every slot written: update this worker's range of the weights from their sum.
  barrier(2 * request.step);
  adam.step(weights, slots, request.learningRate);
  // Every range updated (and no slot is read any more): load the new weights.
  barrier(2 * request.step + 1);
  setFlatWeights(model, weights);
  return partLoss;
}

function handle(request: WorkerRequest): WorkerReply {
  switch (request.type) {
    case 'fit':
      begin(request);
      return { type: 'ready' };
    case 'epoch':
      return { type: 'loss', loss: request.steps.reduce((sum, part) => sum + step(part), 0) };
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
