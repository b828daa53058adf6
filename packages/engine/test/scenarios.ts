import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, cos, mul, pow, sin, square, sub, sum } from '@pullback/rules-core/math';

/**
 * Reference functions with derivatives worked out by hand, for every operator family.
 * (test-utils owns the public scenario suite; these keep the engine's own tests standalone.)
 */
export interface Scenario {
  readonly name: string;
  readonly f: (x: never) => unknown;
  readonly x: () => unknown;
  /** Flattened output of f at x. */
  readonly y?: readonly number[];
  /** Gradient (scalar output) flattened over the input. */
  readonly gradient?: readonly number[];
  /** Row-major Jacobian over flattened output × input. */
  readonly jacobian?: readonly number[];
  /** Row-major Hessian (scalar output). */
  readonly hessian?: readonly number[];
  /** Derivative and second derivative of a scalar-input function, flattened over the output. */
  readonly derivative?: readonly number[];
  readonly secondDerivative?: readonly number[];
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const p4p6 = (x: RealArray): Real => mul(sum(pow(x, 4)), sum(pow(x, 6)));

function p4p6Derivatives(x: readonly number[]): { g: number[]; h: number[] } {
  const s4 = x.reduce((a, v) => a + v ** 4, 0);
  const s6 = x.reduce((a, v) => a + v ** 6, 0);
  const n = x.length;
  const g = x.map((v) => 4 * v ** 3 * s6 + 6 * v ** 5 * s4);
  const h: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const diag = i === j ? 12 * x[i] ** 2 * s6 + 30 * x[i] ** 4 * s4 : 0;
      h.push(diag + 24 * x[i] ** 3 * x[j] ** 5 + 24 * x[i] ** 5 * x[j] ** 3);
    }
  }
  return { g, h };
}

const x6 = range(6);
const { g: g46, h: h46 } = p4p6Derivatives(x6);
const identity = (n: number): number[] =>
  Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));

export const scenarios: readonly Scenario[] = [
  {
    name: 'sin at 0.42',
    f: ((x: Real) => sin(x)) as never,
    x: () => 0.42,
    y: [Math.sin(0.42)],
    gradient: [Math.cos(0.42)],
    jacobian: [Math.cos(0.42)],
    hessian: [-Math.sin(0.42)],
    derivative: [Math.cos(0.42)],
    secondDerivative: [-Math.sin(0.42)],
  },
  {
    name: '(Σx⁴)(Σx⁶) at 1..6 (Float64Array)',
    f: p4p6 as never,
    x: () => Float64Array.from(x6),
    gradient: g46,
    hessian: h46,
  },
  {
    name: '(Σx⁴)(Σx⁶) at 1..6 (number[])',
    f: p4p6 as never,
    x: () => x6.slice(),
    gradient: g46,
    hessian: h46,
  },
  {
    name: 'vcat(sin x, cos x) on R⁶ → R¹²',
    f: ((x: RealArray) => [sin(x), cos(x)]) as never,
    x: () => Float64Array.from(x6, (v) => v / 3),
    y: [...x6.map((v) => Math.sin(v / 3)), ...x6.map((v) => Math.cos(v / 3))],
    jacobian: [
      ...x6.flatMap((v, i) => x6.map((_, j) => (i === j ? Math.cos(v / 3) : 0))),
      ...x6.flatMap((v, i) => x6.map((_, j) => (i === j ? -Math.sin(v / 3) : 0))),
    ],
  },
  {
    name: 'Σ diff(x)³ at 1..6 (scalar loop)',
    f: ((x: RealArray) => {
      let s: Real = 0;
      for (let i = 0; i + 1 < x.length; i++) s = add(s, pow(sub(at(x, i + 1), at(x, i)), 3));
      return s;
    }) as never,
    x: () => x6.slice(),
    y: [5],
    gradient: [-3, 0, 0, 0, 0, 3],
    hessian: (() => {
      // d²/dxᵢdxⱼ of Σ (x_{k+1}-x_k)³ with every difference 1: 6·(tridiagonal Laplacian).
      const h = new Array<number>(36).fill(0);
      for (let k = 0; k < 5; k++) {
        h[k * 6 + k] += 6;
        h[(k + 1) * 6 + k + 1] += 6;
        h[k * 6 + k + 1] -= 6;
        h[(k + 1) * 6 + k] -= 6;
      }
      return h;
    })(),
  },
  {
    name: 'identity on R⁴',
    f: ((x: RealArray) => x) as never,
    x: () => new Float64Array([0.5, -1, 2, 3]),
    y: [0.5, -1, 2, 3],
    jacobian: identity(4),
  },
  {
    name: 'sum on R⁵',
    f: ((x: RealArray) => sum(x)) as never,
    x: () => [1, 2, 3, 4, 5],
    y: [15],
    gradient: [1, 1, 1, 1, 1],
    hessian: new Array<number>(25).fill(0),
  },
  {
    name: 'a · Σ b² on a nested object',
    f: ((p: { a: Real; b: RealArray }) => mul(p.a, sum(square(p.b)))) as never,
    x: () => ({ a: 1.5, b: new Float64Array([1, -2, 0.5]) }),
    y: [1.5 * 5.25],
    gradient: [5.25, 3, -6, 1.5],
    hessian: [0, 2, -4, 1, 2, 3, 0, 0, -4, 0, 3, 0, 1, 0, 0, 3],
  },
  {
    name: 'matrix-valued [[x₀x₁, sin x₀], [x₁², x₀ + x₁]]',
    f: ((x: RealArray) => [
      [mul(at(x, 0), at(x, 1)), sin(at(x, 0))],
      [square(at(x, 1)), add(at(x, 0), at(x, 1))],
    ]) as never,
    x: () => [0.3, -1.2],
    y: [0.3 * -1.2, Math.sin(0.3), 1.44, 0.3 - 1.2],
    jacobian: [-1.2, 0.3, Math.cos(0.3), 0, 0, -2.4, 1, 1],
  },
];
