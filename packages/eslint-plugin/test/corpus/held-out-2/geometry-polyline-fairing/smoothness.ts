// corpus: buggy
// about: Laplacian smoothness energy of a closed polyline, with a debug log whose template literal converts the active energy to a string
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sub } from '@pullback/rules-core/math';

export function smoothness(xy: RealArray): Real {
  const n = xy.length / 2;
  let e: Real = 0;
  for (let i = 0; i < n; i++) {
    const prev = (i + n - 1) % n;
    const next = (i + 1) % n;
    for (let c = 0; c < 2; c++) {
      const lap = sub(add(at(xy, 2 * prev + c), at(xy, 2 * next + c)), mul(2, at(xy, 2 * i + c)));
      e = add(e, square(lap));
    }
  }
  console.debug(`smoothness energy ${e}`); // expect: no-active-coercion
  return e;
}
