// corpus: buggy
// about: an n-by-n kernel matrix is assembled in a Float64Array from active inputs; no input has the matrix's length
import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, exp, logdet, mul, neg, square, sub } from '@pullback/rules-core/math';

export const logDetKernel = differentiable((x: RealArray) => {
  const n = x.length;
  const K = new Float64Array(n * n); // expect: no-non-generic-storage
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      K[i * n + j] = exp(mul(-0.5, square(sub(at(x, i), at(x, j))))) as number; // expect: no-typed-array-write
    }
  }
  return logdet({ rows: n, cols: n, data: K });
});

export const negLogDet = differentiable((x: RealArray) => neg(logDetKernel(x)));
