// corpus: buggy
// about: explicit Euler for exponential decay whose right-hand side is a closure over the active rate k
import { derivative, forward } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';

export const dFinal = derivative(
  (rate: Real) => {
    const k = rate as number;
    const rhs = (y: number) => -k * y; // expect: no-raw-arithmetic
    let y = 1;
    for (let step = 0; step < 50; step++) y = y + 0.02 * rhs(y); // expect: no-raw-arithmetic
    return y;
  },
  forward(),
  0.3,
);
