// corpus: buggy
// about: a softsign activation declared with scalarRule whose partials also return y, two entries for a function of one argument
import { jacobian, reverse } from '@pullback/engine';
import { scalarRule, type RealArray } from '@pullback/rules-core';
import { abs, add, div, matvec, square } from '@pullback/rules-core/math';
import type { Matrix } from '@pullback/rules-core';

export const softsign = scalarRule(
  (x: number) => x / (1 + Math.abs(x)),
  (x, y) => [div(1, square(add(1, abs(x)))), y], // expect: valid-rule
);

export const hiddenJacobian = (W: Matrix, x: number[]) =>
  jacobian((v: RealArray) => softsign(matvec(W, v)), reverse(), x);
