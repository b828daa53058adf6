import { isCache } from '@pullback/engine';
import { Rng } from '../numeric/random.js';
import { deepCopy } from '../tree/clone.js';
import { layoutOf } from '../tree/layout.js';
import { rebuild } from '../tree/rebuild.js';

/**
 * What a scenario knows about its function at its point, worked out by hand (never by the
 * engine under test). Every operator's expected result follows from it: the derivative is the
 * Jacobian's column, the gradient its row, the pushforward `J·tx`, the pullback `Jᵀ·dy`, the
 * Hessian-vector product `H·tx`.
 */
export interface ScenarioSpec<X> {
  /** A short name for reports. */
  readonly name: string;
  /**
   * The function, written with the math vocabulary, called `f(x, ...rest)`. (A method, so
   * scenarios of any input type mix.)
   */
  f(x: X, ...rest: never[]): unknown;
  /** The point. Scenarios hand operators fresh copies of it. */
  readonly x: X;
  /** `∂f/∂x` over the flattened output (rows) and input (columns), row-major. */
  readonly jacobian: readonly number[];
  /** For real-valued `f`: the Hessian over the flattened input, row-major. */
  readonly hessian?: readonly number[];
  /** For `f` of one real: the second derivative, flattened over the output. */
  readonly secondDerivative?: readonly number[];
  /** The tangent for `pushforward` and `hvp`; default: fixed pseudo-random entries. */
  readonly tx?: unknown;
  /** The cotangent for `pullback`; default: fixed pseudo-random entries. */
  readonly dy?: unknown;
  /**
   * Extra arguments every operator passes to `f` after `x`: constants, or scratch storage made
   * with the engine's `cache(buffer)`. Default: none.
   */
  readonly rest?: readonly unknown[];
}

/** A function with derivatives known in closed form, for `testDifferentiation`. */
export interface Scenario<X = unknown> extends ScenarioSpec<X> {
  /** `f(x)`, computed once when the scenario is made. */
  readonly y: unknown;
  /** The tangent for `pushforward` and `hvp`, shaped like `x`. */
  readonly tx: unknown;
  /** The cotangent for `pullback`, shaped like `f(x)`. */
  readonly dy: unknown;
  /** Number of reals in `x`. */
  readonly n: number;
  /** Number of reals in `f(x)`. */
  readonly m: number;
  /** The extra arguments (none by default). */
  readonly rest: readonly unknown[];
}

/**
 * Makes a scenario from a function, a point and hand-derived derivatives, checking that the
 * sizes fit. Derivative values must come from formulas, not from an AD system: scenarios are
 * the reference the AD systems are tested against.
 *
 * @example
 * ```ts
 * const s = scenario({ name: 'exp at 1', f: (x: Real) => exp(x), x: 1,
 *   jacobian: [Math.exp(1)], hessian: [Math.exp(1)], secondDerivative: [Math.exp(1)] });
 * ```
 */
export function scenario<X>(spec: ScenarioSpec<X>): Scenario<X> {
  const rest = spec.rest ?? [];
  // Called with x alone (by a tester, or by hand), f gets the extra arguments, with storage
  // that can hold active values where an operator would give it a cache's scratch.
  const withRest = (): never[] =>
    rest.map((a) => (isCache(a) ? new Array<number>(a.length).fill(0) : a)) as never[];
  const f =
    rest.length === 0
      ? spec.f
      : (x: X, ...given: never[]): unknown => spec.f(x, ...(given.length > 0 ? given : withRest()));
  const y = f(deepCopy(spec.x));
  const inLayout = layoutOf(spec.x);
  const outLayout = layoutOf(y);
  const n = inLayout.size;
  const m = outLayout.size;
  const where = `scenario "${spec.name}"`;
  if (spec.jacobian.length !== m * n) {
    throw new RangeError(
      `${where}: jacobian has ${spec.jacobian.length} entries, expected ${m}×${n}.`,
    );
  }
  if (spec.hessian !== undefined && (m !== 1 || spec.hessian.length !== n * n)) {
    throw new RangeError(`${where}: a Hessian needs a real-valued f and ${n}×${n} entries.`);
  }
  if (
    spec.secondDerivative !== undefined &&
    (typeof spec.x !== 'number' || spec.secondDerivative.length !== m)
  ) {
    throw new RangeError(`${where}: a second derivative needs x to be a number and ${m} entries.`);
  }
  // Deterministic per scenario, so a failing scenario reproduces exactly.
  const rng = new Rng([...spec.name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const random = (size: number): Float64Array =>
    Float64Array.from({ length: size }, () => rng.tangentEntry());
  return {
    ...spec,
    f,
    y,
    n,
    m,
    rest,
    tx: spec.tx ?? rebuild(inLayout, random(n)),
    dy: spec.dy ?? rebuild(outLayout, random(m)),
  };
}
