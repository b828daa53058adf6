// corpus: clean
// about: banded matrix-vector products with integer index arithmetic next to active values
import { differentiable, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul } from '@pullback/rules-core/math';

export const tridiagonalApply = differentiable((band: RealArray, x: RealArray) => {
  const n = x.length;
  const out: Real[] = [];
  for (let i = 0; i < n; i++) {
    let s = mul(at(band, 3 * i + 1), at(x, i));
    if (i > 0) s = add(s, mul(at(band, 3 * i), at(x, i - 1)));
    if (i < n - 1) s = add(s, mul(at(band, 3 * i + 2), at(x, i + 1)));
    out.push(s);
  }
  const mid = Math.floor((n - 1) / 2);
  return add(at(out, mid), at(out, n - 1 - mid));
});
