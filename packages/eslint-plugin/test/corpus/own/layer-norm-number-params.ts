// corpus: buggy
// about: layer normalisation with number[] parameters and += accumulators; every statistic of the active input is computed with raw arithmetic
import { differentiable } from '@pullback/rules-core';

const EPS = 1e-5;

export const layerNorm = differentiable(
  (x: number[], gamma: number[], beta: number[]): number[] => { // expect: prefer-generic-types
    const n = x.length;
    let mu = 0;
    for (let i = 0; i < n; i++) mu += x[i]; // expect: no-raw-arithmetic
    mu /= n; // expect: no-raw-arithmetic
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i] - mu) ** 2; // expect: no-raw-arithmetic
    const sd = Math.sqrt(v / n + EPS); // expect: no-active-coercion, no-raw-arithmetic
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(gamma[i] * ((x[i] - mu) / sd) + beta[i]); // expect: no-raw-arithmetic
    return out;
  },
);
