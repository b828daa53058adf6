import type { Real, RealArray } from '../active.js';
import {
  attachRecord,
  describe,
  makeRecord,
  type DifferentiableFunction,
} from '../differentiable.js';
import { noTangent, zeroTangent } from '../tangent.js';
import { holdsActive, lengthOf } from './internal/arrays.js';

/**
 * Storage that can hold what `x` holds (ForwardDiff's `zeros(eltype(x), size(x))`): generic code
 * writes results into it with `setAt` and keeps their derivatives.
 */

/** `similar`'s signature: a `Float64Array` for passive input. */
export interface Similar {
  (x: Float64Array | readonly number[], n?: number): Float64Array;
  (x: RealArray, n?: number): Float64Array | Real[];
}

/** `zerosLike`'s signature: `0` for a scalar, zeros like `similar` for an array. */
export interface ZerosLike {
  (x: number): number;
  (x: Float64Array | readonly number[]): Float64Array;
  (x: RealArray): Float64Array | Real[];
  (x: Real | RealArray): Real | Float64Array | Real[];
}

/** `n` zeros that can hold active values (a `Real[]`) or only numbers (a `Float64Array`). */
function zeros(active: boolean, n: number): Float64Array | Real[] {
  return active ? new Array<Real>(n).fill(0) : new Float64Array(n);
}

function checkLength(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`similar: expected n to be a non-negative integer, got ${describe(n)}.`);
  }
  return n;
}

/**
 * These functions never hand a call to an interpreter: they must see whether `x` is active to
 * choose the storage, and their result (zeros) carries no derivative. Their rules exist for an
 * engine that calls them directly; a rule only runs for an argument that held active values,
 * so it returns storage for active values.
 */
const storageRules = {
  frule: (args: readonly unknown[]) => [zeros(true, lengthOfArgs(args)), zeroTangent],
  rrule: (args: readonly unknown[]) => [
    zeros(true, lengthOfArgs(args)),
    () => args.map((_, k) => (k === 0 ? zeroTangent : noTangent)),
  ],
};

function lengthOfArgs(args: readonly unknown[]): number {
  return args[1] === undefined ? lengthOf('similar', args[0]) : checkLength(args[1]);
}

/**
 * Zeroed storage for `n` (default `x.length`) elements that can hold whatever `x` holds: a
 * `Float64Array` when `x` is passive, a `Real[]` when it holds active values (a `Real[]` with
 * some, or an engine's active array).
 */
export const similar: DifferentiableFunction<Similar> = attachRecord(
  function similar(x: RealArray, n?: number): Float64Array | Real[] {
    const len = n === undefined ? lengthOf('similar', x) : checkLength(n);
    return zeros(holdsActive(x), len);
  },
  makeRecord(
    'differentiable',
    function similar(x: RealArray, n?: number): Float64Array | Real[] {
      return zeros(true, n ?? lengthOf('similar', x));
    },
    storageRules,
    { name: 'similar', nondiff: [1] },
  ),
  1,
) as DifferentiableFunction<Similar>;

/**
 * Zeros shaped like `x`, in storage that can hold whatever `x` holds (see `similar`); `0` for a
 * scalar.
 */
export const zerosLike: DifferentiableFunction<ZerosLike> = attachRecord(
  function zerosLike(x: Real | RealArray): Real | Float64Array | Real[] {
    if (typeof x === 'number') return 0;
    if (holdsActive(x) && typeof (x as { length?: unknown }).length !== 'number') return 0;
    return zeros(holdsActive(x), lengthOf('zerosLike', x));
  },
  makeRecord(
    'differentiable',
    function zerosLike(x: RealArray): Float64Array | Real[] {
      return zeros(true, lengthOf('zerosLike', x));
    },
    {
      frule: ([x]: [unknown]) => [zerosLikeScalarOr(x), zeroTangent],
      rrule: ([x]: [unknown]) => [zerosLikeScalarOr(x), () => [zeroTangent]],
    },
    { name: 'zerosLike' },
  ),
  1,
) as DifferentiableFunction<ZerosLike>;

function zerosLikeScalarOr(x: unknown): Real | Real[] {
  if (typeof x === 'number') return 0;
  if (typeof (x as { length?: unknown }).length !== 'number') return 0;
  return zeros(true, lengthOf('zerosLike', x)) as Real[];
}
