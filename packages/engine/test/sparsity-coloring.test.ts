import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, square, sum } from '@pullback/rules-core/math';
import {
  coloring,
  ColoringOptionError,
  forward,
  hessian,
  hessianSparsity,
  jacobian,
  reverse,
  secondOrder,
  sparse,
  toDense,
  type ColoringOrder,
  type SparsityPattern,
} from '@pullback/engine';

// Issue 15, "Must show": colorings of the talk's and DifferentiationInterface's patterns, checked
// by validity checkers written here from the definitions (not from the implementation), and
// compressed results equal to dense ones.

const ORDERS: readonly ColoringOrder[] = [
  'natural',
  'largest-first',
  'smallest-last',
  'incidence-degree',
  'dynamic-largest-first',
  'random',
];

/** A pattern from a predicate on (row, column). */
function patternWhere(
  rows: number,
  cols: number,
  keep: (i: number, j: number) => boolean,
): SparsityPattern {
  const rowPtr = new Int32Array(rows + 1);
  const colIdx: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) if (keep(i, j)) colIdx.push(j);
    rowPtr[i + 1] = colIdx.length;
  }
  return { rows, cols, rowPtr, colIdx: Int32Array.from(colIdx) };
}

/** A banded pattern with p subdiagonals and q superdiagonals, built band by band (n up to 1e4). */
function banded(n: number, p: number, q: number): SparsityPattern {
  const rowPtr = new Int32Array(n + 1);
  const colIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - p); j <= Math.min(n - 1, i + q); j++) colIdx.push(j);
    rowPtr[i + 1] = colIdx.length;
  }
  return { rows: n, cols: n, rowPtr, colIdx: Int32Array.from(colIdx) };
}

const rowsOf = (p: SparsityPattern): number[][] =>
  Array.from({ length: p.rows }, (_, i) =>
    Array.from(p.colIdx.subarray(p.rowPtr[i], p.rowPtr[i + 1])),
  );

// ---- Independent checkers, from the definitions --------------------------------------------

/** Column coloring: no row holds two columns of one color. */
function validColumns(p: SparsityPattern, colors: Int32Array): boolean {
  return rowsOf(p).every((row) => new Set(row.map((j) => colors[j])).size === row.length);
}

/** Row coloring: no column holds two rows of one color. */
function validRows(p: SparsityPattern, colors: Int32Array): boolean {
  const byColumn: number[][] = Array.from({ length: p.cols }, () => []);
  rowsOf(p).forEach((row, i) => row.forEach((j) => byColumn[j].push(i)));
  return byColumn.every((col) => new Set(col.map((i) => colors[i])).size === col.length);
}

/** The adjacency sets of a symmetric pattern's graph (off-diagonal non-zeros). */
function adjacency(p: SparsityPattern): Set<number>[] {
  const adj = Array.from({ length: p.rows }, () => new Set<number>());
  rowsOf(p).forEach((row, i) =>
    row.forEach((j) => {
      if (i !== j) {
        adj[i].add(j);
        adj[j].add(i);
      }
    }),
  );
  return adj;
}

/** Star coloring: adjacent vertices differ, and no path on four vertices uses only two colors. */
function validStar(p: SparsityPattern, colors: Int32Array): boolean {
  const adj = adjacency(p);
  for (let a = 0; a < adj.length; a++) {
    for (const b of adj[a]) {
      if (colors[a] === colors[b]) return false;
      for (const c of adj[b]) {
        if (c === a || colors[c] !== colors[a]) continue;
        for (const d of adj[c]) if (d !== b && d !== a && colors[d] === colors[b]) return false;
      }
    }
  }
  return true;
}

/** Acyclic coloring: adjacent vertices differ, and any two colors induce a forest. */
function validAcyclic(p: SparsityPattern, colors: Int32Array): boolean {
  const adj = adjacency(p);
  for (let a = 0; a < adj.length; a++)
    for (const b of adj[a]) if (colors[a] === colors[b]) return false;
  const count = Math.max(-1, ...colors) + 1;
  for (let c = 0; c < count; c++) {
    for (let d = c + 1; d < count; d++) {
      // A forest has edges = vertices − components; union–find counts the components.
      const parent = new Map<number, number>();
      const find = (v: number): number => {
        while (parent.get(v) !== undefined && parent.get(v) !== v) v = parent.get(v) as number;
        return v;
      };
      for (let a = 0; a < adj.length; a++) {
        if (colors[a] !== c && colors[a] !== d) continue;
        for (const b of adj[a]) {
          if (b < a || (colors[b] !== c && colors[b] !== d)) continue;
          const ra = find(a);
          const rb = find(b);
          if (ra === rb) return false;
          parent.set(ra, rb);
        }
      }
    }
  }
  return true;
}

/** The arrowhead pattern of size n: a full first row and column and the diagonal. */
const arrowhead = (n: number): SparsityPattern =>
  patternWhere(n, n, (i, j) => i === 0 || j === 0 || i === j);

describe('the checkers themselves', () => {
  it('reject colorings that break each definition', () => {
    const path4 = banded(4, 1, 1);
    const cycle4 = patternWhere(
      4,
      4,
      (i, j) => i === j || Math.abs(i - j) === 1 || Math.abs(i - j) === 3,
    );
    expect(validColumns(path4, Int32Array.of(0, 1, 2, 0))).toBe(true);
    expect(validColumns(path4, Int32Array.of(0, 1, 0, 1))).toBe(false);
    expect(validRows(path4, Int32Array.of(0, 0, 1, 2))).toBe(false);
    // 0–1–2–3 colored a b a b is a two-colored path on four vertices.
    expect(validStar(path4, Int32Array.of(0, 1, 0, 1))).toBe(false);
    expect(validStar(path4, Int32Array.of(0, 1, 0, 2))).toBe(true);
    expect(validAcyclic(path4, Int32Array.of(0, 1, 0, 1))).toBe(true);
    expect(validAcyclic(cycle4, Int32Array.of(0, 1, 0, 1))).toBe(false);
    expect(validAcyclic(path4, Int32Array.of(0, 0, 1, 2))).toBe(false);
  });
});

describe('column and row coloring', () => {
  it('the talk’s banded 30×30 Jacobian with bands (3, 3) takes 7 colors', () => {
    const p = banded(30, 3, 3);
    for (const order of ['natural', undefined] as const) {
      const c = coloring(p, { partition: 'column', order });
      expect(c.count).toBe(7);
      expect(validColumns(p, c.colors)).toBe(true);
      expect(coloring(p, { partition: 'row', order }).count).toBe(7);
    }
  });

  it('a banded Jacobian of size 1e4 with bandwidths (p, q) takes p + q + 1 colors (optimal)', () => {
    for (const [lower, upper] of [
      [1, 1],
      [2, 5],
      [4, 0],
    ]) {
      const p = banded(10_000, lower, upper);
      for (const order of ['natural', undefined] as const) {
        const c = coloring(p, { order });
        expect(c.count).toBe(lower + upper + 1);
        expect(validColumns(p, c.colors)).toBe(true);
      }
    }
  });

  it('every order gives a valid column and row coloring; random is seeded', () => {
    const p = patternWhere(40, 25, (i, j) => (i * 7 + j * 13) % 9 === 0 || i === j);
    for (const order of ORDERS) {
      expect(validColumns(p, coloring(p, { order }).colors)).toBe(true);
      expect(validRows(p, coloring(p, { partition: 'row', order }).colors)).toBe(true);
    }
    const a = coloring(p, { order: 'random', seed: 3 }).colors;
    expect(coloring(p, { order: 'random', seed: 3 }).colors).toEqual(a);
  });

  it('bad options are typed errors that say what is allowed', () => {
    const p = banded(5, 1, 1);
    expect(() => coloring(p, { order: 'biggest' as never })).toThrow(ColoringOptionError);
    expect(() => coloring(p, { order: 'biggest' as never })).toThrow(
      /order must be one of 'natural'/,
    );
    expect(() => coloring(p, { algorithm: 'star' })).toThrow(/pass partition: 'symmetric'/);
    expect(() => coloring(banded(3, 0, 1), { partition: 'symmetric' })).not.toThrow();
    const rect = patternWhere(3, 4, () => true);
    expect(() => coloring(rect, { partition: 'symmetric' })).toThrow(/square pattern/);
  });
});

describe('symmetric coloring (Hessians)', () => {
  for (const order of ['natural', undefined] as const) {
    it(`arrowhead of size 100 (order ${order ?? 'default'}): star ≤ 3 colors, column 100`, () => {
      const p = arrowhead(100);
      const star = coloring(p, { partition: 'symmetric', algorithm: 'star', order });
      expect(star.count).toBeLessThanOrEqual(3);
      expect(validStar(p, star.colors)).toBe(true);
      expect(coloring(p, { partition: 'column', order }).count).toBe(100);
    });

    it(`tridiagonal (order ${order ?? 'default'}): acyclic takes 2 colors`, () => {
      const p = banded(50, 1, 1);
      const c = coloring(p, { partition: 'symmetric', algorithm: 'acyclic', order });
      expect(c.count).toBe(2);
      expect(validAcyclic(p, c.colors)).toBe(true);
    });
  }

  it('an arrowhead whose hub comes last still takes 2 star colors in natural order', () => {
    const n = 20;
    const p = patternWhere(n, n, (i, j) => i === n - 1 || j === n - 1 || i === j);
    expect(coloring(p, { partition: 'symmetric', order: 'natural' }).count).toBe(2);
  });

  /** A random symmetric pattern with a non-zero diagonal. */
  const symmetricPattern = fc
    .record({
      n: fc.integer({ min: 1, max: 24 }),
      density: fc.double({ min: 0, max: 0.5, noNaN: true }),
      seed: fc.integer(),
    })
    .map(({ n, density, seed }) => {
      const rng = fc.sample(fc.double({ min: 0, max: 1, noNaN: true }), { seed, numRuns: n * n });
      const on = (i: number, j: number): boolean =>
        i === j || rng[Math.min(i, j) * n + Math.max(i, j)] < density;
      return patternWhere(n, n, on);
    });

  fcTest.prop([symmetricPattern, fc.constantFrom(...ORDERS)], { numRuns: 60 })(
    'random symmetric patterns: acyclic ≤ star ≤ column with one order, each coloring valid',
    (p, order) => {
      const column = coloring(p, { partition: 'column', order });
      const star = coloring(p, { partition: 'symmetric', algorithm: 'star', order });
      const acyclic = coloring(p, { partition: 'symmetric', algorithm: 'acyclic', order });
      expect(validColumns(p, column.colors)).toBe(true);
      expect(validStar(p, star.colors)).toBe(true);
      expect(validAcyclic(p, acyclic.colors)).toBe(true);
      expect(acyclic.count).toBeLessThanOrEqual(star.count);
      expect(star.count).toBeLessThanOrEqual(column.count);
    },
  );
});

describe('compressed results equal the dense ones', () => {
  /** A banded map with bands (2, 1): yᵢ = sin(xᵢ₋₂)·xᵢ₋₁ + xᵢ² + xᵢ₊₁. */
  const bandedMap = (x: RealArray): Real[] =>
    Array.from({ length: x.length }, (_, i) => {
      let v: Real = square(at(x, i));
      if (i >= 2) v = add(v, mul(sin(at(x, i - 2)), at(x, i - 1)));
      if (i + 1 < x.length) v = add(v, at(x, i + 1));
      return v;
    });
  /** An arrowhead Hessian: x₀ couples with every xᵢ, plus a smooth diagonal. */
  const arrow = (x: RealArray): Real => {
    let s: Real = sum(mul(x, x) as RealArray);
    for (let i = 1; i < x.length; i++) s = add(s, mul(at(x, 0), sin(at(x, i))));
    return s;
  };
  const point = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
    minLength: 3,
    maxLength: 20,
  });
  // Zeros off the pattern are +0 in toDense; a dense structural zero may be -0: compare values.
  const same = (a: ArrayLike<number>, b: ArrayLike<number>): void =>
    expect(Array.from(a, (v) => v + 0)).toEqual(Array.from(b, (v) => v + 0));

  fcTest.prop([point], { numRuns: 25 })('column (forward) and row (reverse): exactly', (xs) => {
    const x = Float64Array.from(xs);
    const dense = jacobian(bandedMap, forward(), x).data;
    same(toDense(jacobian(bandedMap, sparse(forward()), x)).data, dense);
    same(toDense(jacobian(bandedMap, sparse(reverse()), x)).data, dense);
    const rows = sparse(forward(), { coloring: { partition: 'row' } });
    same(toDense(jacobian(bandedMap, rows, x)).data, dense);
  });

  const fr = secondOrder(forward(), reverse());
  fcTest.prop([point], { numRuns: 25 })(
    'star exactly, acyclic to 1e-13·max|H| (substitution adds round-off along each tree)',
    (xs) => {
      const x = Float64Array.from(xs);
      const dense = hessian(arrow, fr, x).data;
      const star = hessian(arrow, sparse(fr), x);
      same(toDense(star).data, dense);
      const acyclic = toDense(
        hessian(arrow, sparse(fr, { coloring: { algorithm: 'acyclic' } }), x),
      );
      const scale = Math.max(...Array.from(dense, Math.abs));
      for (let k = 0; k < dense.length; k++) {
        expect(Math.abs(acyclic.data[k] - dense[k])).toBeLessThanOrEqual(1e-13 * scale);
      }
    },
  );

  it('the arrowhead Hessian is detected as an arrowhead and takes 2 star colors', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => Math.cos(i));
    const p = hessianSparsity(arrow, 'global', x);
    expect(rowsOf(p)).toEqual(rowsOf(arrowhead(100)));
    expect(coloring(p, { partition: 'symmetric' }).count).toBe(2);
    expect(hessian(arrow, sparse(fr), x).values.length).toBe(100 + 2 * 99);
  });
});
