// corpus: buggy
// about: scalarRule partials for a two-argument atan2 come from a helper that returns only one partial derivative
import { scalarRule, type Real } from '@pullback/rules-core';
import { add, div, mul, neg } from '@pullback/rules-core/math';

function atan2Partials(y: Real, x: Real): Real[] {
  const r2 = add(mul(x, x), mul(y, y));
  return [div(x, r2)];
}

export const angle = scalarRule(
  (y: number, x: number) => Math.atan2(y, x),
  (y, x) => atan2Partials(y, x), // expect: valid-rule
);

export const negAngle = scalarRule(
  (y: number, x: number) => -Math.atan2(y, x),
  (y, x) => [neg(div(x, add(mul(x, x), mul(y, y)))), div(y, add(mul(x, x), mul(y, y))), y], // expect: valid-rule
);
