import type { Backend } from '../backends/backend.js';
import { PreparationMismatchError } from '../errors.js';
import type { PassContext } from '../interpreters/pass-context.js';
import { matchesStructure } from '../tree/matches.js';
import { describeStructure, sameStructure, structureOf } from '../tree/structure.js';
import { once } from './context.js';
import {
  type InPlaceFunction,
  type OutputArray,
  outOfPlace,
  outputLength,
  fill,
} from './in-place-function.js';
import type { CompiledAnswer, EagerAnswer, Preparation } from './preparation.js';
import type { Value, Differentiand } from './types.js';

/**
 * How an in-place operator call (DifferentiationInterface's `f!` forms, `op(f, backend, y, x,
 * ...rest)`) runs around the out-of-place one, shared by the four families that have in-place
 * forms (`pushforward-in-place.ts`, `pullback-in-place.ts`, `derivative-in-place.ts`,
 * `jacobian-in-place.ts`): unprepared, `f` is made out-of-place and its value written into
 * `y`; prepared, the out-of-place preparation of "fresh storage, `f` writes into it" (compiled
 * like any other) runs, with `y` and `x` checked against the preparation, and its compiled path
 * writes the value straight into `y`. Each prepared method has the name of its operator with
 * and without the `InPlace` suffix (`p.pushforward(y, x, tx)` is `p.pushforwardInPlace(y, x,
 * tx)`). As in DifferentiationInterface there is no gradient form (a gradient's function
 * returns one number).
 */

/** Runs one unprepared in-place operator call: `f` made out-of-place, then the value written into `y`. */
export function runInPlace<T>(
  operator: string,
  f: InPlaceFunction,
  backend: Backend,
  y: OutputArray,
  x: unknown,
  body: (g: Differentiand, ctx: PassContext) => [Value, T],
): [OutputArray, T] {
  return once(operator, backend, x, (ctx) => {
    const g = outOfPlace(f, outputLength(operator, y, x), operator);
    const [value, derivative] = body(g, ctx);
    fill(operator, y, value);
    return [y, derivative];
  });
}

/** No extra arguments given: the preparation's own. */
const NONE: readonly unknown[] = Object.freeze([]);
/** `y` between calls (none is kept past its call). */
const NO_Y: OutputArray = new Float64Array(0);

/** True when `y` is a `number[]` of numbers, decided in a loop of its own (see `numbersInto`). */
function isNumbers(y: unknown): y is number[] {
  if (!Array.isArray(y)) return false;
  for (let i = 0; i < y.length; i++) if (typeof y[i] !== 'number') return false;
  return true;
}

/**
 * What a prepared in-place object keeps besides its methods, and how they run: each checks `y`
 * and `x` against the preparation, then runs the out-of-place preparation `p` (its compiled path
 * writes the value straight into `y`; its eager path fills `y` from the value it computed). The
 * call's `y` and method name are read by the answers, which are made once, so a warm call
 * allocates only the derivative it returns.
 */
export class InPlacePreparation {
  readonly m: number;
  private readonly xs;
  /** The caller's `y` of the call running (restored around a call made while another runs). */
  y: OutputArray = NO_Y;
  /** The method running, for messages. */
  method = '';
  constructor(
    readonly preparer: string,
    y: unknown,
    x: unknown,
  ) {
    this.m = outputLength(preparer, y, x);
    this.xs = structureOf(x, 'x', preparer);
  }

  /** Checks `y` and `x` against the preparation (`PreparationMismatchError` naming which). */
  check(method: string, y: unknown, x: unknown): OutputArray {
    // The common cases are decided without allocating; anything else is looked at whole.
    const flat = y !== x && (y instanceof Float64Array || isNumbers(y));
    const m = flat ? (y as OutputArray).length : outputLength(method, y, x);
    if (m !== this.m) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made for y of length ${this.m}, but was called with y ` +
          `of length ${m}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    if (matchesStructure(x, this.xs)) return y as OutputArray;
    const s = structureOf(x, 'x', method);
    if (!sameStructure(s, this.xs)) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made for x: ${describeStructure(this.xs)}, but was ` +
          `called with ${describeStructure(s)}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    return y as OutputArray;
  }

  /**
   * A prepared in-place method `(y, x, a, ...rest)` running `p` with the answers `eager` and
   * `compiled` (which read `this.y`). The extra arguments reach `p` without an array when there
   * are none or one, as in `Preparation.method`.
   */
  method3<T>(
    p: Preparation,
    method: string,
    eager: EagerAnswer<T>,
    compiled: CompiledAnswer<T>,
  ): (y: OutputArray, x: unknown, a: unknown, ...rest: unknown[]) => T {
    return (y, x, a, ...r) =>
      r.length === 0
        ? this.run(p, method, y, x, a, NONE, undefined, eager, compiled)
        : r.length === 1
          ? this.run(p, method, y, x, a, undefined, r[0], eager, compiled)
          : this.run(p, method, y, x, a, r, undefined, eager, compiled);
  }

  /** A prepared in-place method `(y, x, ...rest)`, as `method3`. */
  method2<T>(
    p: Preparation,
    method: string,
    eager: EagerAnswer<T>,
    compiled: CompiledAnswer<T>,
  ): (y: OutputArray, x: unknown, ...rest: unknown[]) => T {
    return (y, x, ...r) =>
      r.length === 0
        ? this.run(p, method, y, x, undefined, NONE, undefined, eager, compiled)
        : r.length === 1
          ? this.run(p, method, y, x, undefined, undefined, r[0], eager, compiled)
          : this.run(p, method, y, x, undefined, r, undefined, eager, compiled);
  }

  /** One call: the extra arguments `rest`, or (`rest` undefined) the one extra argument `r0`. */
  private run<T>(
    p: Preparation,
    method: string,
    y: unknown,
    x: unknown,
    a: unknown,
    rest: readonly unknown[] | undefined,
    r0: unknown,
    eager: EagerAnswer<T>,
    compiled: CompiledAnswer<T>,
  ): T {
    const out = this.check(method, y, x);
    const outerY = this.y;
    const outerMethod = this.method;
    this.y = out;
    this.method = method;
    try {
      return rest === undefined
        ? p.run1(method, x, a, r0, eager, compiled)
        : p.run(method, x, a, rest, eager, compiled);
    } finally {
      this.y = outerY;
      this.method = outerMethod;
    }
  }
}
