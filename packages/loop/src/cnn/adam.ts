/**
 * Adam on flat float32 arrays: one loop over the parameters instead of TensorFlow.js' optimizer
 * (about ten tensor ops per weight tensor and step). Every operation is rounded to float32 in
 * the order of tfjs' AdamOptimizer (4.22), so the updates equal its updates bit for bit.
 * A range of the parameters can be updated alone: data-parallel workers each update their own
 * range of the shared weights from the summed gradients.
 */
const f = Math.fround;
const BETA1 = f(0.9);
const BETA2 = f(0.999);
const ONE_MINUS_BETA1 = f(1 - 0.9);
const ONE_MINUS_BETA2 = f(1 - 0.999);
/** tfjs' backend epsilon for float32. */
const EPSILON = f(1e-7);

export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private accBeta1 = BETA1;
  private accBeta2 = BETA2;

  /** Updates parameters [from, to) of the arrays given to `step`. */
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    this.m = new Float32Array(to - from);
    this.v = new Float32Array(to - from);
  }

  /**
   * One update of weights[from, to) with the gradient that is the sum of `parts` (added in
   * their order, as float32).
   */
  step(weights: Float32Array, parts: readonly Float32Array[], learningRate: number): void {
    const { m, v, from, to } = this;
    const correction1 = f(1 - this.accBeta1);
    const correction2 = f(1 - this.accBeta2);
    const rate = f(-learningRate);
    const first = parts[0]!;
    const count = parts.length;
    for (let i = from, j = 0; i < to; i++, j++) {
      let g = first[i]!;
      // An index loop: iterating over parts.slice(1) made the whole update 15% slower.
      for (let k = 1; k < count; k++) g = Math.fround(g + parts[k]![i]!);
      const mNew = Math.fround(Math.fround(m[j]! * BETA1) + Math.fround(g * ONE_MINUS_BETA1));
      const gg = Math.fround(g * g);
      const vNew = Math.fround(Math.fround(v[j]! * BETA2) + Math.fround(gg * ONE_MINUS_BETA2));
      m[j] = mNew;
      v[j] = vNew;
      const mHat = Math.fround(mNew / correction1);
      const root = Math.fround(Math.sqrt(Math.fround(vNew / correction2)));
      const change = Math.fround(Math.fround(mHat / Math.fround(root + EPSILON)) * rate);
      weights[i] = Math.fround(change + weights[i]!);
    }
    this.accBeta1 = f(this.accBeta1 * BETA1);
    this.accBeta2 = f(this.accBeta2 * BETA2);
  }
}
