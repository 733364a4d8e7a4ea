/**
 * The contract every model in the labeling loop implements. The loop only needs class
 * probabilities, so a CNN over pixels and an SVM over measurement vectors plug in alike.
 */

/** A batch of samples stored row-major: sample i occupies values[i*size .. (i+1)*size). */
export interface Samples {
  /** Shape of one sample, e.g. [28, 28, 1] for a grey image or [9] for nine measurements. */
  readonly shape: readonly number[];
  readonly count: number;
  /** Feature values; NaN marks a missing measurement. */
  readonly values: Float32Array;
}

/** Samples with their class indices (0 .. classCount-1). */
export interface LabeledSamples extends Samples {
  readonly labels: Int32Array;
}

export interface FitProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** 0..1 share of the whole fit that is done. */
  readonly fraction: number;
  readonly loss?: number;
}

export interface FitOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
  /**
   * Awaited after each epoch by classifiers that train in epochs; predictProba then answers
   * with the weights so far (live validation accuracy while a model trains).
   */
  readonly onEpochEnd?: (epoch: number) => Promise<void>;
}

export interface Classifier {
  readonly name: string;
  readonly classCount: number;
  /**
   * True when a second fit() on the same instance continues from the current weights. The loop
   * then keeps the instance between rounds (warm start) instead of building a fresh one.
   */
  readonly warmStart?: boolean;
  /** Trains on the given set; resolves when done, rejects with an AbortError when cancelled. */
  fit(data: LabeledSamples, options?: FitOptions): Promise<void>;
  /** Row-major [count x classCount] probabilities; each row sums to 1. */
  predictProba(samples: Samples): Promise<Float32Array>;
  save(): Promise<Uint8Array>;
  load(bytes: Uint8Array): Promise<void>;
  /** Frees native or GPU memory held by the model. */
  dispose(): void;
}

/**
 * Builds a fresh, untrained classifier; the loop calls it when it retrains from scratch.
 * Backends that load asynchronously (wasm) are awaited once by an async function that returns
 * this factory, so the factory itself stays synchronous.
 */
export type ClassifierFactory = (classCount: number, sampleShape: readonly number[]) => Classifier;
