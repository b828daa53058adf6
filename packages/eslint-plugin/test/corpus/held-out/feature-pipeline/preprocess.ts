// corpus: buggy
// about: a helper that rescales its argument to unit norm in place; embedding.ts passes the operator's input straight to it
import type { Real } from '@pullback/rules-core';
import { at, div, norm } from '@pullback/rules-core/math';

export function normalizeInPlace(v: Real[]): Real[] {
  const n = norm(v);
  for (let i = 0; i < v.length; i++) v[i] = div(at(v, i), n); // expect: no-input-mutation
  return v;
}
