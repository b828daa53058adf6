import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, setAt, sin, square, sub } from '@pullback/rules-core/math';
import {
  forward,
  prepareDerivative,
  prepareDerivativeInPlace,
  prepareGradient,
  prepareHessian,
  prepareHvp,
  prepareJacobian,
  prepareJacobianInPlace,
  preparePullback,
  preparePullbackInPlace,
  preparePushforward,
  preparePushforwardInPlace,
  prepareSecondDerivative,
  reverse,
  secondOrder,
  type Prepared,
} from '@pullback/engine';
import { beyondResult, leastOfThree } from './allocation-harness.js';
import { rosenbrockArray, rosenbrockLoop } from './fixtures/rosenbrock.js';

// Issue 13: "no allocation per call beyond the returned result", held at the public prepared
// calls users make (staging/allocation.test.ts holds the compiled path below them to it): the
// operator layer adds the checks of x and of the extra arguments, the choice of compiled or
// eager path, and the shaping of the result, and none of it may allocate once warm. Each case
// is compiled (checked), and measured by the shared harness with its budget of 8 bytes per call:
// inputs, directions, cotangents, extra arguments and results as Float64Array or number[];
// Jacobians, Hessians and second derivatives (their scratch buffers belong to the preparation,
// their labels are found once); the in-place forms, which write the value into the caller's y
// and allocate only the derivative they return. Every result is still the caller's own: the
// last block writes into each and calls again.

const BUDGET = 8;

/** A weighted sum of squares whose weights are an extra argument (data read at each call). */
const weighted = (x: RealArray, w: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) s = add(s, mul(at(w, i), square(sub(at(x, i), 1))));
  return s;
};
/** A curve `t ↦ w sin t` and a scalar function of one real, for the derivatives. */
const curve = (t: Real, w: RealArray): RealArray => mul(w, sin(t)) as RealArray;
const wave = (t: Real): Real => mul(t, sin(t));
const n = 100;
const point = (k: number) => Float64Array.from({ length: k }, (_, i) => 0.5 + 0.3 * Math.sin(i));
const direction = (k: number) => Float64Array.from({ length: k }, (_, i) => Math.cos(i));
const w = Float64Array.from({ length: n }, (_, i) => 1 + i / n);

/** Elementwise `x sin x` as a number[] of staged scalars, and the same written into `y`. */
const waves = (x: RealArray): Real[] => {
  const y: Real[] = [];
  for (let i = 0; i < x.length; i++) y.push(mul(at(x, i), sin(at(x, i))));
  return y;
};
const wavesInPlace = (y: RealArray, x: RealArray): void => {
  for (let i = 0; i < x.length; i++) setAt(y, i, mul(at(x, i), sin(at(x, i))));
};
/** A coupled map of 12 inputs to 12 outputs, for the Jacobians. */
const coupled = (x: RealArray): Real[] => {
  const y: Real[] = [];
  for (let i = 0; i < x.length; i++)
    y.push(add(mul(at(x, i), at(x, (i + 1) % x.length)), sin(at(x, i))));
  return y;
};
const coupledInPlace = (y: RealArray, x: RealArray): void => {
  for (let i = 0; i < x.length; i++)
    setAt(y, i, add(mul(at(x, i), at(x, (i + 1) % x.length)), sin(at(x, i))));
};
const curveInPlace = (y: RealArray, t: Real, w: RealArray): void => {
  for (let i = 0; i < w.length; i++) setAt(y, i, mul(at(w, i), sin(t)));
};
const fr = secondOrder(forward(), reverse());

/**
 * One measured call: its name, the prepared object, the call, the size of its result (100 when
 * not given) and the parts of the result that are the caller's own (an in-place call's `y`).
 */
interface Case {
  readonly name: string;
  readonly p: Prepared;
  readonly call: () => unknown;
  readonly size?: number;
  readonly given?: readonly unknown[];
}

/** The calls on `Float64Array` inputs. */
function cases(): Case[] {
  const x = point(n);
  const v = direction(n);
  const g = prepareGradient(rosenbrockLoop, reverse(), x);
  const gw = prepareGradient(weighted, reverse(), x, w);
  const gwh = prepareGradient(rosenbrockArray, reverse(), x);
  const pf = preparePushforward(rosenbrockLoop, forward(), x);
  const pb = preparePullback(rosenbrockLoop, reverse(), x);
  const h = prepareHvp(rosenbrockLoop, secondOrder(forward(), reverse()), x);
  return [
    { name: 'p.gradient(x)', p: g, call: () => g.gradient(x) },
    { name: 'p.valueAndGradient(x)', p: g, call: () => g.valueAndGradient(x) },
    { name: 'p.gradient(x), whole-array', p: gwh, call: () => gwh.gradient(x) },
    { name: 'p.gradient(x, w)', p: gw, call: () => gw.gradient(x, w) },
    { name: 'p.gradient(x), w given at preparation', p: gw, call: () => gw.gradient(x) },
    { name: 'p.valueAndGradient(x, w)', p: gw, call: () => gw.valueAndGradient(x, w) },
    { name: 'p.pushforward(x, t)', p: pf, call: () => pf.pushforward(x, v) },
    { name: 'p.valueAndPushforward(x, t)', p: pf, call: () => pf.valueAndPushforward(x, v) },
    { name: 'p.pullback(x, 1.5)', p: pb, call: () => pb.pullback(x, 1.5) },
    { name: 'p.valueAndPullback(x, 1.5)', p: pb, call: () => pb.valueAndPullback(x, 1.5) },
    { name: 'p.hvp(x, v)', p: h, call: () => h.hvp(x, v) },
    { name: 'p.gradientAndHvp(x, v)', p: h, call: () => h.gradientAndHvp(x, v) },
  ];
}

/** The derivatives: `x` is one real; with and without the extra argument, in place too. */
function derivativeCases(): Case[] {
  const d = prepareDerivative(curve, forward(), 0.3, w);
  const s = prepareDerivative(wave, forward(), 0.3);
  return [
    { name: 'p.derivative(t, w)', p: d, call: () => d.derivative(0.7, w) },
    { name: 'p.derivative(t), w given at preparation', p: d, call: () => d.derivative(0.7) },
    { name: 'p.valueAndDerivative(t, w)', p: d, call: () => d.valueAndDerivative(0.7, w) },
    { name: 'p.derivative(t), f(t) a number', p: s, call: () => s.derivative(0.7) },
  ];
}

/**
 * Fewer calls per window for results of arrays of numbers and matrices (200): windows of a few
 * megabytes let V8's accounting swing by kilobytes per call either way between runs.
 */
const wide = (c: Case): Case => ({ ...c, size: 1000 });

/** The calls on `number[]` inputs, directions, cotangents, extra arguments and results. */
function arrayCases(): Case[] {
  const x = Array.from(point(n));
  const v = Array.from(direction(n));
  const wa = Array.from(w);
  const g = prepareGradient(rosenbrockLoop, reverse(), x);
  const gw = prepareGradient(weighted, reverse(), point(n), wa);
  const pf = preparePushforward(rosenbrockLoop, forward(), point(n));
  const pfa = preparePushforward(waves, forward(), x);
  const pba = preparePullback(waves, reverse(), x);
  const h = prepareHvp(rosenbrockLoop, fr, x);
  const d = prepareDerivative(curve, forward(), 0.3, wa);
  const xf = point(n);
  return [
    { name: 'p.gradient(x)', p: g, call: () => g.gradient(x) },
    { name: 'p.valueAndGradient(x)', p: g, call: () => g.valueAndGradient(x) },
    { name: 'p.gradient(x, w), w a number[]', p: gw, call: () => gw.gradient(xf, wa) },
    // A number[] direction for a Float64Array x: the operators take either (the types ask for x's kind).
    {
      name: 'p.pushforward(x, t), t a number[]',
      p: pf,
      call: () => pf.pushforward(xf, v as never),
    },
    { name: 'p.pushforward(x, t), f(x) a number[]', p: pfa, call: () => pfa.pushforward(x, v) },
    {
      name: 'p.valueAndPushforward(x, t), f(x) a number[]',
      p: pfa,
      call: () => pfa.valueAndPushforward(x, v),
    },
    { name: 'p.pullback(x, dy), dy a number[]', p: pba, call: () => pba.pullback(x, v) },
    { name: 'p.valueAndPullback(x, dy)', p: pba, call: () => pba.valueAndPullback(x, v) },
    { name: 'p.hvp(x, v)', p: h, call: () => h.hvp(x, v) },
    { name: 'p.gradientAndHvp(x, v)', p: h, call: () => h.gradientAndHvp(x, v) },
    { name: 'p.derivative(t, w), w a number[]', p: d, call: () => d.derivative(0.7, wa) },
  ].map(wide);
}

/** The matrices (12 inputs: several forward chunks) and the second derivative. */
function matrixCases(): Case[] {
  const x = point(12);
  const xa = Array.from(x);
  const jf = prepareJacobian(coupled, forward(), x);
  const jr = prepareJacobian(coupled, reverse(), xa);
  const hs = prepareHessian(rosenbrockLoop, fr, x);
  const hsa = prepareHessian(rosenbrockLoop, fr, xa);
  const sd = prepareSecondDerivative(curve, fr, 0.3, w);
  return [
    { name: 'p.jacobian(x), forward', p: jf, call: () => jf.jacobian(x) },
    { name: 'p.valueAndJacobian(x), forward', p: jf, call: () => jf.valueAndJacobian(x) },
    { name: 'p.jacobian(x), reverse, x a number[]', p: jr, call: () => jr.jacobian(xa) },
    {
      name: 'p.valueAndJacobian(x), reverse, x a number[]',
      p: jr,
      call: () => jr.valueAndJacobian(xa),
    },
    { name: 'p.hessian(x)', p: hs, call: () => hs.hessian(x) },
    {
      name: 'p.valueGradientAndHessian(x), x a number[]',
      p: hsa,
      call: () => hsa.valueGradientAndHessian(xa),
    },
    { name: 'p.secondDerivative(t)', p: sd, call: () => sd.secondDerivative(0.7) },
    {
      name: 'p.valueDerivativeAndSecondDerivative(t)',
      p: sd,
      call: () => sd.valueDerivativeAndSecondDerivative(0.7),
    },
  ].map(wide);
}

/** The in-place forms, into a `Float64Array` y and a `number[]` y: y itself is not counted. */
function inPlaceCases(): Case[] {
  const x = point(n);
  const v = direction(n);
  const y = new Float64Array(n);
  const ya = new Array<number>(n).fill(0);
  const pf = preparePushforwardInPlace(wavesInPlace, forward(), y, x);
  const pb = preparePullbackInPlace(wavesInPlace, reverse(), y, x);
  const pd = prepareDerivativeInPlace(curveInPlace, forward(), y, 0.3, w);
  const x12 = point(12);
  const y12 = new Float64Array(12);
  const pj = prepareJacobianInPlace(coupledInPlace, forward(), y12, x12);
  const given = [y, ya, y12];
  return [
    { name: 'p.pushforward(y, x, t)', p: pf, call: () => pf.pushforward(y, x, v), given },
    {
      name: 'p.pushforward(y, x, t), y a number[]',
      p: pf,
      call: () => pf.pushforward(ya, x, v),
      given,
    },
    {
      name: 'p.valueAndPushforward(y, x, t)',
      p: pf,
      call: () => pf.valueAndPushforward(y, x, v),
      given,
    },
    { name: 'p.pullback(y, x, dy)', p: pb, call: () => pb.pullback(y, x, v), given },
    {
      name: 'p.valueAndPullback(y, x, dy), y a number[]',
      p: pb,
      call: () => pb.valueAndPullback(ya, x, v),
      given,
    },
    { name: 'p.derivative(y, t)', p: pd, call: () => pd.derivative(y, 0.7), given },
    {
      name: 'p.valueAndDerivative(y, t)',
      p: pd,
      call: () => pd.valueAndDerivative(y, 0.7),
      given,
    },
    { name: 'p.jacobian(y, x)', p: pj, call: () => pj.jacobian(y12, x12), given },
    {
      name: 'p.valueAndJacobian(y, x)',
      p: pj,
      call: () => pj.valueAndJacobian(y12, x12),
      given,
    },
  ].map(wide);
}

function measure(c: Case): void {
  c.call();
  expect(c.p.compilation, c.p.explain()).toMatchObject({ compiled: true });
  const bytes = leastOfThree(() => beyondResult(c.call, c.size ?? n, c.given), BUDGET);
  expect(bytes).toBeLessThan(BUDGET);
}

describe('a public prepared call on a Float64Array allocates only its result', () => {
  for (const c of cases()) it(c.name, () => measure(c));
});

describe('a public prepared derivative allocates only its result', () => {
  for (const c of derivativeCases()) it(c.name, () => measure(c));
});

describe('a public prepared call on number[] allocates only its result', () => {
  for (const c of arrayCases()) it(c.name, () => measure(c));
});

describe('a prepared Jacobian, Hessian or second derivative allocates only its result', () => {
  for (const c of matrixCases()) it(c.name, () => measure(c));
});

describe('a prepared in-place call allocates only the derivative it returns', () => {
  for (const c of inPlaceCases()) it(c.name, () => measure(c));
});

/** Overwrites every number of a result (not `rows` and `cols`). */
function scribble(v: unknown): void {
  if (v instanceof Float64Array) v.fill(-777);
  else if (Array.isArray(v))
    v.forEach((e, i) => (typeof e === 'number' ? (v[i] = -777) : scribble(e)));
  else if (typeof v === 'object' && v !== null && 'data' in v) scribble(v.data);
}

/** The arrays a result is made of (typed arrays by their buffer), without `given`. */
function arraysOf(v: unknown, given: readonly unknown[], out: object[] = []): object[] {
  if (typeof v !== 'object' || v === null || given.includes(v)) return out;
  out.push(ArrayBuffer.isView(v) ? v.buffer : v);
  if (!ArrayBuffer.isView(v)) for (const e of Object.values(v)) arraysOf(e, given, out);
  return out;
}

describe('a prepared result is the caller’s own: writing into it changes no later answer', () => {
  const all = [
    ...cases(),
    ...derivativeCases(),
    ...arrayCases(),
    ...matrixCases(),
    ...inPlaceCases(),
  ];
  for (const c of all) {
    it(c.name, () => {
      const given = c.given ?? [];
      const first = c.call();
      const expected = structuredClone(first);
      scribble(first);
      const second = c.call();
      expect(second).toEqual(expected);
      const earlier = new Set(arraysOf(first, given));
      for (const a of arraysOf(second, given)) expect(earlier.has(a)).toBe(false);
    });
  }
});
