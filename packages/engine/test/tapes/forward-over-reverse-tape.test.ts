import { describe, expect, it, vi } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import {
  differentiable,
  isAbstractZero,
  unthunk,
  zeroTangent,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import {
  abs,
  add,
  at,
  atan,
  cbrt,
  cos,
  div,
  exp,
  expm1,
  log,
  log1p,
  map,
  map2,
  max,
  min,
  mul,
  neg,
  pow,
  setAt,
  similar,
  sin,
  sinh,
  slice,
  sqrt,
  square,
  sub,
  sum,
  tanh,
} from '@pullback/rules-core/math';
import {
  derivative,
  forward,
  gradient,
  gradientAndHvp,
  hessian,
  hvp,
  jacobian,
  prepareHvp,
  reverse,
  secondDerivative,
  secondOrder,
  sparse,
  valueGradientAndHessian,
  type FallbackEvent,
} from '@pullback/engine';
import { hvpTapeStatistics } from '@pullback/engine/diagnostics';
import { ForwardOverReverseTape } from '../../src/tapes/forward-over-reverse-tape.js';
import { denseData, expectClose } from '../helpers.js';

/**
 * The forward-over-reverse Hessian-vector product runs its inner reverse pass on the
 * second-order tape (`tapes/forward-over-reverse-tape.ts`). These tests hold it to the two modes
 * that never use it, reverse over forward and forward over forward, and check through
 * `hvpTapeStatistics` that the functions meant to take the fast path do take it.
 */

const forwardOverReverse = secondOrder(forward(), reverse());
const references = [
  ['reverse over forward', secondOrder(reverse(), forward())],
  ['forward over forward', secondOrder(forward(), forward())],
] as const;

// --- functions in every style -----------------------------------------------------------

const term = (a: Real, b: Real): Real =>
  add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));

const rosenbrockLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) s = add(s, term(at(x, i), at(x, i + 1)));
  return s;
};
const rosenbrockArray = (x: RealArray): Real => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};
const rosenbrockMap2 = (x: RealArray): Real =>
  sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));

/** `map` with a one-argument kernel, and `map2` broadcasting a tracked scalar. */
const mapped = (x: RealArray): Real => {
  const s = sum(x);
  return add(
    sum(map((t: Real) => mul(sin(t), exp(t)), x)),
    sum(map2((u: Real, w: Real) => tanh(mul(u, w)), x, s)),
  );
};

/** Every hot primitive on scalars, kept inside the domains of `sqrt` and `log`. */
const everyPrimitiveScalar = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) {
    const a = at(x, i);
    const b = at(x, (i + 1) % x.length);
    const pos = add(2, cos(b));
    s = add(s, div(sqrt(add(1, square(a))), pos));
    s = sub(s, mul(log(pos), tanh(neg(a))));
    s = add(s, mul(exp(mul(0.3, a)), sin(mul(a, b))));
  }
  return s;
};

/** The same on whole arrays, with scalars broadcast both ways. */
const everyPrimitiveArray = (x: RealArray): Real => {
  const b = slice(x, 1);
  const a = slice(x, 0, x.length - 1);
  const pos = add(2, cos(b));
  const t = sum(a);
  return add(
    sum(div(sqrt(add(1, square(a))), pos)),
    add(
      sum(mul(log(pos), tanh(neg(a)))),
      sum(mul(exp(mul(0.3, a)), sin(mul(a, div(b, add(2, square(t))))))),
    ),
  );
};

/** Whole-array results read element by element, array ops on scalars of a loop, slices of slices. */
const mixed = (x: RealArray): Real => {
  const y = mul(x, sum(square(x)));
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) s = add(s, mul(at(y, i), cos(at(x, i))));
  const inner = slice(slice(y, 1), 0, -1);
  return add(s, add(sum(map2(term, inner, 0.5)), sum(mul(s, square(x)))));
};

/** Writes with `setAt`: into its own storage, and into an array after a rule saved it. */
const withWrites = (x: RealArray): Real => {
  const w = similar(x);
  for (let i = 0; i < x.length; i++) setAt(w, i, square(at(x, i)));
  for (let i = 1; i < x.length; i++) setAt(w, i, mul(at(w, i), at(w, i - 1)));
  const y = mul(x, 2);
  const s = sum(sin(y));
  setAt(y, 0, exp(at(x, x.length - 1)));
  return add(add(sum(w), s), sum(square(y)));
};

/** log(1 + eˣ) with only an rrule, its pullback written in the vocabulary so it differentiates again. */
const softplus = differentiable(
  function softplus(x: RealArray): RealArray {
    return log1p(exp(x));
  },
  {
    rrule: ([x]) => [
      log1p(exp(x)),
      (dy) => {
        const d = unthunk(dy);
        if (isAbstractZero(d)) return [zeroTangent];
        return [div(d as RealArray, add(1, exp(neg(x))))];
      },
    ],
  },
);
const withCustomRrule = (x: RealArray): Real => sum(mul(softplus(mul(x, x)), cos(x)));

/** Scalar rules outside the primitive table, on scalars and on arrays. */
const withOtherRules = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++)
    s = add(s, mul(cbrt(add(2, square(at(x, i)))), sinh(at(x, i))));
  return add(add(s, pow(sum(x), 3)), sum(sinh(mul(x, cos(x)))));
};

/** A `map` kernel calling scalar rules outside the primitive table (real nested duals). */
const otherKernel = (x: RealArray): Real =>
  sum(map2((u: Real, w: Real) => mul(cbrt(add(2, square(u))), sinh(w)), x, mul(x, 0.5)));

/** The primitives added after the first twelve, on scalars, on arrays and in a kernel. */
const newerPrimitives = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    const b = at(x, i + 1);
    s = add(s, mul(log1p(square(a)), atan(b)));
    s = add(s, mul(expm1(mul(0.5, a)), max(a, mul(b, b))));
    s = add(s, mul(abs(sub(a, 0.3)), min(b, cos(a))));
  }
  const wholeArray = sum(mul(log1p(square(x)), max(x, atan(expm1(x)))));
  const kernel = sum(map2((u: Real, w: Real) => mul(abs(u), min(log1p(square(w)), u)), x, 0.25));
  return add(s, add(wholeArray, kernel));
};

const fastPath = [
  ['scalar loop', rosenbrockLoop],
  ['whole-array', rosenbrockArray],
  ['map2 + sum', rosenbrockMap2],
  ['map and broadcast map2', mapped],
  ['every primitive on scalars', everyPrimitiveScalar],
  ['every primitive on arrays', everyPrimitiveArray],
  ['mixed styles', mixed],
  ['setAt writes', withWrites],
  ['a kernel of other rules', otherKernel],
  ['the newer primitives (log1p, expm1, atan, abs, max, min)', newerPrimitives],
] as const;
const fallingBack = [
  ['a custom rrule', withCustomRrule],
  ['scalar rules outside the primitive table', withOtherRules],
] as const;

// --- properties -------------------------------------------------------------------------

const point = fc.array(fc.double({ min: -1.2, max: 1.2, noNaN: true }), {
  minLength: 2,
  maxLength: 6,
});

/** |a - e| <= 1e-10 (|e| + the largest entry), as the other second-order properties allow. */
function expectAgree(actual: unknown, expected: ArrayLike<number>): void {
  const e = Array.from(expected);
  const scale = Math.max(1, ...e.map(Math.abs));
  expectClose(actual, e, 1e-10, 1e-10 * scale);
}

describe('forward-over-reverse hvps and Hessians agree with the other modes', () => {
  for (const [name, f] of [...fastPath, ...fallingBack]) {
    fcTest.prop([point], { numRuns: 12 })(`${name}: hvp at random points`, (xs) => {
      const x = Float64Array.from(xs);
      const v = Float64Array.from(xs, (_, i) => Math.cos(3 * i + xs[0]));
      const h = hvp(f, forwardOverReverse, x, v);
      for (const [, b] of references) expectAgree(h, hvp(f, b, x, v));
      // Same again with a number[] input (the elements get consecutive ids, no dense array).
      expectAgree(hvp(f, forwardOverReverse, xs, Array.from(v)), h);
    });

    fcTest.prop([point], { numRuns: 6 })(
      `${name}: Hessian through chunked duals, and value and gradient alongside`,
      (xs) => {
        const x = Float64Array.from(xs);
        const H = hessian(f, secondOrder(forward(), forward()), x).data;
        for (const chunkSize of [1, 2, 4]) {
          const b = secondOrder(forward({ chunkSize }), reverse());
          expectAgree(hessian(f, b, x).data, H);
        }
        const [y, g, H2] = valueGradientAndHessian(f, forwardOverReverse, x);
        expectAgree([y], [f(x) as number]);
        expectAgree(g, gradient(f, reverse(), x));
        expectAgree(H2.data, H);
        const v = Float64Array.from(xs, (t) => t - 0.5);
        const [g2, hv] = gradientAndHvp(f, forwardOverReverse, x, v);
        expectAgree(g2, gradient(f, reverse(), x));
        expectAgree(hv, hvp(f, secondOrder(forward(), forward()), x, v));
      },
    );
  }

  it('sparse Hessians through the second-order tape equal dense ones', () => {
    const x = Float64Array.from({ length: 9 }, (_, i) => Math.sin(i) * 0.9);
    for (const f of [rosenbrockArray, rosenbrockLoop, rosenbrockMap2]) {
      const dense = hessian(f, secondOrder(forward(), forward()), x).data;
      expectAgree(denseData(hessian(f, sparse(forwardOverReverse), x)), dense);
    }
  });
});

// --- the fast path is taken ---------------------------------------------------------------

describe('hvpTapeStatistics', () => {
  const x = Float64Array.from({ length: 7 }, (_, i) => 0.3 + 0.1 * i);
  const v = Float64Array.from({ length: 7 }, (_, i) => (i % 3) - 1);

  for (const [name, f] of fastPath) {
    it(`${name}: every operation on the second-order tape, none generic`, () => {
      const stats = hvpTapeStatistics(f, x, v);
      expect(stats.secondOrder).toBe(true);
      expect(stats.operations).toBeGreaterThan(0);
      expect(stats.genericOperations).toBe(0);
    });
  }

  for (const [name, f] of fallingBack) {
    it(`${name}: the operations it does not cover are counted as generic`, () => {
      const stats = hvpTapeStatistics(f, x, v);
      expect(stats.secondOrder).toBe(true);
      expect(stats.genericOperations).toBeGreaterThan(0);
      expect(stats.genericOperations).toBeLessThan(stats.operations);
    });
  }

  it('hvp itself sweeps second-order tapes with no generic operation, prepared eagerly or not', () => {
    const sweep = vi.spyOn(ForwardOverReverseTape.prototype, 'backward');
    try {
      for (const [, f] of fastPath) {
        sweep.mockClear();
        const h = hvp(f, reverse(), x, v);
        // Compiled preparations generate code instead of taping: this is the eager path.
        const prep = prepareHvp(f, reverse({ compile: false }), x, v);
        expectAgree(prep.hvp(x, v), h);
        const y = x.map((t) => t - 0.4);
        expectAgree(prep.hvp(y, v), hvp(f, secondOrder(forward(), forward()), y, v));
        expect(sweep).toHaveBeenCalledTimes(3);
        for (const tape of sweep.mock.contexts as ForwardOverReverseTape[])
          expect(tape.genericOps).toBe(0);
      }
    } finally {
      sweep.mockRestore();
    }
  });

  it('whole-array code records a handful of operations whatever the length', () => {
    const long = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    expect(hvpTapeStatistics(rosenbrockArray, long, long).operations).toBe(
      hvpTapeStatistics(rosenbrockArray, x, v).operations,
    );
  });
});

// --- nesting, fallbacks, NaN ---------------------------------------------------------------

describe('the second-order tape inside other differentiation', () => {
  it('forward over reverse written by hand is the Hessian', () => {
    const x = new Float64Array([0.2, -0.4, 0.9, 1.1]);
    const J = jacobian((y: Float64Array) => gradient(mixed, reverse(), y), forward(), x);
    expectAgree(J.data, hessian(mixed, secondOrder(forward(), forward()), x).data);
  });

  it('a third derivative through forward over reverse (deeper nesting takes the generic tape)', () => {
    // h(t) = eᵗ sin t: h''' = 2eᵗ (cos t − sin t).
    const h = (t: Real): Real => mul(exp(t), sin(t));
    const t0 = 0.37;
    const expected = 2 * Math.exp(t0) * (Math.cos(t0) - Math.sin(t0));
    for (const outer of [forward(), reverse()]) {
      const third = derivative(
        (t: Real) => secondDerivative(h, forwardOverReverse, t) as Real,
        outer,
        t0,
      );
      expect(third).toBeCloseTo(expected, 12);
    }
  });

  it('rewinds what a traced body recorded before it fell back to a black box', () => {
    // Records a whole-array product, then writes active values into a Float64Array.
    const partlyBad = differentiable(function partlyBad(x: RealArray): RealArray {
      const y = mul(x, 2);
      const z = new Float64Array(x.length);
      z.set(y as unknown as ArrayLike<number>);
      return z;
    });
    // The black box is linear and only summed, so the Hessian is that of Σ x²·cos x.
    const f = (x: RealArray): Real => add(sum(partlyBad(x)), sum(mul(square(x), cos(x))));
    const events: FallbackEvent[] = [];
    const backend = secondOrder(
      forward({ onFallback: (e: FallbackEvent) => events.push(e) }),
      reverse({ onFallback: (e: FallbackEvent) => events.push(e) }),
    );
    const x = new Float64Array([0.3, -1.1, 0.8]);
    const v = new Float64Array([1, -2, 0.5]);
    // H = diag(2 cos x − 4x sin x − x² cos x); the black box makes it nested central
    // differences, about 1e-5 relative (see the fallback tests).
    const analytic = Array.from(
      x,
      (t, i) => (2 * Math.cos(t) - 4 * t * Math.sin(t) - t * t * Math.cos(t)) * v[i],
    );
    expectClose(hvp(f, backend, x, v), analytic, 1e-4, 1e-4);
    // The inner black box cannot keep the outer tangents, so the outer pass differences the
    // whole inner gradient; the inner pass reports partlyBad during those re-runs, before the
    // outer fallback is reported with the error estimate they give it.
    expect(events.map((e) => e.functionName)).toEqual(['partlyBad', 'the gradient of f']);
    const forwardEvents: FallbackEvent[] = [];
    const onFallback = (e: FallbackEvent) => forwardEvents.push(e);
    const overForward = secondOrder(forward({ onFallback }), forward({ onFallback }));
    expectClose(hvp(f, overForward, x, v), analytic, 1e-4, 1e-4);
    expect(forwardEvents.map((e) => e.functionName)).toEqual(['partlyBad', 'the gradient of f']);
  });

  it('a zero adjoint times an infinite partial stays zero, as in the first-order sweep', () => {
    // ∂/∂x₁ of x₀·√x₁ at x₀ = x₁ = 0 is 0·∞: the first-order tape skips a zero adjoint.
    const f = (x: RealArray): Real => mul(at(x, 0), sqrt(at(x, 1)));
    const x = new Float64Array([0, 0]);
    const [g, h] = gradientAndHvp(f, forwardOverReverse, x, new Float64Array([1, 0]));
    expect(Array.from(g as Float64Array)).toEqual(
      Array.from(gradient(f, reverse(), x) as Float64Array),
    );
    expect(Array.from(h as Float64Array)).toEqual([0, Infinity]);
  });

  it('propagates NaN inputs as the other modes do, keeping the other components', () => {
    const f = (x: RealArray): Real => add(sum(square(x)), mul(at(x, 0), at(x, 2)));
    const x = new Float64Array([1, Number.NaN, 3]);
    const v = new Float64Array([1, 1, 1]);
    const h = Array.from(hvp(f, forwardOverReverse, x, v) as Float64Array);
    for (const [, b] of references) expect(h).toEqual(Array.from(hvp(f, b, x, v) as Float64Array));
    expect(h).toEqual([3, 2, 3]);
  });

  it('keeps the components a NaN does not reach, in every style, as reverse over forward does', () => {
    const x = new Float64Array([0.5, 1, Number.NaN, 3, 0.2, 0.1]);
    const v = new Float64Array(6).fill(1);
    for (const f of [rosenbrockLoop, rosenbrockArray, rosenbrockMap2]) {
      const h = Array.from(hvp(f, forwardOverReverse, x, v) as Float64Array);
      expect(h).toEqual(Array.from(hvp(f, references[0][1], x, v) as Float64Array));
      expect([h[0], h[4], h[5]]).toEqual([-298, -1070, 120]);
    }
  });
});
