/** The subset of libsvm-js (libsvm compiled to wasm; no type definitions of its own) that the SVM uses. */
export interface LibsvmOptions {
  type?: string;
  kernel?: string;
  gamma?: number;
  cost?: number;
  probabilityEstimates?: boolean;
  quiet?: boolean;
}
export interface ProbabilityPrediction {
  prediction: number;
  estimates: { label: number; probability: number }[];
}
export interface SvmInstance {
  train(samples: number[][], labels: number[]): void;
  predictOneProbability(sample: number[]): ProbabilityPrediction;
  getLabels(): number[];
  serializeModel(): string;
  free(): void;
}
export interface SvmClass {
  new (options: LibsvmOptions): SvmInstance;
  load(serialized: string): SvmInstance;
  SVM_TYPES: Record<'C_SVC' | 'NU_SVC' | 'ONE_CLASS' | 'EPSILON_SVR' | 'NU_SVR', string>;
  KERNEL_TYPES: Record<'LINEAR' | 'POLYNOMIAL' | 'RBF' | 'SIGMOID' | 'PRECOMPUTED', string>;
}
