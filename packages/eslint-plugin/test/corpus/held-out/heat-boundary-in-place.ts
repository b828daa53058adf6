// corpus: buggy
// about: a Dirichlet energy that imposes reflecting boundaries by overwriting the operator's input (u[0] = u[1]); reverse mode then gives the end points gradients they do not have
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { at, slice, square, sub, sum } from '@pullback/rules-core/math';

export function dirichletEnergy(u: readonly Real[]): Real {
  return sum(square(sub(slice(u, 1), slice(u, 0, -1))));
}

export function energyGradient(u0: number[]): number[] {
  return gradient(
    (u: Real[]) => {
      const n = u.length;
      u[0] = at(u, 1); // expect: no-input-mutation
      u[n - 1] = at(u, n - 2); // expect: no-input-mutation
      return dirichletEnergy(u);
    },
    reverse(),
    u0,
  );
}
