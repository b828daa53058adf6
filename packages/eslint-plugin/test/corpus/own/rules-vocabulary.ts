// corpus: clean
// about: frule and rrule declared with the vocabulary for a custom function, returning [y, dy] and one cotangent per argument
import { differentiable, type Real } from '@pullback/rules-core';
import { add, cos, exp, mul, neg, sin } from '@pullback/rules-core/math';

const dampedWave = (t: Real, k: Real): Real => mul(exp(neg(mul(k, t))), sin(t));

export const wave = differentiable(dampedWave, {
  frule: ([t, k], [dt, dk]) => {
    const e = exp(neg(mul(k, t)));
    const y = mul(e, sin(t));
    const dydt = add(mul(e, cos(t)), mul(neg(k), y));
    const dydk = mul(neg(t), y);
    return [y, add(mul(dydt, dt as Real), mul(dydk, dk as Real))];
  },
  rrule: ([t, k]) => {
    const e = exp(neg(mul(k, t)));
    const y = mul(e, sin(t));
    return [
      y,
      (dy) => [
        mul(dy as Real, add(mul(e, cos(t)), mul(neg(k), y))),
        mul(dy as Real, mul(neg(t), y)),
      ],
    ];
  },
});
