/**
 * pullback, from the repository's built packages (`npm run build` first; they resolve through the
 * root's workspace links). The functions are written as in `../../rosenbrock.bench.ts`.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, cos, exp, mul, sin, slice, square, sub, sum } from '@pullback/rules-core/math';
import { gradient, prepareGradient, reverse } from '@pullback/engine';
import type { CaseSpec } from '../cases.js';
import type { MakeSubject } from './subject.js';

const rosenbrockArray = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};

const rosenbrockLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
};

const heavyArray = (x: RealArray): Real => {
  let v: Real | RealArray = x;
  for (let k = 0; k < 20; k++) v = add(mul(0.5, sin(v)), mul(0.25, cos(mul(v, v))));
  return sum(exp(mul(-0.1, v)));
};

const heavyLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) {
    let v = at(x, i);
    for (let k = 0; k < 20; k++) v = add(mul(0.5, sin(v)), mul(0.25, cos(mul(v, v))));
    s = add(s, exp(mul(-0.1, v)));
  }
  return s;
};

function functionFor(c: CaseSpec): (x: RealArray) => Real {
  if (c.problem === 'rosenbrock')
    return c.style === 'whole-array' ? rosenbrockArray : rosenbrockLoop;
  return c.style === 'whole-array' ? heavyArray : heavyLoop;
}

/** `gradient(f, reverse(), x)`: everything done again on every call. */
export const makeEager: MakeSubject = async (c, x) => {
  const f = functionFor(c);
  return { gradient: () => gradient(f, reverse(), x), dtype: 'float64' };
};

/**
 * `prepareGradient(f, reverse(), x)` once, then `p.gradient(x)`: whatever preparation does
 * (compiling, once compiled preparation lands) is in the time to the first gradient.
 */
export const makePrepared: MakeSubject = async (c, x) => {
  const p = prepareGradient(functionFor(c), reverse(), x);
  return { gradient: () => p.gradient(x), dtype: 'float64', note: p.explain() };
};
