// corpus: buggy
// about: a least-squares loss that logs itself with a template literal inside the differentiated closure; the active loss is converted to a string
import { reverse, valueAndGradient } from '@pullback/engine';
import type { Matrix, Real, RealArray } from '@pullback/rules-core';
import { matvec, mean, square, sub } from '@pullback/rules-core/math';

export function makeLoss(A: Matrix, b: RealArray, verbose: boolean) {
  return (x: RealArray): Real => {
    const loss = mean(square(sub(matvec(A, x), b)));
    if (verbose) console.log(`least-squares loss = ${loss}`); // expect: no-active-coercion
    return loss;
  };
}

export function descentStep(A: Matrix, b: RealArray, x: Float64Array, lr: number): Float64Array {
  const [, g] = valueAndGradient(makeLoss(A, b, true), reverse(), x);
  return x.map((xi, i) => xi - lr * g[i]);
}
