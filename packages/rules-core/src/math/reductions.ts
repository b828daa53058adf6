import { isActive, type Real, type RealArray } from '../active.js';
import { differentiable, type DifferentiableFunction } from '../differentiable.js';
import { isAbstractZero, unthunk, zeroTangent } from '../tangent.js';
import { add } from './arithmetic.js';
import { fill } from './chain.js';

/** `x₀ + x₁ + …`; a scalar is its own sum. */
export const sum: DifferentiableFunction<(x: Real | RealArray) => Real> = differentiable(
  function sum(x: Real | RealArray): Real {
    if (typeof x === 'number') return x;
    if (isActive(x) && !('length' in x)) return x;
    const xs = x as ArrayLike<Real>;
    let passive = 0;
    let active: Real | undefined;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (typeof v === 'number') passive += v;
      else active = active === undefined ? v : add(active, v);
    }
    return active === undefined ? passive : add(active, passive);
  },
  {
    frule: ([x], [dx]) => [sum(x), isAbstractZero(dx) ? zeroTangent : sum(dx as RealArray)],
    rrule: ([x]) => {
      const n = typeof x === 'number' || !('length' in x) ? -1 : x.length;
      return [
        sum(x),
        (dy) => {
          const u = unthunk(dy);
          if (isAbstractZero(u)) return [zeroTangent];
          return [n === -1 ? u : fill(u as Real, n)];
        },
      ];
    },
  },
);
