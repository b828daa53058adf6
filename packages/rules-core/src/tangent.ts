import { TANGENT_KIND } from './symbols.js';
import type { Active, ActiveArray, Real, RealArray } from './active.js';

/**
 * The tangent of something that has no tangent space: an integer index, a string, a flag.
 * A rule returns it for such arguments (ChainRules' `NoTangent`); it is never `zeroTangent`.
 */
export interface NoTangent {
  readonly [TANGENT_KIND]: 'no';
}

/**
 * A strong zero (ChainRules' `ZeroTangent`): the derivative is known to be zero. It absorbs
 * addition (`zero + t = t`) and multiplication (`zero * t = zero`) without materialising arrays.
 */
export interface ZeroTangent {
  readonly [TANGENT_KIND]: 'zero';
}

/** Either kind of structural zero. */
export type AbstractZero = NoTangent | ZeroTangent;

/** The `NoTangent` singleton. */
export const noTangent: NoTangent = Object.freeze({ [TANGENT_KIND]: 'no' as const });
/** The `ZeroTangent` singleton. */
export const zeroTangent: ZeroTangent = Object.freeze({ [TANGENT_KIND]: 'zero' as const });

/**
 * A delayed tangent (ChainRules' `Thunk`): a pullback returns one for a cotangent that may
 * never be needed. It is evaluated at most once, by `unthunk`.
 */
export interface Thunk<T> {
  readonly [TANGENT_KIND]: 'thunk';
  /** Evaluates (once) and returns the tangent. */
  force(): T;
}

/** True for `noTangent`. */
export function isNoTangent(t: unknown): t is NoTangent {
  return t === noTangent || kindOf(t) === 'no';
}

/** True for `zeroTangent`. */
export function isZeroTangent(t: unknown): t is ZeroTangent {
  return t === zeroTangent || kindOf(t) === 'zero';
}

/** True for `noTangent` and `zeroTangent`: a tangent that contributes nothing. */
export function isAbstractZero(t: unknown): t is AbstractZero {
  const kind = kindOf(t);
  return kind === 'no' || kind === 'zero';
}

/** True for a thunk made by `thunk`. */
export function isThunk(t: unknown): t is Thunk<unknown> {
  return kindOf(t) === 'thunk';
}

function kindOf(t: unknown): string | undefined {
  return typeof t === 'object' && t !== null
    ? (t as { [TANGENT_KIND]?: string })[TANGENT_KIND]
    : undefined;
}

/** Delays the computation of a tangent until `unthunk` needs it; `compute` runs at most once. */
export function thunk<T>(compute: () => T): Thunk<T> {
  let done = false;
  let value: T;
  return {
    [TANGENT_KIND]: 'thunk',
    force(): T {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  };
}

/** The tangent inside a thunk (evaluating it once), or `t` itself when it is not a thunk. */
export function unthunk<T>(t: T | Thunk<T>): T {
  return isThunk(t) ? (t as Thunk<T>).force() : (t as T);
}

/** A tangent, or a thunk that will produce it. */
export type MaybeThunk<T> = T | Thunk<T>;

/**
 * A tangent of a real as the vocabulary's linear functions (`add`, `mul`, …) take it: a real,
 * a structural zero, or a thunk of one.
 */
export type ScalarTangent = MaybeThunk<Real | AbstractZero>;

/** A tangent of an array of reals as the vocabulary's linear functions take it. */
export type ArrayTangent = MaybeThunk<RealArray | AbstractZero>;

/**
 * The type of a tangent (or cotangent) of a primal of type `T`: a real for a number, an array
 * of reals for an array of reals, an object mirroring an object field by field (a misspelled
 * field is an error where the object is written), `NoTangent` for values with no tangent
 * space. Any of them may also be a structural zero: `zeroTangent`, or `noTangent`, which a
 * rule returns for an argument it declares `nondiff`, whatever its type.
 */
export type Tangent<T> = T extends number | Active
  ? T extends ActiveArray
    ? RealArray | AbstractZero
    : Real | AbstractZero
  : T extends Float64Array | readonly (number | Active)[]
    ? RealArray | AbstractZero
    : T extends string | boolean | bigint | symbol | null | undefined
      ? NoTangent
      : T extends (...args: never[]) => unknown
        ? NoTangent
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Tangent<T[K]> } | AbstractZero
          : T extends object
            ? { -readonly [K in keyof T]: Tangent<T[K]> } | AbstractZero
            : NoTangent;

/** One tangent per argument of a function with argument tuple `A`. */
export type Tangents<A extends readonly unknown[]> = { [K in keyof A]: Tangent<A[K]> };

/** One cotangent (possibly delayed) per argument of a function with argument tuple `A`. */
export type Cotangents<A extends readonly unknown[]> = {
  [K in keyof A]: MaybeThunk<Tangent<A[K]>>;
};
