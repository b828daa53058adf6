import { it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, map2, mul, slice, square, sub, sum } from '@pullback/rules-core/math';
import { StagedPreparation } from '../../src/staging/staged-preparation.js';
import { PassContext } from '../../src/passes/context.js';
const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);
const term = (a: Real, b: Real): Real => add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));
const rosenbrockMap2 = (x: RealArray): Real => sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));
it('show', () => {
  const x = new Float64Array(10).map((_, i) => Math.sin(i));
  const sp = new StagedPreparation(rosenbrockMap2 as never, x, [], config);
  sp.vjp(x, x, [], undefined, false);
  console.log(sp.source());
});
