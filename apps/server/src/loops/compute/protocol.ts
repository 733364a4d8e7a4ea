/** Messages between a training job and its compute thread (structured-clone safe). */
import type { ClassifierName, ClassifierSettings, LabeledSamples, Samples } from '@medlabel/loop';

export interface ModelSpec {
  readonly classifier: ClassifierName;
  readonly settings: ClassifierSettings;
  readonly classCount: number;
}

/** Temperature scaling fitted on V (T = 1 changes nothing). */
export interface Calibration {
  readonly method: 'temperature';
  readonly temperature: number;
}

export interface TrainRequest {
  readonly type: 'train';
  readonly model: ModelSpec;
  readonly training: LabeledSamples;
  readonly validation: LabeledSamples;
  /** Trained and scored on V too when given: the random-sampling baseline. */
  readonly baselineTraining?: LabeledSamples | undefined;
}

export interface TrainResponse {
  readonly type: 'trained';
  readonly artifact: Uint8Array;
  readonly calibration: Calibration;
  readonly validationAccuracy: number;
  readonly eceRaw: number;
  readonly eceCalibrated: number;
  readonly confusion: number[][];
  readonly baselineAccuracy?: number;
}

export interface PredictRequest {
  readonly type: 'predict';
  readonly model: ModelSpec;
  readonly artifact: Uint8Array;
  readonly calibration: Calibration;
  /** Each is predicted and calibrated; answers in the same order. */
  readonly samples: readonly Samples[];
}

export interface PredictResponse {
  readonly type: 'predicted';
  readonly probabilities: Float32Array[];
}

export type ComputeRequest = TrainRequest | PredictRequest;
export type ComputeResponse = TrainResponse | PredictResponse;

export type ComputeMessage =
  | ComputeResponse
  | {
      readonly type: 'progress';
      readonly stage: 'model' | 'baseline';
      readonly epoch: number;
      readonly epochs: number;
      readonly fraction: number;
      readonly loss?: number | undefined;
    }
  | {
      readonly type: 'validation';
      readonly stage: 'model' | 'baseline';
      readonly epoch: number;
      readonly validationAccuracy: number;
    }
  | { readonly type: 'error'; readonly message: string };
