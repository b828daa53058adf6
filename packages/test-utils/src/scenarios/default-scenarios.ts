import { checkpoint, type Real, type RealArray } from '@pullback/rules-core';
import { cache } from '@pullback/engine';
import {
  add,
  at,
  concat,
  cos,
  exp,
  logsumexp,
  mul,
  pow,
  setAt,
  sin,
  slice,
  square,
  sub,
  sum,
} from '@pullback/rules-core/math';
import { scenario, type Scenario } from './scenario.js';

/*
 * Every derivative below is written from its closed form in plain JavaScript, independently of
 * the vocabulary the functions use, so a scenario can catch a wrong rule as well as a wrong
 * engine.
 */

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const matrixOf = (n: number, entry: (i: number, j: number) => number): number[] =>
  Array.from({ length: n * n }, (_, k) => entry(Math.floor(k / n), k % n));

function sinAt(x: number): Scenario {
  return scenario({
    name: `sin at ${x}`,
    f: (v: Real) => sin(v),
    x,
    jacobian: [Math.cos(x)],
    hessian: [-Math.sin(x)],
    secondDerivative: [-Math.sin(x)],
  });
}

/** `(Σxᵢ⁴)(Σxⱼ⁶)`, whose gradient and Hessian are dense. */
function powerProduct(x: readonly number[], kind: 'Float64Array' | 'number[]'): Scenario {
  const s4 = x.reduce((a, v) => a + v ** 4, 0);
  const s6 = x.reduce((a, v) => a + v ** 6, 0);
  const gradient = x.map((v) => 4 * v ** 3 * s6 + 6 * v ** 5 * s4);
  const hessian = matrixOf(
    x.length,
    (i, j) =>
      (i === j ? 12 * x[i] ** 2 * s6 + 30 * x[i] ** 4 * s4 : 0) +
      24 * x[i] ** 3 * x[j] ** 5 +
      24 * x[i] ** 5 * x[j] ** 3,
  );
  return scenario<RealArray>({
    name: `(Σx⁴)(Σx⁶) at 1..${x.length} (${kind})`,
    f: (v) => mul(sum(pow(v, 4)), sum(pow(v, 6))),
    x: kind === 'Float64Array' ? Float64Array.from(x) : [...x],
    jacobian: gradient,
    hessian,
  });
}

/** `vcat(sin x, cos x)`: R⁶ → R¹², a diagonal Jacobian stacked on another. */
function sinCos(x: readonly number[]): Scenario {
  const n = x.length;
  const jacobian = [
    ...x.flatMap((v, i) => x.map((_, j) => (i === j ? Math.cos(v) : 0))),
    ...x.flatMap((v, i) => x.map((_, j) => (i === j ? -Math.sin(v) : 0))),
  ];
  return scenario<RealArray>({
    name: `vcat(sin x, cos x) on R^${n} -> R^${2 * n}`,
    f: (v) => concat(sin(v), cos(v)),
    x: Float64Array.from(x),
    jacobian,
  });
}

/** `Σ diff(x)³`: slices, differences and powers; the Hessian is tridiagonal. */
function cubedDifferences(x: readonly number[]): Scenario {
  const n = x.length;
  const d = x.slice(1).map((v, k) => v - x[k]);
  const gradient = x.map(
    (_, i) => (i > 0 ? 3 * d[i - 1] ** 2 : 0) - (i < n - 1 ? 3 * d[i] ** 2 : 0),
  );
  const hessian = matrixOf(n, (i, j) => {
    let h = 0;
    // dₖ = x_{k+1} - x_k contributes 6dₖ·(∂dₖ/∂xᵢ)(∂dₖ/∂xⱼ).
    for (let k = 0; k < n - 1; k++) {
      const di = (i === k + 1 ? 1 : 0) - (i === k ? 1 : 0);
      const dj = (j === k + 1 ? 1 : 0) - (j === k ? 1 : 0);
      h += 6 * d[k] * di * dj;
    }
    return h;
  });
  return scenario<RealArray>({
    name: `Σ diff(x)³ at 1..${n}`,
    f: (v) => {
      const m = v.length;
      return sum(pow(sub(slice(v, 1, m), slice(v, 0, m - 1)), 3));
    },
    x: [...x],
    jacobian: gradient,
    hessian,
  });
}

function identity(x: readonly number[]): Scenario {
  const n = x.length;
  return scenario<RealArray>({
    name: `identity on R^${n}`,
    f: (v) => v,
    x: Float64Array.from(x),
    jacobian: matrixOf(n, (i, j) => (i === j ? 1 : 0)),
  });
}

function sumOf(x: readonly number[]): Scenario {
  const n = x.length;
  return scenario<RealArray>({
    name: `sum on R^${n}`,
    f: (v) => sum(v),
    x: [...x],
    jacobian: x.map(() => 1),
    hessian: matrixOf(n, () => 0),
  });
}

/** `a·Σbᵢ² + exp(c.d)` on `{ a, b, c: { d } }`: an input that is a nested object. */
function nested(): Scenario {
  const a = 1.5;
  const b = [1, -2, 0.5];
  const d = 0.3;
  const sb = b.reduce((s, v) => s + v * v, 0);
  // Flattening order: a, b[0..2], c.d.
  const gradient = [sb, ...b.map((v) => 2 * a * v), Math.exp(d)];
  const hessian = matrixOf(5, (i, j) => {
    if (i === 4 || j === 4) return i === j ? Math.exp(d) : 0;
    if (i === 0 && j === 0) return 0;
    if (i === 0) return 2 * b[j - 1];
    if (j === 0) return 2 * b[i - 1];
    return i === j ? 2 * a : 0;
  });
  type P = { a: Real; b: RealArray; c: { d: Real } };
  return scenario<P>({
    name: 'a·Σb² + exp(c.d) on a nested object',
    f: (p) => add(mul(p.a, sum(square(p.b))), exp(p.c.d)),
    x: { a, b: Float64Array.from(b), c: { d } },
    jacobian: gradient,
    hessian,
  });
}

/** A 2×2 matrix (as nested rows) of a 2-vector: `[[x₀x₁, sin x₀], [x₁², x₀ + x₁]]`. */
function matrixValued(x0: number, x1: number): Scenario {
  return scenario<RealArray>({
    name: 'matrix-valued [[x0·x1, sin x0], [x1², x0 + x1]]',
    f: (v) => {
      const p = at(v, 0);
      const q = at(v, 1);
      return [
        [mul(p, q), sin(p)],
        [square(q), add(p, q)],
      ];
    },
    x: [x0, x1],
    jacobian: [x1, x0, Math.cos(x0), 0, 0, 2 * x1, 1, 1],
  });
}

/** A curve `t ↦ (sin t, t², eᵗ)`: derivative and second derivative with an array output. */
function curve(t: number): Scenario {
  return scenario({
    name: `curve (sin t, t², eᵗ) at ${t}`,
    f: (v: Real) => concat([sin(v)], [square(v)], [exp(v)]),
    x: t,
    jacobian: [Math.cos(t), 2 * t, Math.exp(t)],
    secondDerivative: [-Math.sin(t), 2, Math.exp(t)],
  });
}

/** `logsumexp`: gradient softmax(x), Hessian diag(p) - ppᵀ. */
function logSumExp(x: readonly number[]): Scenario {
  const mx = Math.max(...x);
  const e = x.map((v) => Math.exp(v - mx));
  const z = e.reduce((s, v) => s + v, 0);
  const p = e.map((v) => v / z);
  return scenario<RealArray>({
    name: `logsumexp on R^${x.length}`,
    f: (v) => logsumexp(v),
    x: [...x],
    jacobian: p,
    hessian: matrixOf(x.length, (i, j) => (i === j ? p[i] : 0) - p[i] * p[j]),
  });
}

/**
 * `Σ (xᵢ xᵢ₊₁)²` (indices cyclic) with the products written into scratch storage passed as
 * `cache(…)`: numeric code with a work buffer.
 */
function workBuffer(x: readonly number[]): Scenario {
  const n = x.length;
  const next = (i: number) => (i + 1) % n;
  const prev = (i: number) => (i - 1 + n) % n;
  const gradient = x.map((v, j) => 2 * v * x[next(j)] ** 2 + 2 * v * x[prev(j)] ** 2);
  const hessian = matrixOf(n, (i, j) => {
    if (i === j) return 2 * x[next(i)] ** 2 + 2 * x[prev(i)] ** 2;
    return j === next(i) || i === next(j) ? 4 * x[i] * x[j] : 0;
  });
  return scenario<RealArray>({
    name: `Σ(xᵢxᵢ₊₁)² in a cache(…) buffer on R^${n}`,
    f: (v, tmp: RealArray) => {
      for (let i = 0; i < n; i++) setAt(tmp, i, mul(at(v, i), at(v, next(i))));
      return sum(square(tmp));
    },
    x: Float64Array.from(x),
    rest: [cache(new Float64Array(n))],
    jacobian: gradient,
    hessian,
  });
}

/** Four steps `v + h sin v` through nested `checkpoint`s: a diagonal Jacobian. */
function checkpointedSteps(x: readonly number[]): Scenario {
  const h = 0.1;
  const step = checkpoint((v: RealArray) => add(v, mul(h, sin(v))) as RealArray);
  const twoSteps = checkpoint((v: RealArray) => step(step(v)));
  const n = x.length;
  const diagonal = x.map((v) => {
    let d = 1;
    for (let k = 0; k < 4; k++) {
      d *= 1 + h * Math.cos(v);
      v += h * Math.sin(v);
    }
    return d;
  });
  return scenario<RealArray>({
    name: `four steps v + h·sin v through nested checkpoints on R^${n}`,
    f: (v) => twoSteps(twoSteps(v)),
    x: [...x],
    jacobian: matrixOf(n, (i, j) => (i === j ? diagonal[i] : 0)),
  });
}

/**
 * The reference scenarios: functions with hand-derived derivatives covering every operator —
 * scalar and array inputs and outputs, `number[]` and `Float64Array`, a nested object input,
 * a matrix-valued output, dense and sparse Jacobians and Hessians, scratch storage passed as
 * `cache(…)`, and nested `checkpoint`s.
 */
export function defaultScenarios(): Scenario[] {
  const x6 = range(6);
  return [
    sinAt(0.42),
    powerProduct(x6, 'Float64Array'),
    powerProduct(x6, 'number[]'),
    sinCos(x6),
    cubedDifferences(x6),
    identity([0.5, -1, 2, 3]),
    sumOf([1, 2, 3, 4, 5]),
    nested(),
    matrixValued(0.3, -1.2),
    curve(0.7),
    logSumExp([0.5, -1, 2, 0.1]),
    workBuffer([0.5, -1, 2, 0.3]),
    checkpointedSteps([0.2, -1.3, 2.5]),
  ];
}
