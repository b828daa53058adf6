import { fc } from '@fast-check/vitest';
import { noTangent, zeroTangent } from '@pullback/rules-core';

/**
 * Primals of nested structure and tangents that fit them, for the tangent-algebra laws. Leaves
 * are small integers so that sums are exact and the laws hold bit for bit.
 */
export type Shape =
  | { readonly kind: 'real' }
  | { readonly kind: 'f64'; readonly n: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'matrix'; readonly rows: number; readonly cols: number }
  | { readonly kind: 'array'; readonly items: readonly Shape[] }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Shape>> };

export const shape: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Shape>({ kind: 'real' }),
    fc.integer({ min: 0, max: 4 }).map((n): Shape => ({ kind: 'f64', n })),
    fc.constant<Shape>({ kind: 'none' }),
    fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
      .map(([rows, cols]): Shape => ({ kind: 'matrix', rows, cols })),
    fc.array(tie('shape'), { maxLength: 3 }).map((items): Shape => ({ kind: 'array', items })),
    fc
      .dictionary(fc.constantFrom('a', 'b', 'c'), tie('shape'), { maxKeys: 3 })
      .map((fields): Shape => ({ kind: 'object', fields })),
  ),
})).shape;

/** A primal of the shape. */
export function primalOf(s: Shape): unknown {
  switch (s.kind) {
    case 'real':
      return 1.5;
    case 'f64':
      return new Float64Array(s.n);
    case 'none':
      return 'label';
    case 'matrix':
      return { rows: s.rows, cols: s.cols, data: new Float64Array(s.rows * s.cols) };
    case 'array':
      return s.items.map(primalOf);
    case 'object':
      return Object.fromEntries(Object.entries(s.fields).map(([k, v]) => [k, primalOf(v)]));
  }
}

const int = fc.integer({ min: -50, max: 50 });
const ints = (n: number): fc.Arbitrary<number[]> => fc.array(int, { minLength: n, maxLength: n });

/** A tangent of the shape, in any of the forms the algebra accepts (strong zeros included). */
export function tangentOf(s: Shape): fc.Arbitrary<unknown> {
  const zero = fc.constant(zeroTangent);
  switch (s.kind) {
    case 'real':
      return fc.oneof(int, zero);
    case 'f64':
      return fc.oneof(
        ints(s.n).map((xs) => Float64Array.from(xs)),
        ints(s.n),
        zero,
      );
    case 'none':
      return fc.constant(noTangent);
    case 'matrix':
      return fc.oneof(
        ints(s.rows * s.cols).map((xs) => ({
          rows: s.rows,
          cols: s.cols,
          data: Float64Array.from(xs),
        })),
        zero,
      );
    case 'array':
      return fc.oneof(fc.tuple(...s.items.map(tangentOf)), zero);
    case 'object': {
      const fields = Object.fromEntries(
        Object.entries(s.fields).map(([k, v]) => [k, tangentOf(v)]),
      );
      // Fields may be missing: they count as zero.
      return fc.oneof(fc.record(fields, { requiredKeys: [] }), zero);
    }
  }
}

/** A shape and `count` tangents of it. */
export function tangents(count: number): fc.Arbitrary<[Shape, ...unknown[]]> {
  return shape.chain((s) =>
    fc.tuple(fc.constant(s), ...Array.from({ length: count }, () => tangentOf(s))),
  ) as fc.Arbitrary<[Shape, ...unknown[]]>;
}
