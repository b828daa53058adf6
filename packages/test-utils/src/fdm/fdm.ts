import { stencilOf, type StencilKind } from './stencil.js';
import {
  RETREATS,
  estimateStepOf,
  evaluate,
  type MethodSpec,
  type SampledFunction,
} from './step-selection.js';

/** How a finite-difference method is built; every field has a default. */
export interface FdmOptions {
  /** Number of function evaluations in the stencil (its order of accuracy is `points - order`). Default 5. */
  readonly points?: number;
  /** Order of the derivative estimated. Default 1. */
  readonly order?: number;
  /** Central (both sides, the default), forward (`x` and after) or backward (`x` and before). */
  readonly kind?: StencilKind;
  /**
   * How far from `x` the stencil may reach, for functions with a restricted domain (`log`
   * near 0, `asin` near ±1). Default `Infinity`.
   */
  readonly maxRange?: number;
  /**
   * Levels of adaptation: with 1 (the default) the step comes from an estimate of the
   * function's higher derivatives made by a second, higher-order method; with 0 the
   * derivatives are assumed to be of size `condition`.
   */
  readonly adapt?: number;
  /** Assumed size of the derivatives when nothing better is known. Default 10, as FiniteDifferences.jl. */
  readonly condition?: number;
  /** Multiplier on the estimated round-off error of a function evaluation. Default 1. */
  readonly factor?: number;
}

/** A derivative estimate together with the step used and an estimate of its error. */
export interface FdEstimate<V = number> {
  /** The estimated derivative. */
  readonly value: V;
  /** The step `h`; the function was evaluated at `x + gᵢh`. */
  readonly step: number;
  /**
   * An estimate of the absolute error of `value` (round-off plus truncation), from the same
   * bound the step minimises. It is an estimate, not a guarantee: it assumes the function is
   * smooth across the stencil.
   */
  readonly accuracy: number;
}

/**
 * A finite-difference method (FiniteDifferences.jl's `FiniteDifferenceMethod`): a stencil and
 * its weights, plus the step selection that balances round-off against truncation error.
 */
export interface FiniteDifferenceMethod {
  /**
   * The derivative of `f` at `x` (as FiniteDifferences.jl's `m(f, x)`): the same as
   * `m.derivative(f, x, step)`.
   */
  (f: (t: number) => number, x: number, step?: number): number;
  /** Central, forward or backward. */
  readonly kind: StencilKind;
  /** Number of points of the stencil. */
  readonly points: number;
  /** Order of the derivative estimated. */
  readonly order: number;
  /** Multiples of the step at which the function is evaluated. */
  readonly grid: readonly number[];
  /** Weights of the evaluations. */
  readonly coefficients: readonly number[];
  /** How far from `x` the stencil may reach. */
  readonly maxRange: number;
  /** Levels of step adaptation. */
  readonly adapt: number;
  /** Assumed derivative size when nothing better is known. */
  readonly condition: number;
  /** Multiplier on the estimated round-off error. */
  readonly factor: number;
  /** The derivative of `f` at `x`, with an automatically chosen step unless `step` is given. */
  derivative(f: (t: number) => number, x: number, step?: number): number;
  /** The derivative of `f` at `x` with the step used and an error estimate. */
  estimate(f: (t: number) => number, x: number, step?: number): FdEstimate<number>;
  /** The same for a vector-valued `f`: one derivative per output component. */
  estimate(f: (t: number) => ArrayLike<number>, x: number, step?: number): FdEstimate<Float64Array>;
}

/**
 * Builds a finite-difference method. The default, `fdm()`, is the 5-point central method for
 * first derivatives with one level of step adaptation, which is what the rule testers use.
 *
 * @example
 * ```ts
 * const m = fdm({ points: 7, order: 2 });
 * m.derivative(Math.sin, 1); // ≈ -Math.sin(1), to ~1e-10
 * fdm()(Math.exp, 0); // ≈ 1: a method is also callable
 * ```
 */
export function fdm(options: FdmOptions = {}): FiniteDifferenceMethod {
  const points = options.points ?? 5;
  const order = options.order ?? 1;
  const kind = options.kind ?? 'central';
  const maxRange = options.maxRange ?? Infinity;
  const adapt = options.adapt ?? 1;
  const condition = options.condition ?? 10;
  const factor = options.factor ?? 1;
  if (!Number.isInteger(points) || !Number.isInteger(order) || order < 0 || points <= order) {
    throw new RangeError(
      `fdm: need integers with 0 <= order < points, got points = ${points}, order = ${order}.`,
    );
  }
  if (kind === 'central' && points % 2 === 0 && order === 0) {
    throw new RangeError(
      'fdm: an even central stencil does not sample x, so it cannot estimate order 0.',
    );
  }
  if (!(maxRange > 0)) throw new RangeError(`fdm: maxRange must be positive, got ${maxRange}.`);
  if (!Number.isInteger(adapt) || adapt < 0) {
    throw new RangeError(`fdm: adapt must be a non-negative integer, got ${adapt}.`);
  }
  const stencil = stencilOf(kind, points, order);
  const reach = Math.max(...stencil.grid.map(Math.abs));
  const call = (f: (t: number) => number, x: number, step?: number): number =>
    method.estimate(f, x, step).value;
  const method: FiniteDifferenceMethod = Object.assign(call, {
    kind,
    points,
    order,
    grid: stencil.grid,
    coefficients: stencil.coefficients,
    maxRange,
    adapt,
    condition,
    factor,
    derivative(f: (t: number) => number, x: number, step?: number): number {
      return method.estimate(f, x, step).value;
    },
    estimate(f: SampledFunction, x: number, step?: number): FdEstimate<never> {
      if (step !== undefined) {
        const value = evaluate(stencil, order, f, x, step);
        return { value: value as never, step, accuracy: Number.NaN };
      }
      // Step selection has nothing to balance for the function itself (FiniteDifferences.jl
      // special-cases it the same way).
      if (order === 0) return { value: f(x) as never, step: 0, accuracy: 0 };
      let spec: MethodSpec = method;
      let result: FdEstimate<number | Float64Array> | undefined;
      // A non-finite estimate usually means the stencil left the function's domain; retreat
      // towards x (a tenfold smaller range each time) before reporting it.
      for (let attempt = 0; attempt <= RETREATS; attempt++) {
        const chosen = estimateStepOf(spec, f, x);
        // A step that is a multiple of x's ulp makes every x + g·h exact, so the stencil the
        // coefficients assume is the stencil sampled (otherwise each point is off by up to
        // half an ulp of x, an error of eps·|x|/h relative that the bound does not count).
        const h = x + chosen.step - x || chosen.step;
        const value = evaluate(stencil, order, f, x, h);
        result = { value, step: h, accuracy: chosen.accuracy };
        if (allFinite(value)) break;
        spec = { ...spec, maxRange: (chosen.step * reach) / 10 };
      }
      return result as FdEstimate<never>;
    },
  }) as FiniteDifferenceMethod;
  return method;
}

function allFinite(v: number | ArrayLike<number>): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
