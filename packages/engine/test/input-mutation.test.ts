import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, mul, setAt, slice, square, sum } from '@pullback/rules-core/math';
import {
  auto,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  reverse,
  secondOrder,
  type Backend,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose, flat } from './helpers.js';

/**
 * Issue 11, item 1: `f` writing into its own `number[]` input (`setAt`, `x[i] = v`, `reverse`,
 * `sort`, `fill`, `shift`) is part of `f`: the derivative is with respect to the values the
 * caller passed, in every mode, and the caller's array is never changed. Reverse mode used to
 * read the input's adjoints through the mutated array (`[12, 40, 6]` for `[0, 40, 6]`).
 */

/** One way of mutating the input, with the same function written without mutation. */
interface Mutation {
  readonly name: string;
  /** Mutates `x` in place, then returns a scalar of it. */
  readonly mutating: (x: Real[]) => Real;
  /** The same function of the caller's values, with no write into `x`. */
  readonly pure: (x: RealArray) => Real;
  /** Its gradient, by hand. */
  readonly gradient: (x: readonly number[]) => number[];
}

/** Weights 1..n by the rank of each element: ties are avoided by the generated points. */
const ranks = (x: readonly number[]): number[] => {
  const order = x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
  const r = new Array<number>(x.length);
  order.forEach((i, k) => (r[i] = k));
  return r;
};
const sumSq = (x: readonly number[]) => x.reduce((s, v) => s + v * v, 0);

const mutations: Mutation[] = [
  {
    name: 'setAt(x, 0, 3·x₁)',
    mutating: (x) => {
      setAt(x, 0, mul(at(x, 1), 3));
      return sum(mul(x, x));
    },
    pure: (x) => add(mul(10, square(at(x, 1))), sum(square(slice(x, 2)))),
    gradient: (x) => x.map((v, i) => (i === 0 ? 0 : i === 1 ? 20 * v : 2 * v)),
  },
  {
    name: 'x[0] = 3·x₁',
    mutating: (x) => {
      x[0] = mul(at(x, 1), 3);
      return sum(mul(x, x));
    },
    pure: (x) => add(mul(10, square(at(x, 1))), sum(square(slice(x, 2)))),
    gradient: (x) => x.map((v, i) => (i === 0 ? 0 : i === 1 ? 20 * v : 2 * v)),
  },
  {
    name: 'x.reverse()',
    mutating: (x) => {
      x.reverse();
      return mul(at(x, 0), sum(square(x)));
    },
    pure: (x) => mul(at(x, x.length - 1), sum(square(x))),
    gradient: (x) => {
      const last = x.length - 1;
      return x.map((v, i) => 2 * v * x[last] + (i === last ? sumSq(x) : 0));
    },
  },
  {
    name: 'x.sort(by primal)',
    mutating: (x) => {
      x.sort((a, b) => (primal(a) as number) - (primal(b) as number));
      return sum(
        mul(
          Float64Array.from(x, (_, k) => k + 1),
          square(x),
        ),
      );
    },
    pure: (x) => {
      const r = ranks(Array.from(x as ArrayLike<Real>, (v) => primal(v) as number));
      return sum(
        mul(
          Float64Array.from(r, (k) => k + 1),
          square(x),
        ),
      );
    },
    gradient: (x) => {
      const r = ranks(x);
      return x.map((v, i) => 2 * (r[i] + 1) * v);
    },
  },
  {
    name: 'x.fill(x₀, 1)',
    mutating: (x) => {
      x.fill(at(x, 0), 1);
      return sum(mul(x, x));
    },
    pure: (x) => mul(x.length, square(at(x, 0))),
    gradient: (x) => x.map((v, i) => (i === 0 ? 2 * x.length * v : 0)),
  },
  {
    name: 'x.shift()',
    mutating: (x) => {
      const first = x.shift() as Real;
      return add(mul(first, sum(x)), sum(square(x)));
    },
    pure: (x) => {
      const tail = slice(x, 1);
      return add(mul(at(x, 0), sum(tail)), sum(square(tail)));
    },
    gradient: (x) =>
      x.map((v, i) => (i === 0 ? x.slice(1).reduce((s, t) => s + t, 0) : x[0] + 2 * v)),
  },
];

/** The ways of carrying a `number[]` the function mutates, with its reading and its gradient. */
const carriers = [
  {
    name: 'number[]',
    wrap: (x: number[]) => x,
    apply: (m: Mutation) => (x: Real[]) => m.mutating(x),
    pureOf: (m: Mutation) => (x: RealArray) => m.pure(x),
    expected: (m: Mutation, x: number[]) => m.gradient(x),
  },
  {
    name: 'number[][] (the first row mutated, the second read after)',
    wrap: (x: number[]) => [x, x.map((v) => v / 2)],
    apply: (m: Mutation) => (x: Real[][]) => add(m.mutating(x[0]), sum(square(x[1]))),
    pureOf: (m: Mutation) => (x: RealArray[]) => add(m.pure(x[0]), sum(square(x[1]))),
    expected: (m: Mutation, x: number[]) => [...m.gradient(x), ...x.map((v) => v)],
  },
  {
    name: '{ a: number[], b: number } (a mutated, the field b replaced)',
    wrap: (x: number[]) => ({ a: x, b: x[0] }),
    apply: (m: Mutation) => (o: { a: Real[]; b: Real }) => {
      o.b = mul(o.b, 3);
      return add(m.mutating(o.a), square(o.b));
    },
    pureOf: (m: Mutation) => (o: { a: RealArray; b: Real }) =>
      add(m.pure(o.a), square(mul(o.b, 3))),
    expected: (m: Mutation, x: number[]) => [...m.gradient(x), 18 * x[0]],
  },
] as const;

const firstOrder: [string, Backend][] = [
  ['reverse()', reverse({ fallback: 'error' })],
  ['auto()', auto({ fallback: 'error' })],
  ['forward()', forward({ fallback: 'error' })],
  ['forward({ chunkSize: 2 })', forward({ chunkSize: 2, fallback: 'error' })],
];

/** Every second-order pair, and the backends that stand for one; AD pairs are exact to round-off. */
const secondOrders: [string, Backend, number][] = [
  ['reverse()', reverse({ fallback: 'error' }), 1e-12],
  ['auto()', auto({ fallback: 'error' }), 1e-12],
  ['forward()', forward({ fallback: 'error' }), 1e-12],
  ['forward over reverse', secondOrder(forward(), reverse()), 1e-12],
  ['forward over forward', secondOrder(forward(), forward()), 1e-12],
  ['reverse over reverse', secondOrder(reverse(), reverse()), 1e-12],
  ['reverse over forward', secondOrder(reverse(), forward()), 1e-12],
  // Central differences of an exact gradient: O(h²) truncation with h ≈ 6e-6, plus round-off
  // ε/h ≈ 4e-11 of the gradient's size; 1e-6 leaves room for the curvature of these cubics.
  ['finite differences over reverse', secondOrder(finiteDifferences(), reverse()), 1e-6],
  ['finite differences over forward', secondOrder(finiteDifferences(), forward()), 1e-6],
];

/** Points with distinct, well separated values, so `sort` takes one order near each. */
const point = fc
  .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 5 })
  .filter((xs) => xs.every((a, i) => xs.every((b, j) => i === j || Math.abs(a - b) > 1e-3)));

const copy = <T>(x: T): T => structuredClone(x);

describe.each(mutations)('f mutating its number[] input: $name', (m) => {
  describe.each(carriers)('carried as $name', (c) => {
    fcTest.prop([point], { numRuns: 8 })(
      'gradients in every first-order backend are the caller’s; x is untouched',
      (xs) => {
        for (const [, b] of firstOrder) {
          const x = c.wrap(xs.slice());
          const before = copy(x);
          // Exact up to the round-off of the few operations involved.
          expectClose(gradient(c.apply(m) as never, b, x), c.expected(m, xs), 1e-12, 1e-12);
          expect(x).toEqual(before);
        }
      },
    );

    fcTest.prop([point], { numRuns: 4 })(
      'Hessians and hvps in every second-order pair match the function written without mutation',
      (xs) => {
        const x = c.wrap(xs.slice());
        const before = copy(x);
        const reference = Array.from(
          hessian(c.pureOf(m) as never, secondOrder(forward(), forward()), x).data,
        );
        const direction = c.wrap(xs.map((_, i) => (i % 2 === 0 ? 1 : -0.5))) as never;
        const v = flat(direction);
        const n = v.length;
        const hv = v.map((_, i) => v.reduce((s, vj, j) => s + reference[i * n + j] * vj, 0));
        for (const [, b, tol] of secondOrders) {
          expectClose(hessian(c.apply(m) as never, b, x).data, reference, tol, tol);
          expectClose(hvp(c.apply(m) as never, b, x, direction), hv, tol, tol);
          expect(x).toEqual(before);
        }
      },
    );
  });
});

describe('a Float64Array input, which f can only change through setAt', () => {
  const f = (x: RealArray) => {
    setAt(x, 0, mul(at(x, 1), 3));
    return sum(mul(x, x));
  };
  it.each(firstOrder)('setAt gives the caller’s gradient with %s, x untouched', (_n, b) => {
    const x = new Float64Array([1, 2, 3]);
    expectClose(gradient(f, b, x), [0, 40, 6], 1e-15);
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
  it.each(secondOrders)('setAt gives the caller’s Hessian with %s', (_n, b, tol) => {
    const x = new Float64Array([1, 2, 3]);
    expectClose(hessian(f, b, x).data, [0, 0, 0, 0, 20, 0, 0, 0, 2], tol, tol);
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
  it.each([
    ['reverse()', reverse],
    ['forward()', forward],
  ] as const)(
    'x[0] = v falls back (reported) to a black box of the caller’s values with %s',
    (_n, make) => {
      const events: FallbackEvent[] = [];
      const x = new Float64Array([1, 2, 3]);
      const g = gradient(
        (v: RealArray) => {
          (v as unknown as Real[])[0] = mul(at(v, 1), 3);
          return sum(mul(v, v));
        },
        make({ onFallback: (e) => events.push(e) }),
        x,
      );
      expect(events).toHaveLength(1);
      // Central differences of a quadratic: exact up to round-off ε/h ≈ 4e-11 relative.
      expectClose(g, [0, 40, 6], 1e-8, 1e-8);
      expect(Array.from(x)).toEqual([1, 2, 3]);
    },
  );
});

it('the issue’s case: setAt(x, 0, 3·x₁) on [1, 2, 3] is [0, 40, 6] in reverse mode', () => {
  const x = [1, 2, 3];
  const g = gradient(
    (v: Real[]) => {
      setAt(v, 0, mul(at(v, 1), 3));
      return sum(mul(v, v));
    },
    reverse(),
    x,
  );
  expect(g).toEqual([0, 40, 6]);
  expect(x).toEqual([1, 2, 3]);
});
