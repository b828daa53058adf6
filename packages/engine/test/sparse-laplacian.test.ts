import { describe, expect, it } from 'vitest';
import { coloring, forward, jacobian, prepareJacobian, sparse, toDense } from '@pullback/engine';
import { laplacianResidual } from './fixtures/laplacian.js';

// Issue 15, "Must show": a 2-D 5-point Laplacian residual on a 30×30 grid. The prepared sparse
// Jacobian equals the dense one, and takes at most 5% of the prepared dense forward-mode time
// (detection excluded: it happens at preparation).

const N = 30;
const f = laplacianResidual(N);
const x = Float64Array.from({ length: N * N }, (_, i) => Math.sin(i) * 0.5);

describe('a 5-point Laplacian on a 30×30 grid', () => {
  it('prepared sparse Jacobian equals the dense one exactly, with few colors', () => {
    const p = prepareJacobian(f, sparse(forward()), x);
    const J = p.jacobian(x);
    expect(J.values.length).toBe(5 * N * N - 4 * N);
    const dense = jacobian(f, forward(), x).data;
    expect(Array.from(toDense(J).data, (v) => v + 0)).toEqual(Array.from(dense, (v) => v + 0));
    // Columns of a 5-point stencil share rows within distance 2: greedy needs 5 to 8 colors.
    const { count } = coloring(J);
    expect(count).toBeGreaterThanOrEqual(5);
    expect(count).toBeLessThanOrEqual(8);
    expect(p.explain()).toMatch(new RegExp(`${count} pushforwards instead of 900`));
  });

  it('takes at most 5% of the prepared dense forward-mode time (paired medians)', () => {
    // The dense baseline runs eagerly (compile: false): compiling this 900-input, 900-output
    // loop takes tens of seconds on these machines. Eager against eager compares the passes.
    const dense = prepareJacobian(f, forward({ compile: false }), x);
    const compressed = prepareJacobian(f, sparse(forward()), x);
    dense.jacobian(x);
    compressed.jacobian(x);
    const times = { dense: [] as number[], sparse: [] as number[] };
    // Interleaved rounds: a slow spell of the shared machine hits both sides alike.
    for (let r = 0; r < 5; r++) {
      let t0 = performance.now();
      dense.jacobian(x);
      times.dense.push(performance.now() - t0);
      for (let k = 0; k < 3; k++) {
        t0 = performance.now();
        compressed.jacobian(x);
        times.sparse.push(performance.now() - t0);
      }
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1];
    const ratio = median(times.sparse) / median(times.dense);
    // Measured about 1% (7 pushforwards in one chunk against 900 columns in chunks).
    expect(ratio).toBeLessThanOrEqual(0.05);
  }, 120_000);
});
