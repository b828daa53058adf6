import type { Backend } from '../backends/backend.js';
import { PreparationMismatchError } from '../errors.js';
import type { PassContext } from '../interpreters/pass-context.js';
import { describeStructure, sameStructure, structureOf } from '../tree/structure.js';
import { once } from './context.js';
import {
  type InPlaceFunction,
  type OutputArray,
  outOfPlace,
  outputLength,
  fill,
} from './in-place-function.js';
import type { Prepared } from './preparation.js';
import type { Value, Differentiand } from './types.js';

/**
 * How an in-place operator call (DifferentiationInterface's `f!` forms, `op(f, backend, y, x,
 * ...rest)`) runs around the out-of-place one, shared by the four families that have in-place
 * forms (`pushforward-in-place.ts`, `pullback-in-place.ts`, `derivative-in-place.ts`,
 * `jacobian-in-place.ts`): unprepared, `f` is made out-of-place and its value written into
 * `y`; prepared, the out-of-place preparation of "fresh storage, `f` writes into it" (compiled
 * like any other) runs, with `y` and `x` checked against the preparation. Each prepared method
 * has the name of its operator with and without the `InPlace` suffix (`p.pushforward(y, x, tx)`
 * is `p.pushforwardInPlace(y, x, tx)`). As in DifferentiationInterface there is no gradient
 * form (a gradient's function returns one number).
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

/** What a prepared in-place object keeps besides its methods. */
export class InPlacePreparation {
  readonly m: number;
  private readonly xs;
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
    const m = outputLength(method, y, x);
    if (m !== this.m) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made for y of length ${this.m}, but was called with y ` +
          `of length ${m}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    const s = structureOf(x, 'x', method);
    if (!sameStructure(s, this.xs)) {
      throw new PreparationMismatchError(
        `${method}: this preparation was made for x: ${describeStructure(this.xs)}, but was ` +
          `called with ${describeStructure(s)}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    return y as OutputArray;
  }
}

/** The `Prepared` members of the out-of-place preparation `p`, read through (live diagnostics). */
export function readThrough(p: Prepared): Prepared {
  return {
    get diagnostics() {
      return p.diagnostics;
    },
    explain: () => p.explain(),
    get compilation() {
      return p.compilation;
    },
    source: () => p.source(),
  };
}
