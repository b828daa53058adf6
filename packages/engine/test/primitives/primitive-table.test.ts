import { afterEach, describe, expect } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { PRIMITIVES, type Primitive } from '../../src/primitives/primitives.js';
import { simulateNoCodeGeneration } from '../../src/staging/code-generation.js';
import { blockPartial, blockValue } from '../../src/staging/interpret/primitive-functions.js';
import {
  forwardKernel,
  reverseKernel,
  valueKernel,
  type ForwardTangentKind,
  type ReverseTargetKind,
  type ValueKind,
} from '../../src/primitives/primitive-loops.js';
import {
  partialTangents,
  scalarPartialTangents,
  secondOrderReverseKernel,
} from '../../src/primitives/second-order-primitives.js';

// The primitive table states each part twice: as plain functions (interpreters, and runs where
// code cannot be generated) and as expressions (generated code). Both forms, the scalar switches
// and the plain-code loops must compute the same numbers, bit for bit, or a derivative would
// depend on whether the platform allows `new Function`.

afterEach(() => simulateNoCodeGeneration(false));

/** Operands including the points where partials are infinite or undefined (0 for log, sqrt, div). */
const operand = fc.oneof(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, Infinity),
);
const same = (actual: number, expected: number): void => {
  expect(Object.is(actual, expected) || (actual === 0 && expected === 0)).toBe(true);
};
const expression = (e: string) =>
  new Function('a', 'b', 'y', `return ${e};`) as (a: number, b: number, y: number) => number;

describe('each entry of the primitive table says the same thing twice', () => {
  for (const p of PRIMITIVES) {
    fcTest.prop([operand, operand], { numRuns: 40 })(
      `${p.name}: expressions equal functions`,
      (a, b) => {
        const y = p.f(a, b);
        same(expression(p.spec.f)(a, b, 0), y);
        same(expression(p.spec.da)(a, b, y), p.da(a, b, y));
        same(expression(p.spec.db)(a, b, y), p.db(a, b, y));
        same(expression(p.hessian.aa)(a, b, y), p.aa(a, b, y));
        same(expression(p.hessian.ab)(a, b, y), p.ab(a, b, y));
        same(expression(p.hessian.bb)(a, b, y), p.bb(a, b, y));
      },
    );

    fcTest.prop([operand, operand, operand, operand], { numRuns: 40 })(
      `${p.name}: the partial-tangent switch is the table's second partials, zero tangents sending nothing`,
      (a, b, u, w) => {
        const y = p.f(a, b);
        const t = (has: string, h: number, v: number): number =>
          has === '0' || v === 0 ? 0 : h * v;
        scalarPartialTangents(p.code, a, b, y, u, w);
        same(
          partialTangents[0],
          t(p.hessian.aa, p.aa(a, b, y), u) + t(p.hessian.ab, p.ab(a, b, y), w),
        );
        same(
          partialTangents[1],
          t(p.hessian.ab, p.ab(a, b, y), u) + t(p.hessian.bb, p.bb(a, b, y), w),
        );
      },
    );
  }
});

/** Runs `make` with code generation on, then off, and returns both results. */
function bothWays<T>(make: () => T): [T, T] {
  const generated = make();
  simulateNoCodeGeneration(true);
  try {
    return [generated, make()];
  } finally {
    simulateNoCodeGeneration(false);
  }
}
const sameArrays = (x: ArrayLike<number>, y: ArrayLike<number>): void => {
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) same(x[i], y[i]);
};

const n = 6;
const column = fc.array(operand, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
/** Adjoints with zeros among them, so the zero tests are exercised. */
const adjoints = fc
  .array(fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true })), {
    minLength: 2 * n,
    maxLength: 2 * n,
  })
  .map((v) => Float64Array.from(v));
const kinds: readonly ValueKind[] = ['array', 'scalar'];
const targets: readonly ReverseTargetKind[] = ['none', 'scalar', 'contiguous', 'gathered'];
const tangentKinds: readonly ForwardTangentKind[] = ['none', 'scalar', 'array'];
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const primitive = fc.constantFrom(...PRIMITIVES);

describe('plain-code loops compute what generated loops compute', () => {
  fcTest.prop([primitive, pick(kinds), pick(kinds), column, column, operand, operand])(
    'values',
    (p: Primitive, ka, kb, A, B, as, bs) => {
      const [g, q] = bothWays(() => {
        const Y = new Float64Array(n);
        valueKernel(p, ka, kb)(n, A, as, B, bs, Y);
        return Y;
      });
      sameArrays(q, g);
    },
  );

  fcTest.prop([primitive, pick(kinds), pick(tangentKinds), pick(tangentKinds), column, column])(
    'values and tangents',
    (p, ka, ta, tb, A, B) => {
      const TA = [A.map((v) => (v > 0 ? 0 : v)), B];
      const TB = [B, A];
      const [g, q] = bothWays(() => {
        const Y = new Float64Array(n);
        const L = [new Float64Array(n), new Float64Array(n)];
        forwardKernel(p, ka, 'array', ta, tb)(
          n,
          A,
          0.5,
          B,
          0,
          Y,
          ta === 'scalar' ? [0, 2] : TA,
          tb === 'scalar' ? [1, 0] : TB,
          L,
        );
        return [Y, ...L];
      });
      g.forEach((x, k) => sameArrays(q[k], x));
    },
  );

  fcTest.prop([primitive, pick(kinds), pick(targets), pick(targets), column, column, adjoints])(
    'adjoints',
    (p, ka, ra, rb, A, B, adj) => {
      const Y = new Float64Array(n);
      valueKernel(p, ka, 'array')(n, A, 0.5, B, 0, Y);
      const IA = Int32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? -1 : (i * 5) % n));
      const [g, q] = bothWays(() => {
        const out = adj.slice();
        reverseKernel(p, ka, 'array', ra, rb)(n, A, 0.5, B, 0, Y, out, n, 1, IA, 0, IA);
        return out;
      });
      sameArrays(q, g);
    },
  );

  fcTest.prop([
    primitive,
    pick(tangentKinds),
    pick(tangentKinds),
    pick(targets),
    pick(targets),
    fc.constantFrom(1, 2),
    column,
    column,
    adjoints,
    adjoints,
  ])('second-order adjoints', (p, ta, tb, ra, rb, lanes, A, B, V0, T0) => {
    const Y = new Float64Array(n);
    valueKernel(p, 'array', 'array')(n, A, 0, B, 0, Y);
    const IA = Int32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? -1 : (i * 5) % n));
    const laneArrays = (X: Float64Array) => Array.from({ length: lanes }, () => X);
    const [g, q] = bothWays(() => {
      const V = V0.slice();
      const T = Array.from({ length: lanes }, (_, j) => T0.map((v) => v * (j + 1)));
      secondOrderReverseKernel(p, p.hessian, 'array', 'array', ta, tb, ra, rb, lanes)(
        n,
        A,
        0,
        B,
        0,
        Y,
        ta === 'scalar' ? [0.5, 0] : laneArrays(B),
        tb === 'scalar' ? [0, -1] : laneArrays(A),
        V,
        T,
        n,
        0,
        IA,
        1,
        IA,
      );
      return [V, ...T];
    });
    g.forEach((x, k) => sameArrays(q[k], x));
  });
});

describe("the interpreter's block loops compute the table's functions", () => {
  fcTest.prop([primitive, column, column])('values and partials', (p, A, B) => {
    const Y = new Float64Array(n);
    blockValue(p.code, n, A, B, Y);
    for (let k = 0; k < n; k++) same(Y[k], p.f(A[k], B[k]));
    for (const which of [0, 1] as const) {
      const P = new Float64Array(n);
      blockPartial(p.code, which, n, A, B, Y, P);
      const f = which === 0 ? p.da : p.db;
      for (let k = 0; k < n; k++) same(P[k], f(A[k], B[k], Y[k]));
    }
  });
});
