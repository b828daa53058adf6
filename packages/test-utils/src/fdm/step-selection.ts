import { stencilOf, type Stencil, type StencilKind } from './stencil.js';

/** What step selection needs to know about a method. */
export interface MethodSpec {
  readonly kind: StencilKind;
  readonly points: number;
  readonly order: number;
  readonly maxRange: number;
  readonly adapt: number;
  readonly condition: number;
  readonly factor: number;
}

/** A function of one real variable with a real or vector value. */
export type SampledFunction = (t: number) => number | ArrayLike<number>;

/** The chosen step and the error bound it minimises. */
export interface StepChoice {
  readonly step: number;
  readonly accuracy: number;
}

/** The distance from `x` to the next double away from zero (Julia's `eps(x)`). */
export function ulp(x: number): number {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return Number.MIN_VALUE;
  let e = Math.floor(Math.log2(a));
  // log2 can round across a power of two; correct so that 2^e <= a < 2^(e+1).
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return Math.max(2 ** (e - 52), Number.MIN_VALUE);
}

/** Evaluates `f` on the stencil and combines: the derivative estimate (scalar or per component). */
export function evaluate(
  stencil: Stencil,
  q: number,
  f: SampledFunction,
  x: number,
  step: number,
  coefficients: readonly number[] = stencil.coefficients,
  samples?: (number | ArrayLike<number>)[],
): number | Float64Array {
  const scale = step ** q;
  let scalar = 0;
  let vector: Float64Array | undefined;
  for (let i = 0; i < stencil.grid.length; i++) {
    const c = coefficients[i];
    let y = samples?.[i];
    if (y === undefined) {
      // A zero weight (the centre of an odd central stencil) needs no evaluation.
      if (c === 0 && samples === undefined) continue;
      y = f(x + stencil.grid[i] * step);
    }
    if (typeof y === 'number') {
      scalar += c * y;
    } else {
      vector ??= new Float64Array(y.length);
      for (let k = 0; k < y.length; k++) vector[k] += c * y[k];
    }
  }
  if (vector === undefined) return scalar / scale;
  for (let k = 0; k < vector.length; k++) vector[k] /= scale;
  return vector;
}

/** Step and error bound from the derivative and function-error sizes (the bound's minimiser). */
function stepFromSizes(
  stencil: Stencil,
  p: number,
  q: number,
  derivativeSize: number,
  functionError: number,
  factor: number,
): StepChoice {
  const c1 = functionError * stencil.roundoffMultiplier * factor;
  const c2 = derivativeSize * stencil.truncationMultiplier;
  const step = ((q / (p - q)) * (c1 / c2)) ** (1 / p);
  return { step, accuracy: boundAt(c1, c2, p, q, step) };
}

function boundAt(c1: number, c2: number, p: number, q: number, step: number): number {
  return c1 * step ** -q + c2 * step ** (p - q);
}

/**
 * FiniteDifferences.jl's step selection. The error of a p-point estimate of the q-th
 * derivative is bounded by `C₁h⁻ᵠ + C₂hᵖ⁻ᵠ`: round-off in the evaluations (`C₁`, from the
 * function's size times machine precision) against truncation (`C₂`, from the size of the
 * p-th derivative near `x`). The step minimises that bound. With adaptation the sizes are
 * measured by a (p+2)-point method for the p-th derivative; without it the p-th derivative is
 * assumed to be `condition` and the function error one machine epsilon.
 */
export function estimateStepOf(m: MethodSpec, f: SampledFunction, x: number): StepChoice {
  const stencil = stencilOf(m.kind, m.points, m.order);
  const p = m.points;
  const q = m.order;
  const fallback = stepFromSizes(stencil, p, q, m.condition, Number.EPSILON, m.factor);
  let choice = fallback;
  let sizes: { derivative: number; fn: number } | undefined;
  if (m.adapt > 0 && q > 0) {
    sizes = measureSizes(m, f, x);
    if (
      sizes.derivative > 0 &&
      sizes.fn > 0 &&
      Number.isFinite(sizes.derivative) &&
      Number.isFinite(sizes.fn)
    ) {
      choice = stepFromSizes(stencil, p, q, sizes.derivative, ulp(sizes.fn), m.factor);
    } else {
      sizes = undefined;
    }
  }
  let step = choice.step;
  // Keep the stencil inside the allowed range, and guard against the huge steps that slowly
  // varying functions or high orders would otherwise get.
  const reach = Math.max(...stencil.grid.map(Math.abs));
  step = Math.min(step, m.maxRange / reach, 1000 * fallback.step);
  if (step === choice.step) return choice;
  const c1 = (sizes ? ulp(sizes.fn) : Number.EPSILON) * stencil.roundoffMultiplier * m.factor;
  const c2 = (sizes ? sizes.derivative : m.condition) * stencil.truncationMultiplier;
  return { step, accuracy: boundAt(c1, c2, p, q, step) };
}

/**
 * Sizes of the p-th derivative and of the function near `x`, measured with the method's
 * bound estimator: same kind, two more points, estimating the p-th derivative.
 */
function measureSizes(
  m: MethodSpec,
  f: SampledFunction,
  x: number,
): { derivative: number; fn: number } {
  const bound: MethodSpec = { ...m, points: m.points + 2, order: m.points, adapt: m.adapt - 1 };
  const stencil = stencilOf(bound.kind, bound.points, bound.order);
  let { step } = estimateStepOf(bound, f, x);
  let sizes = { derivative: Number.NaN, fn: Number.NaN };
  // A non-finite sample means the wide bound stencil left the function's domain (log near
  // 0): retreat towards x a few times before giving up on adaptation.
  for (let attempt = 0; attempt < RETREATS; attempt++, step /= 10) {
    const samples = stencil.grid.map((g) => f(x + g * step));
    let derivative = 0;
    for (const coefficients of stencil.neighbourhood) {
      const d = evaluate(stencil, bound.order, f, x, step, coefficients, samples);
      derivative = Math.max(derivative, maxAbs(d));
    }
    let fn = 0;
    for (const s of samples) fn = Math.max(fn, maxAbs(s));
    sizes = { derivative, fn };
    if (Number.isFinite(derivative) && Number.isFinite(fn)) break;
  }
  return sizes;
}

/** How many tenfold retreats a stencil makes when it meets a non-finite value. */
export const RETREATS = 4;

function maxAbs(v: number | ArrayLike<number>): number {
  if (typeof v === 'number') return Math.abs(v);
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    // NaN must poison the size (the stencil left the domain), not vanish in Math.max.
    if (Number.isNaN(a)) return Number.NaN;
    m = Math.max(m, a);
  }
  return m;
}
