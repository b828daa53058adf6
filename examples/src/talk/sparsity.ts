/**
 * The talk's sparsity section: a tracer finds which inputs each output depends on, a coloring
 * groups columns that never share a row, and one pushforward per color recovers the Jacobian.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, setAt, sign, similar, sin, square, sub } from '@pullback/rules-core/math';
import {
  colorColumns,
  colorCount,
  forward,
  jacobian,
  jacobianSparsity,
  prepareJacobian,
  sparse,
} from '@pullback/engine';

/** `f(x) = x[1] + sign(x[2]) * x[3]` from the slide (1-based there, 0-based here). */
export const slide = (x: RealArray): Real =>
  // eslint-disable-next-line @pullback/no-nondifferentiable-math -- sign's zero derivative is the slide's point
  add(at(x, 0), mul(sign(at(x, 1)), at(x, 2)));

/** A banded map, yᵢ = sin(xᵢ₋₁) + xᵢ² − xᵢ₊₁, like the slide's `brand(30, 30, 3, 3)` but tridiagonal. */
export function banded(x: RealArray): RealArray {
  const y = similar(x);
  for (let i = 0; i < x.length; i++) {
    let v: Real = square(at(x, i));
    if (i > 0) v = add(v, sin(at(x, i - 1)));
    if (i + 1 < x.length) v = sub(v, at(x, i + 1));
    setAt(y, i, v);
  }
  return y;
}

/** What the tour prints for the sparsity section. */
export function sparsityReplay(): {
  slidePattern: number[];
  colors: number;
  explain: string;
  agrees: boolean;
} {
  const x = Float64Array.from({ length: 30 }, (_, i) => Math.cos(i));
  const pattern = jacobianSparsity(banded, x);
  const prep = prepareJacobian(banded, sparse(forward()), x);
  const compressed = prep.jacobian(x).data;
  const dense = jacobian(banded, forward(), x).data;
  return {
    slidePattern: [...jacobianSparsity(slide, new Float64Array([1, 2, 3])).entries[0]].map(
      (j) => j + 1,
    ),
    colors: colorCount(colorColumns(pattern)),
    explain: prep.explain(),
    agrees: compressed.every((v, k) => v === dense[k]),
  };
}
