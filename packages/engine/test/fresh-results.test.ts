import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, mul, sin, slice, square, sum } from '@pullback/rules-core/math';
import {
  auto,
  derivative,
  finiteDifferences,
  forward,
  gradient,
  gradientAndHvp,
  hessian,
  hvp,
  jacobian,
  prepareGradient,
  prepareHessian,
  prepareJacobian,
  preparePullback,
  preparePushforward,
  pullback,
  pushforward,
  reverse,
  secondDerivative,
  secondOrder,
  sparse,
  valueAndDerivative,
  valueAndGradient,
  valueAndJacobian,
  valueAndPullback,
  valueAndPushforward,
  valueDerivativeAndSecondDerivative,
  valueGradientAndHessian,
  type Backend,
} from '@pullback/engine';

/**
 * Issue 11, item 10: every result of every operator is memory of the caller's own. Writing into
 * a result never changes the caller's inputs (`x`, tangents, cotangents, extra arguments) nor
 * another result, and no two results share an array or a buffer.
 */

/** The arrays and buffers a value is made of (typed arrays count by their buffer). */
function memoryOf(v: unknown, out: object[] = []): object[] {
  if (typeof v !== 'object' || v === null) return out;
  if (ArrayBuffer.isView(v)) {
    out.push(v.buffer);
    return out;
  }
  out.push(v);
  for (const e of Object.values(v)) memoryOf(e, out);
  return out;
}

/** Overwrites every number inside a result. */
function scribble(v: unknown): void {
  if (v instanceof Float64Array) v.fill(-777);
  else if (Array.isArray(v))
    v.forEach((e, i) => (typeof e === 'number' ? (v[i] = -777) : scribble(e)));
  else if (typeof v === 'object' && v !== null)
    for (const [k, e] of Object.entries(v))
      if (typeof e === 'number' && k !== 'rows' && k !== 'cols')
        (v as Record<string, unknown>)[k] = -777;
      else scribble(e);
}

/** Asserts the results share no memory with each other or with the inputs. */
function expectFresh(results: readonly unknown[], inputs: readonly unknown[]): void {
  const owned = new Set<object>();
  for (const x of inputs) for (const m of memoryOf(x)) owned.add(m);
  const seen = new Set<object>();
  for (const r of results) {
    for (const m of memoryOf(r)) {
      expect(owned.has(m), 'a result shares memory with an input').toBe(false);
      expect(seen.has(m), 'two results share memory').toBe(false);
      seen.add(m);
    }
  }
}

type Pt = Float64Array | number[] | { a: Float64Array; b: number[] };
/** The array part of a point (inside `f`, an active array has no field `a`). */
const asArray = (x: Pt): RealArray => (x as { a?: RealArray }).a ?? (x as RealArray);

/** Vector functions that hand their input (or a constant) straight back, in several shapes. */
const vectorFunctions: [string, (x: never, w: Float64Array) => unknown][] = [
  ['the identity', (x) => x],
  ['the input twice', (x) => [x, x]],
  ['overlapping slices of the input', (x: Pt) => [slice(asArray(x), 0, 2), slice(asArray(x), 1)]],
  ['a record of the input and its sine', (x) => ({ x, s: sin(asArray(x as Pt)) })],
  ['the extra argument, twice', (_x, w) => [w, w]],
  ['the input scaled', (x: Pt) => mul(asArray(x), 2)],
];
// `never`: the same function serves every shape of point, as `vectorFunctions` do.
const scalarFunction = (x: never) => sum(square(asArray(x)));

const firstOrder: [string, Backend][] = [
  ['forward()', forward()],
  ['reverse()', reverse()],
  ['auto()', auto()],
  ['finiteDifferences()', finiteDifferences()],
];
const secondOrders: [string, Backend][] = [
  ['forward over reverse', secondOrder(forward(), reverse())],
  ['reverse over forward', secondOrder(reverse(), forward())],
  ['forward over forward', secondOrder(forward(), forward())],
  ['reverse over reverse', secondOrder(reverse(), reverse())],
  ['finite differences', finiteDifferences()],
  ['sparse forward over reverse', sparse(secondOrder(forward(), reverse()))],
];

const points = fc.oneof(
  fc
    .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 4 })
    .map((xs): Pt => Float64Array.from(xs)),
  fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 4 }),
  fc
    .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 4 })
    .map((xs): Pt => ({ a: Float64Array.from(xs), b: [xs[0]] })),
);

/** The caller's data before the call, to compare with after the results were overwritten. */
const snapshot = (xs: readonly unknown[]) => structuredClone(xs);

/** Runs one operator, checks its results are fresh, overwrites them, checks the inputs. */
function check(inputs: unknown[], call: () => unknown[]): void {
  const before = snapshot(inputs);
  const results = call();
  expectFresh(results, inputs);
  for (const r of results) scribble(r);
  expect(inputs).toEqual(before);
}

describe.each(firstOrder)('first-order operators with %s return fresh memory', (_n, b) => {
  const jacobianBackends = [b, ...(b.kind === 'finiteDifferences' ? [] : [sparse(b)])];
  fcTest.prop([points, fc.constantFrom(...vectorFunctions)], { numRuns: 30 })(
    'pushforward, pullback and jacobian of functions returning their input',
    (x, [, f]) => {
      const w = new Float64Array([5, 6]);
      const tx = structuredClone(x);
      check([x, tx, w], () => valueAndPushforward(f, b, x, tx, w));
      check([x, tx, w], () => [pushforward(f, b, x, tx, w)]);
      for (const jb of jacobianBackends) {
        check([x, w], () => valueAndJacobian(f, jb, x, w));
        check([x, w], () => [jacobian(f, jb, x, w)]);
      }
      const y = valueAndPushforward(f, b, x, tx, w)[0];
      const dy = structuredClone(y);
      check([x, dy, w], () => valueAndPullback(f, b, x, dy, w));
      check([x, dy, w], () => [pullback(f, b, x, dy, w)]);
    },
  );
  fcTest.prop([points], { numRuns: 15 })('gradient', (x) => {
    check([x], () => valueAndGradient(scalarFunction, b, x));
    check([x], () => [gradient(scalarFunction, b, x)]);
  });
  it('derivative of a function returning a constant array and its argument', () => {
    const w = new Float64Array([1, 2]);
    const f = (t: Real, ww: Float64Array) => [ww, mul(t, ww), [t, t]];
    check([w], () => valueAndDerivative(f as never, b, 2, w));
    check([w], () => [derivative(f as never, b, 2, w)]);
  });
});

describe.each(secondOrders)('second-order operators with %s return fresh memory', (_n, b) => {
  fcTest.prop([points], { numRuns: 10 })('hvp and hessian', (x) => {
    const v = structuredClone(x);
    if (b.kind !== 'sparse') {
      check([x, v], () => gradientAndHvp(scalarFunction, b, x, v));
      check([x, v], () => [hvp(scalarFunction, b, x, v)]);
    }
    check([x], () => valueGradientAndHessian(scalarFunction, b, x));
    check([x], () => [hessian(scalarFunction, b, x)]);
  });
  it('secondDerivative of a function returning a constant array', () => {
    if (b.kind === 'sparse') return;
    const w = new Float64Array([1, 2]);
    const f = (t: Real, ww: Float64Array) => [ww, mul(square(t), ww)];
    check([w], () => valueDerivativeAndSecondDerivative(f as never, b, 2, w));
    check([w], () => [secondDerivative(f as never, b, 2, w)]);
  });
});

describe('prepared operators', () => {
  it.each(firstOrder)(
    'return fresh memory on every call with %s: writing into one result changes no other',
    (_n, b) => {
      const x = new Float64Array([1, 2, 3]);
      const identity = (v: RealArray) => v;
      const pf = preparePushforward(identity, b, x);
      const pb = preparePullback(identity, b, x);
      const pj = prepareJacobian(identity, b, x);
      const pg = prepareGradient(scalarFunction, b, x);
      const ph = prepareHessian(scalarFunction, b, x);
      const tx = new Float64Array([1, 0, 0]);
      check([x, tx], () => pf.valueAndPushforward(x, tx));
      check([x, tx], () => pb.valueAndPullback(x, tx));
      check([x], () => pj.valueAndJacobian(x));
      check([x], () => pg.valueAndGradient(x));
      check([x], () => ph.valueGradientAndHessian(x));
      // A result overwritten after one call does not show up in the next one.
      const first = pg.gradient(x);
      first.fill(-1);
      expect(Array.from(pg.gradient(x))).toEqual(
        b.kind === 'finiteDifferences' ? Array.from(pg.gradient(x)) : [2, 4, 6],
      );
    },
  );
});

it('the issue’s cases: no result is the caller’s x or tx', () => {
  const x = new Float64Array([1, 2, 3]);
  expect(valueAndJacobian((v: RealArray) => v, reverse(), x)[0]).not.toBe(x);
  expect(pushforward((v: RealArray) => v, forward(), x, x)).not.toBe(x);
  const [first, second] = valueAndPushforward(
    (v: RealArray) => [slice(v, 0, 2), add(v, 0)],
    reverse(),
    x,
    x,
  )[0] as Float64Array[];
  expect(first.buffer).not.toBe(x.buffer);
  expect(second.buffer).not.toBe(x.buffer);
});
