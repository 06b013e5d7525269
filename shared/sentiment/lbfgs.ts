/**
 * Limited-memory BFGS for smooth convex objectives (Nocedal & Wright, algorithm 7.4 and 7.5) with a
 * backtracking Armijo line search. Deterministic: the same objective and start give the same result.
 */

/** Writes the gradient at `x` into `gradient` and returns the objective value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** @default 200 */
  readonly maxIterations?: number;
  /** Stop when the objective improves by less than this fraction in one iteration. @default 1e-7 */
  readonly tolerance?: number;
  /** Correction pairs kept. @default 10 */
  readonly memory?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export function minimize(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIterations = 200, tolerance = 1e-7, memory = 10 } = options;
  const n = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(n);
  const nextX = new Float64Array(n);
  let nextGradient = new Float64Array(n);
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    // Two-loop recursion: direction = -H·gradient.
    direction.set(gradient);
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(s[i]!, direction);
      const yi = y[i]!;
      for (let j = 0; j < n; j++) direction[j]! -= alpha[i]! * yi[j]!;
    }
    const gamma =
      s.length > 0
        ? dot(s.at(-1)!, y.at(-1)!) / dot(y.at(-1)!, y.at(-1)!)
        : 1 / Math.sqrt(dot(gradient, gradient) || 1);
    for (let j = 0; j < n; j++) direction[j]! *= gamma;
    for (let i = 0; i < s.length; i++) {
      const beta = rho[i]! * dot(y[i]!, direction);
      const si = s[i]!;
      for (let j = 0; j < n; j++) direction[j]! += si[j]! * (alpha[i]! - beta);
    }
    for (let j = 0; j < n; j++) direction[j] = -direction[j]!;
    const slope = dot(gradient, direction);
    if (!(slope < 0)) break; // not a descent direction: converged as far as floating point allows

    let step = 1;
    let nextValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) nextX[j] = x[j]! + step * direction[j]!;
      nextValue = objective(nextX, nextGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break;

    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sk[j] = nextX[j]! - x[j]!;
      yk[j] = nextGradient[j]! - gradient[j]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const improvement = (value - nextValue) / Math.max(Math.abs(value), 1e-12);
    x = Float64Array.from(nextX);
    [gradient, nextGradient] = [nextGradient, gradient];
    value = nextValue;
    if (improvement < tolerance) {
      iteration++;
      break;
    }
  }
  return { x, value, iterations: iteration };
}
