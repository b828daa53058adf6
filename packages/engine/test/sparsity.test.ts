import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  map,
  map2,
  mul,
  sign,
  sin,
  slice,
  square,
  sub,
  sum,
  setAt,
  similar,
} from '@pullback/rules-core/math';
import {
  coloring,
  forward,
  hessian,
  hessianSparsity,
  jacobian,
  jacobianSparsity,
  prepareHessian,
  prepareJacobian,
  reverse,
  sparse,
  toDense,
  type SparsityPattern,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

/** The rows of a pattern as lists of columns. */
const rows = (p: SparsityPattern): number[][] =>
  Array.from({ length: p.rows }, (_, i) =>
    Array.from(p.colIdx.subarray(p.rowPtr[i], p.rowPtr[i + 1])),
  );

/** The talk's example: f(x) = x₁ + sign(x₂)·x₃ (1-based) depends on x₁ and x₃ only. */
const talk = (x: RealArray): Real => add(at(x, 0), mul(sign(at(x, 1)), at(x, 2)));

/** A banded map: yᵢ = sin(xᵢ₋₁) + xᵢ² − xᵢ₊₁ (tridiagonal Jacobian). */
function banded(x: RealArray): RealArray {
  const n = x.length;
  const y = similar(x);
  for (let i = 0; i < n; i++) {
    let v: Real = square(at(x, i));
    if (i > 0) v = add(v, sin(at(x, i - 1)));
    if (i + 1 < n) v = sub(v, at(x, i + 1));
    setAt(y, i, v);
  }
  return y;
}

const rosenbrock = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};

describe('sparsity detection', () => {
  it('replays the talk: x₁ + sign(x₂)·x₃ depends on {1, 3}', () => {
    expect(rows(jacobianSparsity(talk, 'global', new Float64Array([1, 2, 3])))).toEqual([[0, 2]]);
  });

  it('finds the tridiagonal pattern of a banded map and colors it with 3 colors', () => {
    const p = jacobianSparsity(banded, 'global', new Float64Array(30).fill(0.5));
    expect(rows(p)[0]).toEqual([0, 1]);
    expect(rows(p)[10]).toEqual([9, 10, 11]);
    expect(rows(p)[29]).toEqual([28, 29]);
    expect(coloring(p).count).toBe(3);
  });

  it('finds the tridiagonal Hessian pattern of Rosenbrock', () => {
    const p = hessianSparsity(rosenbrock, 'global', new Float64Array(8).fill(0.3));
    expect(rows(p)[0]).toEqual([0, 1]);
    expect(rows(p)[4]).toEqual([3, 4, 5]);
  });

  it('map2 broadcasting an active scalar has a row per element; map over nothing has none', () => {
    // The scalar was taken for an array of undefined length: the pattern had no rows at all.
    const f = (x: RealArray): RealArray => map2((a: Real, b: Real) => mul(a, b), x, at(x, 0));
    expect(rows(jacobianSparsity(f, 'global', [0.5, 2]))).toEqual([[0], [0, 1]]);
    expectClose(toDense(jacobian(f, sparse(forward()), [0.5, 2])).data, [1, 0, 2, 0.5], 0);
    const none = (x: RealArray): RealArray => map((a: Real) => mul(a, a), slice(x, 0, 0));
    const empty = jacobianSparsity(none, 'global', [0.5, 2]);
    expect([empty.rows, empty.cols, Array.from(empty.rowPtr), empty.colIdx.length]).toEqual([
      0,
      2,
      [0],
      0,
    ]);
  });

  it('colors so that no two columns of one color share a row', () => {
    const p = jacobianSparsity(banded, 'global', new Float64Array(12).fill(1));
    const { colors } = coloring(p);
    for (const row of rows(p)) expect(new Set(row.map((j) => colors[j])).size).toBe(row.length);
  });
});

describe('compressed differentiation', () => {
  const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
    minLength: 3,
    maxLength: 12,
  });

  fcTest.prop([point], { numRuns: 20 })(
    'sparse Jacobians equal dense ones (forward and reverse)',
    (xs) => {
      const x = Float64Array.from(xs);
      const dense = Array.from(jacobian(banded, forward(), x).data);
      expectClose(toDense(jacobian(banded, sparse(forward()), x)).data, dense, 1e-15, 1e-15);
      expectClose(toDense(jacobian(banded, sparse(reverse()), x)).data, dense, 1e-15, 1e-15);
    },
  );

  fcTest.prop([point], { numRuns: 20 })('sparse Hessians equal dense ones', (xs) => {
    const x = Float64Array.from(xs);
    const dense = Array.from(hessian(rosenbrock, reverse(), x).data);
    expectClose(toDense(hessian(rosenbrock, sparse(reverse()), x)).data, dense, 1e-12, 1e-9);
  });

  it('prepared: the pattern is found once and explain() says what it saves', () => {
    const x = new Float64Array(40).fill(0.2);
    const prep = prepareJacobian(banded, sparse(forward()), x);
    expect(prep.explain()).toMatch(
      /118 structural non-zeros in a 40×40 jacobian \(global detector\), colored with 3 color\(s\) \(column, greedy\): 3 pushforwards instead of 40/,
    );
    const y = Float64Array.from(x, (_, i) => Math.cos(i));
    expectClose(
      toDense(prep.jacobian(y)).data,
      Array.from(jacobian(banded, reverse(), y).data),
      1e-15,
      1e-15,
    );
    const hp = prepareHessian(rosenbrock, sparse(reverse()), x);
    expect(hp.explain()).toMatch(/3 Hessian-vector products instead of 40/);
    expectClose(
      toDense(hp.hessian(y)).data,
      Array.from(hessian(rosenbrock, reverse(), y).data),
      1e-12,
      1e-9,
    );
  });
});
