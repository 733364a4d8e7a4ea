/**
 * The compute thread of a loop job: trains, calibrates and predicts with the loop's pure
 * library, so TensorFlow.js and libsvm never run on the HTTP event loop.
 */
import { parentPort } from 'node:worker_threads';
import {
  applyTemperature,
  classifierFactory,
  trainAndCalibrate,
  type Classifier,
} from '@medlabel/loop';
import type {
  ComputeMessage,
  ComputeRequest,
  ModelSpec,
  PredictRequest,
  TrainRequest,
} from './protocol.js';

const port = parentPort!;
const send = (message: ComputeMessage) => port.postMessage(message);

async function build(spec: ModelSpec, shape: readonly number[]): Promise<Classifier> {
  const factory = await classifierFactory(spec.classifier, spec.settings);
  return factory(spec.classCount, shape);
}

async function train(request: TrainRequest): Promise<void> {
  const classifier = await build(request.model, request.training.shape);
  try {
    const trained = await trainAndCalibrate(classifier, request.training, request.validation, {
      calibration: 'temperature',
      onProgress: (p) => send({ type: 'progress', stage: 'model', ...p }),
      onValidation: (epoch, validationAccuracy) =>
        send({ type: 'validation', stage: 'model', epoch, validationAccuracy }),
    });
    let baselineAccuracy: number | undefined;
    if (request.baselineTraining) {
      const baseline = await build(request.model, request.baselineTraining.shape);
      try {
        baselineAccuracy = (
          await trainAndCalibrate(baseline, request.baselineTraining, request.validation, {
            calibration: 'temperature',
            onProgress: (p) => send({ type: 'progress', stage: 'baseline', ...p }),
          })
        ).validationAccuracy;
      } finally {
        baseline.dispose();
      }
    }
    send({
      type: 'trained',
      artifact: await classifier.save(),
      calibration: { method: 'temperature', temperature: trained.calibrator.parameters[0] ?? 1 },
      validationAccuracy: trained.validationAccuracy,
      eceRaw: trained.eceRaw,
      eceCalibrated: trained.eceCalibrated,
      confusion: trained.confusion,
      ...(baselineAccuracy === undefined ? {} : { baselineAccuracy }),
    });
  } finally {
    classifier.dispose();
  }
}

async function predict(request: PredictRequest): Promise<void> {
  const first = request.samples[0];
  if (!first) throw new Error('nothing to predict');
  const classifier = await build(request.model, first.shape);
  try {
    await classifier.load(request.artifact);
    const probabilities: Float32Array[] = [];
    for (const samples of request.samples) {
      const raw = await classifier.predictProba(samples);
      probabilities.push(
        applyTemperature(raw, request.model.classCount, request.calibration.temperature),
      );
    }
    send({ type: 'predicted', probabilities });
  } finally {
    classifier.dispose();
  }
}

port.once('message', (request: ComputeRequest) => {
  (request.type === 'train' ? train(request) : predict(request)).catch((error: unknown) =>
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
