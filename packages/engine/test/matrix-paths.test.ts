import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, sum } from '@pullback/rules-core/math';
import {
  forward,
  hessian,
  jacobian,
  prepareHessian,
  prepareJacobian,
  reverse,
  secondOrder,
  sparse,
  toDense,
  valueAndJacobian,
  valueGradientAndHessian,
} from '@pullback/engine';

// Issue 16, item 16: every matrix result, dense and sparse, carries rowPaths and colPaths, the
// flattened paths of the output (rows) and of x (columns), without changing what a dense result
// looks like to existing code (they are non-enumerable).

interface Params {
  mu: number;
  w: number[];
}
const params: Params = { mu: 0.5, w: [1, 2, 3] };
const xPaths = ['mu', 'w[0]', 'w[1]', 'w[2]'];

/** A scalar of an object: its Hessian is over mu, w[0], w[1], w[2]. */
const loss = (p: Params): Real =>
  add(mul(p.mu, sum(mul(p.w as never, p.w as never) as unknown as RealArray)), sin(p.mu));
/** An object of an object: rows are named by the output's paths. */
const model = (p: Params): { fit: Real; terms: Real[] } => ({
  fit: mul(p.mu, at(p.w as never, 0)),
  terms: [sin(at(p.w as never, 1)), at(p.w as never, 2)],
});

const fr = secondOrder(forward(), reverse());

describe('rowPaths and colPaths', () => {
  it('on dense and sparse Hessians, plain and prepared', () => {
    for (const H of [
      hessian(loss, fr, params),
      hessian(loss, sparse(fr), params),
      valueGradientAndHessian(loss, fr, params)[2],
      prepareHessian(loss, fr, params).hessian(params),
      prepareHessian(loss, sparse(fr), params).hessian(params),
    ]) {
      expect(H.rowPaths).toEqual(xPaths);
      expect(H.colPaths).toEqual(xPaths);
    }
  });

  it('on dense and sparse Jacobians, rows by the output’s paths', () => {
    const rows = ['fit', 'terms[0]', 'terms[1]'];
    for (const J of [
      jacobian(model, forward(), params),
      jacobian(model, reverse(), params),
      jacobian(model, sparse(forward()), params),
      jacobian(model, sparse(reverse()), params),
      valueAndJacobian(model, forward(), params)[1],
      prepareJacobian(model, forward(), params).jacobian(params),
      prepareJacobian(model, sparse(forward()), params).jacobian(params),
    ]) {
      expect(J.rowPaths).toEqual(rows);
      expect(J.colPaths).toEqual(xPaths);
    }
    const J = jacobian(model, sparse(forward()), params);
    expect(toDense(J).rowPaths).toEqual(rows);
  });

  it('arrays and lone numbers: [i] and the empty path', () => {
    const f = (x: RealArray): Real[] => [sum(x), at(x, 1)];
    const J = jacobian(f, forward(), [1, 2, 3]);
    expect(J.rowPaths).toEqual(['[0]', '[1]']);
    expect(J.colPaths).toEqual(['[0]', '[1]', '[2]']);
    expect(jacobian((t: Real) => sin(t), forward(), 1).colPaths).toEqual(['']);
  });

  it('are non-enumerable: a dense result still equals { rows, cols, data }', () => {
    const J = jacobian((x: RealArray) => [at(x, 0)], forward(), [1, 2]);
    expect(Object.keys(J)).toEqual(['rows', 'cols', 'data']);
    expect(J).toEqual({ rows: 1, cols: 2, data: new Float64Array([1, 0]) });
    expect({ ...J }).not.toHaveProperty('rowPaths');
  });
});
