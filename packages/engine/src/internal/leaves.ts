import { isActive, isAbstractZero, unthunk, type Real } from '@pullback/rules-core';
import { at } from '@pullback/rules-core/math';

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
  throw new TypeError(`Expected an array tangent, got ${typeof t}.`);
}

/** True when a (possibly delayed) tangent contributes nothing. */
export function isZeroish(t: unknown): boolean {
  return t === undefined || isAbstractZero(unthunk(t));
}

/** True when every element of an array is a plain number. */
export function allNumbers(xs: ArrayLike<unknown>): boolean {
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== 'number') return false;
  return true;
}
