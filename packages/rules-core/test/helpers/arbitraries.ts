import { fc } from '@fast-check/vitest';

/**
 * Points for the rule tests. Finite-difference checks need points where the function is smooth
 * within a step (h = 1e-5): kinks, jumps and poles are kept at least 1e-3 away.
 */

/**
 * A real spread uniformly over [min, max] (2³⁰ + 1 evenly spaced values, ends included).
 * `fc.double` draws uniformly over the bit patterns instead, which puts almost every draw within
 * 1e-10 of zero: good for edge cases of the values, useless for exercising a derivative.
 */
export function real(min: number, max: number): fc.Arbitrary<number> {
  const steps = 2 ** 30;
  return fc.integer({ min: 0, max: steps }).map((k) => min + ((max - min) * k) / steps);
}

/** A double in [min, max] at least `gap` away from each of `points`. */
export function realAwayFrom(
  min: number,
  max: number,
  points: readonly number[],
  gap = 1e-3,
): fc.Arbitrary<number> {
  return real(min, max).filter((x) => points.every((p) => Math.abs(x - p) >= gap));
}

/** A double in [min, max] at least `gap` away from every integer (plus `offset`). */
export function realAwayFromIntegers(
  min: number,
  max: number,
  offset = 0,
  gap = 1e-3,
): fc.Arbitrary<number> {
  return real(min, max).filter((x) => {
    const f = x - offset - Math.floor(x - offset);
    return f >= gap && f <= 1 - gap;
  });
}

/** An array of `n` elements (n in [minLength, maxLength]), as a `number[]` or a `Float64Array`. */
export function vector(
  element: fc.Arbitrary<number>,
  minLength = 1,
  maxLength = 5,
): fc.Arbitrary<number[] | Float64Array> {
  const plain = fc.array(element, { minLength, maxLength });
  return fc.oneof(
    plain,
    plain.map((xs) => Float64Array.from(xs)),
  );
}

/** Two arrays of the same length. */
export function vectorPair(
  a: fc.Arbitrary<number>,
  b: fc.Arbitrary<number> = a,
  minLength = 1,
  maxLength = 5,
): fc.Arbitrary<[number[] | Float64Array, number[] | Float64Array]> {
  return fc
    .integer({ min: minLength, max: maxLength })
    .chain((n) => fc.tuple(vector(a, n, n), vector(b, n, n)));
}

/** A matrix `{ rows, cols, data }` with entries in [-2, 2]. */
export function matrix(
  rows: number,
  cols: number,
): fc.Arbitrary<{ rows: number; cols: number; data: Float64Array | number[] }> {
  return vector(real(-2, 2), rows * cols, rows * cols).map((data) => ({ rows, cols, data }));
}

/** A matrix of random shape (1..4 × 1..4). */
export function anyMatrix(): fc.Arbitrary<{
  rows: number;
  cols: number;
  data: Float64Array | number[];
}> {
  return fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .chain(([m, n]) => matrix(m, n));
}

/**
 * A well-conditioned square matrix (1..4 × 1..4): entries in [-1, 1] plus `±(n + 1)` on the
 * diagonal, so it is strictly diagonally dominant (regular, condition number below ~10).
 * With `positive`, the diagonal shift is positive and so is the determinant.
 */
export function regularMatrix(
  positive = false,
): fc.Arbitrary<{ rows: number; cols: number; data: Float64Array | number[] }> {
  return fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc
      .tuple(
        vector(real(-1, 1), n * n, n * n),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      )
      .map(([data, flips]) => {
        const out = Array.from(data);
        for (let i = 0; i < n; i++) out[i * n + i] += (positive || flips[i] ? 1 : -1) * (n + 1);
        return {
          rows: n,
          cols: n,
          data: data instanceof Float64Array ? Float64Array.from(out) : out,
        };
      }),
  );
}
