// corpus: clean
// about: a two-layer MLP class whose parameters are a pytree of matrices and vectors; this.loss and this.predict are differentiated with respect to the parameters
import { gradient, reverse } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { add, matvec, mean, square, sub, tanh } from '@pullback/rules-core/math';

export interface MlpParams {
  readonly W1: Matrix;
  readonly b1: RealArray;
  readonly W2: Matrix;
  readonly b2: RealArray;
}

export class Mlp {
  constructor(
    private readonly inputs: readonly (readonly number[])[],
    private readonly targets: readonly (readonly number[])[],
  ) {}

  predict(p: MlpParams, x: RealArray): RealArray {
    const hidden = tanh(add(matvec(p.W1, x), p.b1));
    return add(matvec(p.W2, hidden), p.b2);
  }

  loss(p: MlpParams): Real {
    let total: Real = 0;
    for (const [n, x] of this.inputs.entries()) {
      total = add(total, mean(square(sub(this.predict(p, x), this.targets[n]))));
    }
    return total;
  }

  lossGradient(p: MlpParams): MlpParams {
    return gradient((q: MlpParams) => this.loss(q), reverse(), p);
  }
}
