import { isActive, unthunk, type Real } from '@pullback/rules-core';
import { mul } from '@pullback/rules-core/math';
import { accumulate } from '../values/real-arithmetic.js';
import { elementOf, isPlainObject, isZeroish } from './leaves.js';

/** `⟨a, b⟩` over two tangents of the same structure (zeros skipped). */
export function innerProduct(a: unknown, b: unknown): Real {
  const ua = unthunk(a);
  const ub = unthunk(b);
  if (isZeroish(ua) || isZeroish(ub)) return 0;
  if (typeof ua === 'number' && typeof ub === 'number') return ua * ub;
  if (!isObjectLike(ua) && !isObjectLike(ub)) return accumulate(0, mulReal(ua as Real, ub as Real));
  if (isPlainObject(ua) && isPlainObject(ub)) {
    let acc: Real = 0;
    for (const k of Object.keys(ua)) acc = accumulate(acc, innerProduct(ua[k], ub[k]));
    return acc;
  }
  const n = (ua as { length: number }).length;
  let acc: Real = 0;
  const structural = Array.isArray(ua) && ua.some((e) => typeof e === 'object' && !isActive(e));
  for (let i = 0; i < n; i++) {
    acc = accumulate(
      acc,
      structural
        ? innerProduct((ua as unknown[])[i], (ub as unknown[])[i])
        : innerProduct(elementOf(ua, i), elementOf(ub, i)),
    );
  }
  return acc;
}

function isObjectLike(x: unknown): boolean {
  return (
    Array.isArray(x) ||
    x instanceof Float64Array ||
    isPlainObject(x) ||
    (isActive(x) && 'length' in (x as object))
  );
}

function mulReal(a: Real, b: Real): Real {
  return typeof a === 'number' && typeof b === 'number' ? a * b : (mul(a, b) as Real);
}
