import { expect } from 'vitest';

/** Flattens any result (number, arrays, typed arrays, nested objects) into numbers. */
export function flat(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (v instanceof Float64Array) return Array.from(v);
  if (Array.isArray(v)) return v.flatMap(flat);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(flat);
  throw new Error(`not numeric: ${String(v)}`);
}

/**
 * Asserts `actual ≈ expected` elementwise with |a - e| <= atol + rtol·|e|. AD results are
 * exact up to round-off (rtol 1e-12); central differences have O(h²) truncation and O(ε/h)
 * round-off with h ≈ 6e-6, about 1e-10 relative, so 1e-6 leaves room for curvature.
 */
export function expectClose(
  actual: unknown,
  expected: readonly number[],
  rtol: number,
  atol = rtol,
): void {
  const a = flat(actual);
  expect(a.length).toBe(expected.length);
  a.forEach((v, i) => {
    const e = expected[i];
    if (Math.abs(v - e) > atol + rtol * Math.abs(e)) {
      throw new Error(
        `component ${i}: expected ${e}, got ${v} (rtol ${rtol}); all: [${a.join(', ')}]`,
      );
    }
  });
}

/** The dense row-major entries of a matrix result, dense or sparse (CSR, from `sparse(...)`). */
export function denseData(m: {
  rows: number;
  cols: number;
  data?: ArrayLike<number>;
  rowPtr?: Int32Array;
  colIdx?: Int32Array;
  values?: Float64Array;
}): Float64Array {
  if (m.data !== undefined) return Float64Array.from(m.data);
  const out = new Float64Array(m.rows * m.cols);
  const { rowPtr, colIdx, values } = m as Required<typeof m>;
  for (let i = 0; i < m.rows; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) out[i * m.cols + colIdx[k]] = values[k];
  }
  return out;
}
