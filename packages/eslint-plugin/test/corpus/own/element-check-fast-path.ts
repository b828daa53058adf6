// corpus: clean
// about: a generic sum of squares that checks every element is a plain number before its fast path
import { differentiable, type Real } from '@pullback/rules-core';
import { add, mul } from '@pullback/rules-core/math';

function sumSquaresGeneric(xs: readonly Real[]): Real {
  let s: Real = 0;
  for (const v of xs) s = add(s, mul(v, v));
  return s;
}

export const sumSquares = differentiable((xs: readonly Real[]): Real => {
  for (const v of xs) if (typeof v !== 'number') return sumSquaresGeneric(xs);
  let s = 0;
  for (const v of xs as readonly number[]) s += v * v;
  return s;
});
