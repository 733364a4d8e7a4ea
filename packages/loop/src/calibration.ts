/**
 * Probability calibration fitted on the validation set, so that a threshold on the top
 * probability means what it says. Every method maps raw probabilities to calibrated ones.
 * - temperature: one scalar T, q = softmax(log p / T), T minimising the NLL (Guo et al. 2017).
 *   Works for any classifier that outputs probabilities, and one parameter cannot overfit a
 *   small validation set.
 * - platt: a sigmoid a*logit(p_k)+b per class (one-vs-rest), rows renormalised; for two classes
 *   a single sigmoid, i.e. Platt scaling proper (Platt 1999, with Lin et al.'s smoothed targets).
 */

export type CalibrationMethod = 'none' | 'temperature' | 'platt';

export interface Calibrator {
  readonly method: CalibrationMethod;
  /** The fitted parameters, for the report (T, or [a, b] per class). */
  readonly parameters: readonly number[];
  apply(probabilities: Float32Array): Float32Array;
}

/** Probabilities are clamped away from 0 and 1 before taking logs. */
const EPS = 1e-7;

export function fitCalibrator(
  method: CalibrationMethod,
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  classCount: number,
): Calibrator {
  switch (method) {
    case 'none':
      return { method, parameters: [], apply: (p) => p };
    case 'temperature': {
      const t = fitTemperature(probabilities, labels, classCount);
      return { method, parameters: [t], apply: (p) => applyTemperature(p, classCount, t) };
    }
    case 'platt': {
      const params = fitPlatt(probabilities, labels, classCount);
      return { method, parameters: params.flat(), apply: (p) => applyPlatt(p, classCount, params) };
    }
  }
}

export function applyTemperature(
  probabilities: Float32Array,
  classCount: number,
  temperature: number,
): Float32Array {
  const out = new Float32Array(probabilities.length);
  const logits = new Float64Array(classCount);
  for (let row = 0; row < probabilities.length; row += classCount) {
    let max = -Infinity;
    for (let k = 0; k < classCount; k++) {
      logits[k] = Math.log(Math.max(EPS, probabilities[row + k]!)) / temperature;
      max = Math.max(max, logits[k]!);
    }
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += Math.exp(logits[k]! - max);
    for (let k = 0; k < classCount; k++) out[row + k] = Math.exp(logits[k]! - max) / sum;
  }
  return out;
}

/** Mean negative log-likelihood of the true classes. */
export function negativeLogLikelihood(
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  classCount: number,
): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    sum -= Math.log(Math.max(EPS, probabilities[i * classCount + labels[i]!]!));
  }
  return sum / labels.length;
}

/**
 * Golden-section search of log T in [1/20, 20]: the NLL is unimodal in T (convex in 1/T), so
 * no gradient code is needed.
 */
export function fitTemperature(
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  classCount: number,
): number {
  if (labels.length === 0) return 1;
  const loss = (logT: number): number =>
    negativeLogLikelihood(
      applyTemperature(probabilities, classCount, Math.exp(logT)),
      labels,
      classCount,
    );
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(1 / 20);
  let hi = Math.log(20);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = loss(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** [a, b] per modelled class: one sigmoid for two classes (class 1), else one per class. */
function fitPlatt(
  probabilities: Float32Array,
  labels: ArrayLike<number>,
  classCount: number,
): number[][] {
  const modelled = classCount === 2 ? [1] : Array.from({ length: classCount }, (_, k) => k);
  return modelled.map((k) => {
    const scores = Array.from(labels, (_, i) => logit(probabilities[i * classCount + k]!));
    const targets = Array.from(labels, (label) => (label === k ? 1 : 0));
    return fitSigmoid(scores, targets);
  });
}

function applyPlatt(
  probabilities: Float32Array,
  classCount: number,
  params: number[][],
): Float32Array {
  const out = new Float32Array(probabilities.length);
  for (let row = 0; row < probabilities.length; row += classCount) {
    if (classCount === 2) {
      const [a, b] = params[0]!;
      const p1 = sigmoid(a! * logit(probabilities[row + 1]!) + b!);
      out[row] = 1 - p1;
      out[row + 1] = p1;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < classCount; k++) {
      const [a, b] = params[k]!;
      out[row + k] = sigmoid(a! * logit(probabilities[row + k]!) + b!);
      sum += out[row + k]!;
    }
    for (let k = 0; k < classCount; k++) out[row + k] = out[row + k]! / sum;
  }
  return out;
}

/**
 * Newton's method with backtracking on the regularised targets of Platt (1999) as refined by
 * Lin, Lin and Weng (2007): P(y=1 | s) = sigmoid(a*s + b).
 */
export function fitSigmoid(
  scores: readonly number[],
  targets: readonly number[],
): [number, number] {
  const positives = targets.filter((t) => t === 1).length;
  const negatives = targets.length - positives;
  const hiTarget = (positives + 1) / (positives + 2);
  const loTarget = 1 / (negatives + 2);
  const t = targets.map((y) => (y === 1 ? hiTarget : loTarget));
  // Parameterised as P = sigmoid(a*s + b) and minimising cross-entropy against t.
  let a = 1;
  let b = Math.log((positives + 1) / (negatives + 1));
  const loss = (pa: number, pb: number): number =>
    scores.reduce((sum, s, i) => {
      const z = pa * s + pb;
      // log(1 + e^z) - t z, computed stably
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      return sum + softplus - t[i]! * z;
    }, 0);
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let gA = 0;
    let gB = 0;
    let hAA = 1e-12;
    let hAB = 0;
    let hBB = 1e-12;
    scores.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      const d = p - t[i]!;
      const w = p * (1 - p);
      gA += d * s;
      gB += d;
      hAA += w * s * s;
      hAB += w * s;
      hBB += w;
    });
    if (Math.abs(gA) < 1e-6 && Math.abs(gB) < 1e-6) break;
    const det = hAA * hBB - hAB * hAB;
    const stepA = -(hBB * gA - hAB * gB) / det;
    const stepB = -(-hAB * gA + hAA * gB) / det;
    let scale = 1;
    while (scale > 1e-8) {
      const next = loss(a + scale * stepA, b + scale * stepB);
      if (next < current + 1e-4 * scale * (gA * stepA + gB * stepB)) {
        a += scale * stepA;
        b += scale * stepB;
        current = next;
        break;
      }
      scale /= 2;
    }
    if (scale <= 1e-8) break;
  }
  return [a, b];
}
