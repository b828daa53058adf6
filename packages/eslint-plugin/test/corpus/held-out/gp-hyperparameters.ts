// corpus: buggy
// about: a GP class whose covariance method takes the hyperparameters as numbers (cast from Real by the caller) and applies raw arithmetic and Math.exp to them
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, at, dot, logdet, mul, solve } from '@pullback/rules-core/math';

export class SquaredExponentialGP {
  constructor(
    private readonly inputs: readonly number[],
    private readonly targets: readonly number[],
    private readonly noise = 1e-2,
  ) {}

  covariance(a: number, b: number, lengthScale: number, variance: number): number { // expect: prefer-generic-types
    const r = (a - b) / lengthScale; // expect: no-raw-arithmetic
    return variance * Math.exp(-0.5 * r * r); // expect: no-raw-arithmetic, no-active-coercion
  }

  gram(lengthScale: Real, variance: Real): Matrix {
    const n = this.inputs.length;
    const data: Real[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const k = this.covariance(this.inputs[i], this.inputs[j], lengthScale as number, variance as number);
        data.push(i === j ? add(k, this.noise) : k);
      }
    }
    return { rows: n, cols: n, data };
  }

  negLogMarginal(theta: RealArray): Real {
    const K = this.gram(at(theta, 0), at(theta, 1));
    return add(mul(0.5, dot(this.targets, solve(K, this.targets))), mul(0.5, logdet(K)));
  }
}

export function hyperGradient(gp: SquaredExponentialGP, theta: number[]): number[] {
  return gradient((t: RealArray) => gp.negLogMarginal(t), reverse(), theta);
}
