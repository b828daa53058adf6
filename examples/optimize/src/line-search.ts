import type { ValueAndGradient } from './types.js';
import { dot, step } from './vectors.js';

/** A point accepted by the line search. */
export interface LineSearchPoint {
  readonly t: number;
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
}

/** Sufficient decrease φ(t) ≤ φ(0) + c₁tφ′(0). */
const C1 = 1e-4;
/** Curvature |φ′(t)| ≤ c₂|φ′(0)|; 0.9 as for quasi-Newton methods. */
const C2 = 0.9;
/**
 * How far above φ(0) the loss may round (relative to |φ(0)|). The loss here sums 150 terms, so
 * its rounding is nearer 1e-15 than one ulp; Hager and Zhang use 1e-6, but their condition also
 * bounds the slope, as below.
 */
const ROUNDING = 1e-10;

/**
 * Hager and Zhang's approximate Wolfe conditions: near a minimiser the decrease a step promises
 * falls below the rounding of the loss, and sufficient decrease can only be judged from the
 * slope: (2c₁ − 1)φ′(0) ≥ φ′(t) ≥ c₂φ′(0), with φ(t) within rounding of φ(0).
 */
export function approximatelyWolfe(
  value0: number,
  slope0: number,
  value: number,
  slope: number,
): boolean {
  return (
    value <= value0 + ROUNDING * Math.abs(value0) &&
    slope <= (2 * C1 - 1) * slope0 &&
    slope >= C2 * slope0
  );
}

/**
 * A step length along the descent direction `d` from `x` satisfying the strong Wolfe conditions
 * (or, within rounding of the minimum, the approximate ones), by bracketing and bisection
 * (Nocedal & Wright, Algorithms 3.5 and 3.6). `undefined` when no such step is found in 40
 * evaluations; `count` is called once per evaluation.
 */
export function strongWolfe(
  fg: ValueAndGradient,
  x: Float64Array,
  value: number,
  gradient: Float64Array,
  d: Float64Array,
  t0: number,
  count: () => void,
): LineSearchPoint | undefined {
  const slope0 = dot(gradient, d);
  let lo = { t: 0, value, slope: slope0 };
  let hi: { t: number } | undefined;
  let t = t0;
  for (let k = 0; k < 40; k++) {
    count();
    const xt = step(x, t, d);
    const [v, g] = fg(xt);
    const p = { t, x: xt, value: v, gradient: g, slope: dot(g, d) };
    const sufficient = p.value <= value + C1 * t * slope0;
    if (
      (sufficient && Math.abs(p.slope) <= -C2 * slope0) ||
      approximatelyWolfe(value, slope0, p.value, p.slope)
    ) {
      return p;
    }
    if (!sufficient || (k > 0 && p.value >= lo.value)) {
      hi = p;
    } else if (p.slope * ((hi?.t ?? Infinity) - lo.t) >= 0) {
      hi = lo;
      lo = p;
    } else {
      lo = p;
    }
    // Bracketed: bisect. Not yet: the step still decreases the loss and the slope is
    // negative, so double it.
    t = hi === undefined ? 2 * t : (lo.t + hi.t) / 2;
  }
  return undefined;
}
