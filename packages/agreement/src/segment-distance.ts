// The distance from a point moving along a line to fixed segments, as functions of how far the
// point has moved: P(t) = origin + t * direction, with a unit direction, so t is arc length.
// Each function is convex in t and made of at most three pieces: the distance to the segment's
// first end (the square root of a quadratic in t), to its line where P projects inside the
// segment (|linear| in t), and to its second end. On a stretch of t inside one piece of each,
// every squared distance is one quadratic, so where two are equal is the root of a quadratic,
// and each distance integrates in closed form. The functions live in flat arrays, reused from
// one edge to the next: the contour distances of a large reading study make millions of them.

/** Numbers kept per function: the t where the point passes the segment's ends (low < high:
 * from low to high it projects inside the segment); before low the distance is to one end,
 * (t + alpha)² + kappa squared, after high to the other; between, alpha + beta t to its line. */
const LOW = 0;
const HIGH = 1;
const LOW_ALPHA = 2;
const LOW_KAPPA = 3;
const HIGH_ALPHA = 4;
const HIGH_KAPPA = 5;
const LINE_ALPHA = 6;
const LINE_BETA = 7;
const STRIDE = 8;

/**
 * Distances from one track to several segments. `select` picks each function's piece for a
 * stretch of t, where its squared distance is (alpha + beta t)² + kappa: kept in that form, so
 * it is still exact where it is near 0 (an expanded quadratic would cancel there).
 */
export class Approaches {
  count = 0;
  private x = 0;
  private y = 0;
  private dx = 0;
  private dy = 0;
  private numbers = new Float64Array(16 * STRIDE);
  /** per function, on the selected stretch: on its line (1) or at an end (0), alpha, beta,
   * kappa */
  line = new Uint8Array(16);
  alpha = new Float64Array(16);
  beta = new Float64Array(16);
  kappa = new Float64Array(16);

  /** Starts over with a new track: origin (x, y), unit direction (dx, dy). */
  reset(x: number, y: number, dx: number, dy: number): void {
    this.count = 0;
    this.x = x;
    this.y = y;
    this.dx = dx;
    this.dy = dy;
  }

  /**
   * Adds the distance to the segment from (ax, ay) along the unit direction (ux, uy) for
   * `length` (0: the point (ax, ay)); returns its index.
   */
  add(ax: number, ay: number, ux: number, uy: number, length: number): number {
    const k = this.count++;
    if (k === this.line.length) this.grow();
    const { x, y, dx, dy } = this;
    const ex = x - ax;
    const ey = y - ay;
    const fx = ex - ux * length;
    const fy = ey - uy * length;
    const first = dx * ex + dy * ey;
    const acrossFirst = dx * ey - dy * ex;
    const second = dx * fx + dy * fy;
    const acrossSecond = dx * fy - dy * fx;
    // Projection on the segment, from its first end: along + cos t.
    const along = ex * ux + ey * uy;
    const cos = dx * ux + dy * uy;
    const o = k * STRIDE;
    const numbers = this.numbers;
    numbers[o + LINE_ALPHA] = ux * ey - uy * ex;
    numbers[o + LINE_BETA] = ux * dy - uy * dx;
    let firstLow: boolean;
    if (cos !== 0 && length > 0) {
      const passFirst = -along / cos;
      const passSecond = (length - along) / cos;
      firstLow = cos > 0;
      numbers[o + LOW] = firstLow ? passFirst : passSecond;
      numbers[o + HIGH] = firstLow ? passSecond : passFirst;
    } else {
      // Moving across the segment (or it is a point): one piece throughout.
      const inside = length > 0 && along > 0 && along < length;
      firstLow = length === 0 || along <= 0;
      numbers[o + LOW] = inside ? -Infinity : Infinity;
      numbers[o + HIGH] = Infinity;
    }
    numbers[o + LOW_ALPHA] = firstLow ? first : second;
    numbers[o + LOW_KAPPA] = firstLow ? acrossFirst * acrossFirst : acrossSecond * acrossSecond;
    numbers[o + HIGH_ALPHA] = firstLow ? second : first;
    numbers[o + HIGH_KAPPA] = firstLow ? acrossSecond * acrossSecond : acrossFirst * acrossFirst;
    return k;
  }

  private grow(): void {
    const size = this.line.length * 2;
    const numbers = new Float64Array(size * STRIDE);
    numbers.set(this.numbers);
    this.numbers = numbers;
    this.line = new Uint8Array(size);
    this.alpha = new Float64Array(size);
    this.beta = new Float64Array(size);
    this.kappa = new Float64Array(size);
  }

  /** Writes function k's breakpoints that lie inside (t0, t1) into `out` from `at`; returns
   * the new count. */
  breakpoints(k: number, t0: number, t1: number, out: Float64Array, at: number): number {
    const o = k * STRIDE;
    const low = this.numbers[o + LOW]!;
    const high = this.numbers[o + HIGH]!;
    if (low > t0 && low < t1) out[at++] = low;
    if (high > t0 && high < t1) out[at++] = high;
    return at;
  }

  /** Selects function k's piece just after t (from a breakpoint on, the piece it starts). */
  select(k: number, t: number): void {
    const o = k * STRIDE;
    const numbers = this.numbers;
    if (t >= numbers[o + LOW]! && t < numbers[o + HIGH]!) {
      this.line[k] = 1;
      this.alpha[k] = numbers[o + LINE_ALPHA]!;
      this.beta[k] = numbers[o + LINE_BETA]!;
      this.kappa[k] = 0;
      return;
    }
    const end = t < numbers[o + LOW]! ? LOW_ALPHA : HIGH_ALPHA;
    this.line[k] = 0;
    this.alpha[k] = numbers[o + end]!;
    this.beta[k] = 1;
    this.kappa[k] = numbers[o + end + 1]!;
  }

  /** Function k's squared distance at t (on its selected piece). */
  squaredAt(k: number, t: number): number {
    const v = this.alpha[k]! + this.beta[k]! * t;
    return v * v + this.kappa[k]!;
  }

  /** The derivative of function k's squared distance at t. */
  slopeAt(k: number, t: number): number {
    const beta = this.beta[k]!;
    return 2 * beta * (this.alpha[k]! + beta * t);
  }

  /** ∫ distance dt of function k over [t0, t1], inside its selected piece. */
  integral(k: number, t0: number, t1: number): number {
    const alpha = this.alpha[k]!;
    if (this.line[k] === 1) {
      const beta = this.beta[k]!;
      const v0 = alpha + beta * t0;
      const v1 = alpha + beta * t1;
      return v0 * v1 >= 0
        ? ((Math.abs(v0) + Math.abs(v1)) / 2) * (t1 - t0)
        : (v0 * v0 + v1 * v1) / (2 * Math.abs(beta));
    }
    return rootIntegral(t0 + alpha, t1 + alpha, this.kappa[k]!);
  }
}

/**
 * ∫ sqrt(x² + k) dx from x0 to x1 (k >= 0): (x S + k asinh(x / sqrt(k))) / 2 with S = sqrt(x² + k),
 * the difference of the two asinh terms taken as one logarithm (of sums that do not cancel).
 */
function rootIntegral(x0: number, x1: number, k: number): number {
  const s0 = Math.sqrt(x0 * x0 + k);
  const s1 = Math.sqrt(x1 * x1 + k);
  const plain = (x1 * s1 - x0 * s0) / 2;
  if (k <= 0) return plain;
  // asinh(x / r) = ln((x + S) / r) for x >= 0, and -ln((S - x) / r) for x < 0.
  let logs: number;
  if (x0 >= 0) logs = Math.log((x1 + s1) / (x0 + s0));
  else if (x1 <= 0) logs = Math.log((s0 - x0) / (s1 - x1));
  else logs = Math.log(((x1 + s1) * (s0 - x0)) / k);
  return plain + (k * logs) / 2;
}

/**
 * Where c2 x² + c1 x + c0 (the difference of two squared distances, positive at 0) first turns
 * negative for 0 < x < within: the smaller root when it opens upwards, the larger when downwards,
 * the root when it is linear and falling; Infinity when it does not. Most differences are ruled
 * out by their signs, without the root.
 */
export function firstEntry(c2: number, c1: number, c0: number, within: number): number {
  if (c2 >= 0) {
    // Rising from 0 on, or its lowest point above 0: positive throughout.
    if (c1 >= 0) return Infinity;
    if (c2 === 0) {
      const root = -c0 / c1;
      return root < within ? root : Infinity;
    }
    if (4 * c2 * c0 >= c1 * c1) return Infinity;
  } else if ((c2 * within + c1) * within + c0 > 0) {
    // Opening downwards and still positive at `within`: positive before it.
    return Infinity;
  }
  // The stable pair of roots: q = -(c1 + sign(c1) sqrt(D)) / 2, roots q / c2 and c0 / q.
  const q = -(c1 + (c1 < 0 ? -1 : 1) * Math.sqrt(c1 * c1 - 4 * c2 * c0)) / 2;
  const r1 = q / c2;
  const r2 = c0 / q;
  const entry = c2 > 0 ? Math.min(r1, r2) : Math.max(r1, r2);
  return entry > 0 && entry < within ? entry : Infinity;
}
