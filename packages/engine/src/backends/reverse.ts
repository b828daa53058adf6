import type { Matrix, Real } from '@pullback/rules-core';
import { checkOptions, COMMON_KEYS, type ReverseBackend } from './backend.js';
import type { PassContext } from '../interpreters/pass-context.js';
import { reversePass, type UserFunction } from '../interpreters/passes.js';
import { primalDeep } from '../tree/primal-deep.js';
import {
  flattenReal,
  sizeOf,
  structureOf,
  unflattenReal,
  type Structure,
} from '../tree/structure.js';
import { basis, conform, matvec, packed, requireScalar, type DensePasses } from './dense-passes.js';

/**
 * Reverse mode: one recorded pass, swept once per cotangent; a Jacobian is one sweep per
 * output component, pushforwards are products with it.
 */
export const reversePasses: DensePasses<ReverseBackend> = {
  valueAndPushforwards(_b, f, x, rest, tangents, ctx) {
    const { y, jacobian, xs } = reverseJacobian(f, x, rest, ctx);
    const ys = structureOf(primalDeep(y), 'f(x)', ctx.operator);
    const tys = tangents.map((t) => unflattenReal(ys, matvec(jacobian, flattenReal(t, xs))));
    return { y, tys };
  },
  valueAndPullback(_b, f, x, rest, ctx) {
    const run = reversePass(f, x, rest, ctx);
    const xs = structureOf(x);
    return { y: run.y, pullback: (dy) => conform(run.pullback(dy), xs) };
  },
  valueAndJacobian(_b, f, x, rest, ctx) {
    const { y, jacobian } = reverseJacobian(f, x, rest, ctx);
    return { y, jacobian };
  },
  valueAndGradient(_b, f, x, rest, ctx) {
    const run = reversePass(f, x, rest, ctx);
    requireScalar(run.y, ctx.operator);
    return { y: run.y as Real, gradient: conform(run.pullback(1), structureOf(x)) };
  },
  jacobianBuildPasses(_b, m) {
    return m;
  },
  record(_b, f, x, rest, ctx) {
    // A tape of its own (not the context's recycled one): it lives as long as the caller keeps it.
    return reversePass(f, x, rest, ctx, false);
  },
};

function reverseJacobian(
  f: UserFunction,
  x: unknown,
  rest: readonly unknown[],
  ctx: PassContext,
): { y: unknown; jacobian: Matrix<Float64Array | Real[]>; xs: Structure } {
  const xs = structureOf(x);
  const n = sizeOf(xs);
  const run = reversePass(f, x, rest, ctx);
  const ys = structureOf(primalDeep(run.y), 'f(x)', ctx.operator);
  const m = sizeOf(ys);
  const data: Real[] = new Array<Real>(m * n);
  for (let i = 0; i < m; i++) {
    const row = flattenReal(run.pullback(basis(ys, m, i)), xs);
    for (let j = 0; j < n; j++) data[i * n + j] = row[j];
  }
  return { y: run.y, jacobian: { rows: m, cols: n, data: packed(data) }, xs };
}

/** Reverse mode on a tape. */
export function reverse(options: Omit<ReverseBackend, 'kind'> = {}): ReverseBackend {
  checkOptions('reverse', options, COMMON_KEYS);
  return { ...options, kind: 'reverse' };
}
