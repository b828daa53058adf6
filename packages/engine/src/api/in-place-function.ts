import { isActive, type Real } from '@pullback/rules-core';
import { OutputShapeError, UnsupportedInputError } from '../errors.js';
import { describe } from '../tree/describe.js';
import { checkOutput } from '../interpreters/user-output.js';
import type { UserFunction } from '../interpreters/passes.js';

/**
 * In-place functions (DifferentiationInterface's `f!(y, x, args...)`): `f` writes its result
 * into `y` with `setAt` and returns nothing. Operators differentiate them as the out-of-place
 * function "fresh storage, `f` writes into it, return it", so every backend, preparation and
 * fallback works on them unchanged; the caller's `y` only receives the value at the end.
 */

/** A function written in place: it writes `f(x)` into `y` (with `setAt`) and returns nothing. */
export type InPlaceFunction = (y: never, x: never, ...rest: never[]) => void;

/** The storage an in-place function writes into: a flat array of numbers. */
export type OutputArray = Float64Array | number[];

/** The out-of-place versions of each in-place function, by output length (stable identities). */
const outOfPlaceVersions = new WeakMap<object, Map<number, UserFunction>>();

/**
 * `f` as an out-of-place function of `x` returning `m` reals. The storage it hands `f` is a
 * `Real[]` of zeros (what `similar(y)` gives while a pass is in flight), so what `f` writes with
 * `setAt` keeps its derivative; a write that cannot carry one (a number coerced from an active
 * value, a write into a `Float64Array` it holds) throws `ActiveCoercionError`, which the pass
 * reports and answers by a black-box fallback like any other. The same `f` and length always
 * give the same function, so a fallback is reported once per function.
 */
export function outOfPlace(f: InPlaceFunction, m: number, operator: string): UserFunction {
  if (typeof f !== 'function') {
    throw new UnsupportedInputError(
      `${operator} expects f to be a function (y, x, ...rest) => void, got ${describe(f)}.`,
    );
  }
  let versions = outOfPlaceVersions.get(f);
  if (versions === undefined) outOfPlaceVersions.set(f, (versions = new Map()));
  let g = versions.get(m);
  if (g === undefined) {
    const written = (x: never, ...rest: never[]): Real[] => {
      const y = new Array<Real>(m).fill(0);
      const r: unknown = f(y as never, x, ...rest);
      // A promise (an async f) would leave y unwritten when the derivative is taken.
      checkOutput(r, operator);
      if (r !== undefined) {
        throw new OutputShapeError(
          `${operator}: f returned ${describe(r)}, but an in-place function writes its result ` +
            'into y with setAt and returns nothing. Return nothing, or use the out-of-place ' +
            'operator (without InPlace) for a function that returns its result.',
        );
      }
      if (y.length !== m) {
        throw new OutputShapeError(
          `${operator}: f changed the length of y from ${m} to ${y.length}; an in-place ` +
            'function writes each element of y with setAt and leaves its length alone.',
        );
      }
      return y;
    };
    Object.defineProperty(written, 'name', { value: f.name });
    g = written as UserFunction;
    versions.set(m, g);
  }
  return g;
}

/** Checks the caller's `y` (a flat array of numbers, not `x` itself) and returns its length. */
export function outputLength(operator: string, y: unknown, x: unknown): number {
  const flat =
    y instanceof Float64Array ||
    (Array.isArray(y) && y.every((v) => typeof v === 'number' || isActive(v)));
  if (!flat) {
    throw new UnsupportedInputError(
      `${operator}: y must be a Float64Array or a number[] for f to write its result into, ` +
        `got ${describe(y)}.`,
    );
  }
  if (y === x) {
    throw new UnsupportedInputError(
      `${operator}: y and x are the same array; an in-place function needs its output ` +
        'storage apart from its input. Pass a new array for y (new Float64Array(m)).',
    );
  }
  return (y as OutputArray).length;
}

/**
 * Writes the value `v` (what `f` wrote, one level down) into the caller's `y`. Inside another
 * differentiation the value may hold that pass's active values, which only a `Real[]` can keep.
 */
export function fill(operator: string, y: OutputArray, v: unknown): void {
  const values = v as ArrayLike<Real>;
  for (let i = 0; i < y.length; i++) {
    const e = values[i];
    if (typeof e !== 'number' && y instanceof Float64Array) {
      throw new UnsupportedInputError(
        `${operator}: the value of f holds active values of an enclosing differentiation, ` +
          'which a Float64Array y cannot keep. Pass y as storage made with similar(x).',
      );
    }
    (y as Real[])[i] = e;
  }
}

/** A derivative shaped like `y` in `y`'s own kind (a `Float64Array` for a `Float64Array` y). */
export function likeOutput(y: OutputArray, t: unknown): unknown {
  if (!(y instanceof Float64Array)) return t;
  const a = t as ArrayLike<Real>;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return t;
  return Float64Array.from(a as ArrayLike<number>);
}
