// corpus: buggy
// about: a checkpoint key is built by concatenating the active parameter into a string inside the objective
import { differentiable, type Real } from '@pullback/rules-core';
import { exp, mul } from '@pullback/rules-core/math';

const cache = new Map<string, number>();

const t = 2.5;

export const decay = differentiable((k: Real) => {
  const key = 'k=' + k; // expect: no-active-coercion
  cache.set(key, t);
  return exp(mul(-t, k));
});
