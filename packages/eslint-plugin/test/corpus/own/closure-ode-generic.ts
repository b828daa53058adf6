// corpus: clean
// about: explicit Euler with a right-hand side closure over the active rate, written with the vocabulary
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { add, mul, neg } from '@pullback/rules-core/math';

export const dFinal = derivative(
  (k: Real) => {
    const rhs = (y: Real) => neg(mul(k, y));
    let y: Real = 1;
    const h = 1 / 50;
    for (let step = 0; step < 50; step++) y = add(y, mul(h, rhs(y)));
    return y;
  },
  forward(),
  0.3,
);
