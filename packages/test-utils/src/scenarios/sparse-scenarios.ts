import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, square, sub } from '@pullback/rules-core/math';
import { scenario, type Scenario } from './scenario.js';

/*
 * DifferentiationInterfaceTest's sparse scenarios that make sense here: Jacobians and Hessians
 * whose patterns are banded, arrowhead or block diagonal, so that `sparse(...)` backends have
 * something to compress. Every derivative is written from its closed form in plain JavaScript.
 */

const cube = (a: Real): Real => mul(square(a), a);

const matrix = (rows: number, cols: number, entry: (i: number, j: number) => number): number[] =>
  Array.from({ length: rows * cols }, (_, k) => entry(Math.floor(k / cols), k % cols));

/** DI's `diffsquare`: yᵢ = xᵢ₊₁² − xᵢ², a bidiagonal (n−1)×n Jacobian. */
function diffSquare(x: readonly number[]): Scenario {
  const n = x.length;
  return scenario<RealArray>({
    name: `diff of squares on R^${n} (bidiagonal Jacobian)`,
    f: (v) => Array.from({ length: n - 1 }, (_, i) => sub(square(at(v, i + 1)), square(at(v, i)))),
    x: Float64Array.from(x),
    jacobian: matrix(n - 1, n, (i, j) => (j === i ? -2 * x[i] : j === i + 1 ? 2 * x[i + 1] : 0)),
  });
}

/** A banded map with p = 2 sub- and q = 1 superdiagonals: yᵢ = Σⱼ (1 + i + j)·sin(xⱼ) over the band. */
function bandedMap(x: readonly number[]): Scenario {
  const n = x.length;
  const inBand = (i: number, j: number): boolean => j >= i - 2 && j <= i + 1;
  return scenario<RealArray>({
    name: `banded (2, 1) on R^${n}`,
    f: (v) =>
      Array.from({ length: n }, (_, i) => {
        let s: Real = 0;
        for (let j = Math.max(0, i - 2); j <= Math.min(n - 1, i + 1); j++) {
          s = add(s, mul(1 + i + j, sin(at(v, j))));
        }
        return s;
      }),
    x: [...x],
    jacobian: matrix(n, n, (i, j) => (inBand(i, j) ? (1 + i + j) * Math.cos(x[j]) : 0)),
  });
}

/** A block-diagonal Jacobian of 2×2 blocks: (y₂ₖ, y₂ₖ₊₁) = (x₂ₖ·x₂ₖ₊₁, sin x₂ₖ + x₂ₖ₊₁²). */
function blockJacobian(x: readonly number[]): Scenario {
  const n = x.length;
  return scenario<RealArray>({
    name: `block-diagonal 2×2 blocks on R^${n}`,
    f: (v) =>
      Array.from({ length: n }, (_, i) => {
        const a = at(v, i - (i % 2));
        const b = at(v, i - (i % 2) + 1);
        return i % 2 === 0 ? mul(a, b) : add(sin(a), square(b));
      }),
    x: Float64Array.from(x),
    jacobian: matrix(n, n, (i, j) => {
      const k = i - (i % 2);
      if (j !== k && j !== k + 1) return 0;
      if (i % 2 === 0) return j === k ? x[k + 1] : x[k];
      return j === k ? Math.cos(x[k]) : 2 * x[k + 1];
    }),
  });
}

/** DI's `sumdiffcube`: Σ (xᵢ₊₁ − xᵢ)³, a tridiagonal Hessian. */
function sumDiffCube(x: readonly number[]): Scenario {
  const n = x.length;
  const d = (i: number): number => x[i + 1] - x[i];
  return scenario<RealArray>({
    name: `Σ (x_{i+1} − x_i)³ on R^${n} (tridiagonal Hessian)`,
    f: (v) => {
      let s: Real = 0;
      for (let i = 0; i + 1 < n; i++) s = add(s, cube(sub(at(v, i + 1), at(v, i))));
      return s;
    },
    x: Float64Array.from(x),
    jacobian: Array.from(
      { length: n },
      (_, j) => (j > 0 ? 3 * d(j - 1) ** 2 : 0) - (j + 1 < n ? 3 * d(j) ** 2 : 0),
    ),
    hessian: matrix(n, n, (i, j) => {
      if (i === j) return (i > 0 ? 6 * d(i - 1) : 0) + (i + 1 < n ? 6 * d(i) : 0);
      if (j === i + 1) return -6 * d(i);
      if (j === i - 1) return -6 * d(j);
      return 0;
    }),
  });
}

/** An arrowhead Hessian: x₀·Σᵢ₌₁ xᵢ² + Σᵢ xᵢ³. */
function arrowhead(x: readonly number[]): Scenario {
  const n = x.length;
  return scenario<RealArray>({
    name: `arrowhead x0·Σx_i² + Σx_i³ on R^${n}`,
    f: (v) => {
      let s: Real = 0;
      for (let i = 1; i < n; i++) s = add(s, square(at(v, i)));
      let c: Real = 0;
      for (let i = 0; i < n; i++) c = add(c, cube(at(v, i)));
      return add(mul(at(v, 0), s), c);
    },
    x: [...x],
    jacobian: Array.from({ length: n }, (_, j) =>
      j === 0
        ? x.slice(1).reduce((a, v) => a + v * v, 0) + 3 * x[0] ** 2
        : 2 * x[0] * x[j] + 3 * x[j] ** 2,
    ),
    hessian: matrix(n, n, (i, j) => {
      if (i === 0 && j === 0) return 6 * x[0];
      if (i === 0 || j === 0) return 2 * x[i + j];
      return i === j ? 2 * x[0] + 6 * x[i] : 0;
    }),
  });
}

/** A block-diagonal Hessian of 2×2 blocks: Σₖ (x₂ₖ·x₂ₖ₊₁)². */
function blockHessian(x: readonly number[]): Scenario {
  const n = x.length;
  return scenario<RealArray>({
    name: `Σ (x_2k·x_2k+1)² on R^${n} (block-diagonal Hessian)`,
    f: (v) => {
      let s: Real = 0;
      for (let k = 0; k + 1 < n; k += 2) s = add(s, square(mul(at(v, k), at(v, k + 1))));
      return s;
    },
    x: Float64Array.from(x),
    jacobian: x.map((_, j) => (j % 2 === 0 ? 2 * x[j] * x[j + 1] ** 2 : 2 * x[j] * x[j - 1] ** 2)),
    hessian: matrix(n, n, (i, j) => {
      const k = i - (i % 2);
      if (j !== k && j !== k + 1) return 0;
      const [a, b] = [x[k], x[k + 1]];
      if (i === j) return i === k ? 2 * b * b : 2 * a * a;
      return 4 * a * b;
    }),
  });
}

/**
 * The sparse reference scenarios (DifferentiationInterfaceTest's `sparse_scenarios`): banded,
 * bidiagonal and block-diagonal Jacobians, tridiagonal, arrowhead and block-diagonal Hessians.
 * Meant for `sparse(...)` backends, whose CSR results `testDifferentiation` compares entry by
 * entry with the dense matrices here (entries off the pattern must be zero).
 */
export function sparseScenarios(): Scenario[] {
  const x8 = [0.5, -1.2, 0.9, 1.4, -0.3, 0.7, -0.8, 1.1];
  return [
    diffSquare(x8),
    bandedMap(x8),
    blockJacobian(x8),
    sumDiffCube(x8),
    arrowhead(x8),
    blockHessian(x8),
  ];
}
