import { isActive, isAbstractZero, unthunk, zeroTangent, type Real } from '@pullback/rules-core';
import { at } from '@pullback/rules-core/math';
import { describe } from './describe.js';

/** Helpers for walking the argument and cotangent structures rules receive and return. */

/** True for plain objects (the records of a pytree), not class instances. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Element `i` of a tangent that is an array of any kind (including a lower-level active array). */
export function elementOf(t: unknown, i: number): Real {
  if (Array.isArray(t) || t instanceof Float64Array) return (t as ArrayLike<Real>)[i];
  if (isActive(t)) return at(t as never, i);
  throw new TypeError(
    `Expected the tangent of an array to be an array (number[], Float64Array or an active array), got ${describe(t)}.`,
  );
}

/** True when a (possibly delayed) tangent contributes nothing. */
export function isZeroish(t: unknown): boolean {
  return t === undefined || isAbstractZero(unthunk(t));
}

/**
 * The part of tangent `t` at `path` (from `tree/walk.ts`'s walks): a zero anywhere on the way
 * is zero for everything under it, and thunks are computed as they are passed.
 */
export function tangentAt(t: unknown, path: readonly (string | number)[]): unknown {
  let u = unthunk(t);
  for (const p of path) {
    if (isZeroish(u)) return zeroTangent;
    u = unthunk((u as Record<string | number, unknown>)[p]);
  }
  return u;
}

/** True when every element of an array is a plain number. */
export function allNumbers(xs: ArrayLike<unknown>): boolean {
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== 'number') return false;
  return true;
}

/**
 * True for a matrix `{ rows, cols, data }`: its shape fields are integers that carry no
 * derivative, so only `data` is differentiated, flattened and given tangents.
 */
export function isMatrixLike(x: unknown): x is { rows: number; cols: number; data: unknown } {
  if (!isPlainObject(x)) return false;
  const keys = Object.keys(x);
  return (
    keys.length === 3 &&
    Number.isInteger(x.rows) &&
    Number.isInteger(x.cols) &&
    typeof x.data === 'object' &&
    x.data !== null &&
    typeof (x.data as { length?: unknown }).length === 'number'
  );
}

/** The keys of a plain object that hold differentiable values (a matrix's `data` only). */
export function differentiableKeys(x: Record<string, unknown>): string[] {
  return isMatrixLike(x) ? ['data'] : Object.keys(x);
}

/**
 * Maps the differentiable fields of a plain object through `fn`, copying the others (a
 * matrix's `rows` and `cols`) unchanged.
 */
export function mapFields(
  x: Record<string, unknown>,
  fn: (value: unknown, key: string) => unknown,
): Record<string, unknown> {
  // The keys in their own order, so a copy enumerates as the original does.
  const matrix: boolean = isMatrixLike(x);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) out[k] = matrix && k !== 'data' ? x[k] : fn(x[k], k);
  return out;
}
