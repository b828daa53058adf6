/**
 * Generated source past a size limit runs on the interpreter: a 900-point stencil in forward
 * mode generated 13 MB of straight-line code that took seconds to parse and overflowed the stack
 * on entry (found by the sparsity work's 30×30 Laplacian). The limit is lowered here so a small
 * program crosses it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square } from '@pullback/rules-core/math';
import { forward, jacobian, prepareJacobian, reverse } from '@pullback/engine';
import { limitGeneratedSource } from '../../src/staging/kernels.js';

// A 1-D stencil with boundary rows, so the trace does not re-roll into one loop.
const stencil = (u: RealArray): Real[] => {
  const r: Real[] = [];
  for (let k = 0; k < u.length; k++) {
    let s: Real = mul(-2, at(u, k));
    if (k > 0) s = add(s, at(u, k - 1));
    if (k < u.length - 1) s = add(s, at(u, k + 1));
    r.push(add(s, square(at(u, k))));
  }
  return r;
};
const x = Float64Array.from({ length: 12 }, (_, i) => Math.cos(i));

afterEach(() => limitGeneratedSource(undefined));

describe('generated source over the limit', () => {
  it('runs on the interpreter, says so, and equals the eager Jacobian', () => {
    const eager = Array.from(jacobian(stencil, forward({ compile: false }), x).data);
    limitGeneratedSource(1000);
    for (const backend of [forward(), reverse()]) {
      const p = prepareJacobian(stencil, backend, x);
      expect(Array.from(p.jacobian(x).data)).toEqual(eager);
      expect(p.compilation).toMatchObject({ compiled: true, engine: 'interpreted' });
      expect(p.compilation.sourceBytes).toBeGreaterThan(1000);
    }
  });

  it('under the limit, the same program runs generated code', () => {
    const p = prepareJacobian(stencil, forward(), x);
    p.jacobian(x);
    expect(p.compilation).toMatchObject({ compiled: true, engine: 'generated' });
  });
});
