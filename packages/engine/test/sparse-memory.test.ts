import { describe, expect, it } from 'vitest';
import { forward, jacobian, sparse } from '@pullback/engine';
import { laplacianResidual } from './fixtures/laplacian.js';

// Issue 15, "Must show": on a 300×300 grid (9e4 inputs) the sparse Jacobian of the 5-point
// Laplacian residual is computed with peak heap plus array buffers under 200 MB (the dense one
// would be 9e4² doubles, 65 GB).
//
// The peak growth is bounded by the process's peak resident set (`maxRSS`, which holds the heap,
// array buffers and more) after the call, less the resident set before it: when the call's own
// peak stays below an earlier peak of the process, the difference only reads higher. So the
// bound is conservative: the test can fail spuriously, never pass spuriously.

describe('a 5-point Laplacian on a 300×300 grid', () => {
  it('sparse Jacobian with a peak under 200 MB', () => {
    const N = 300;
    const f = laplacianResidual(N);
    const x = Float64Array.from({ length: N * N }, (_, i) => Math.sin(i) * 0.5);
    const rss = process.memoryUsage().rss;
    const J = jacobian(f, sparse(forward()), x);
    const growth = process.resourceUsage().maxRSS * 1024 - rss;
    expect(J.values.length).toBe(5 * N * N - 4 * N);
    // Row 0 (a corner): the diagonal −(−4)·scale + 2u and the two neighbours.
    expect(Array.from(J.colIdx.subarray(J.rowPtr[0], J.rowPtr[1]))).toEqual([0, 1, N]);
    // Measured ~100 MB: the tracer's sets, one forward pass with 7 tangent lanes, the CSR.
    expect(growth).toBeLessThan(200e6);
  }, 120_000);
});
