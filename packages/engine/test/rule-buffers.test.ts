import { describe, expect, it } from 'vitest';
import { differentiable, type RealArray } from '@pullback/rules-core';
import { mul, sum } from '@pullback/rules-core/math';
import {
  auto,
  forward,
  gradient,
  hvp,
  pullback,
  pushforward,
  reverse,
  secondOrder,
  type Backend,
} from '@pullback/engine';
import type { FallbackEvent } from '@pullback/engine';

/**
 * Issue 11, item 11: a rule that writes into what it receives (it should not) must not reach
 * the caller's data. Operators copy the caller's arrays once when lifting them: `x`, the
 * tangents of `pushforward` and the directions of `hvp`. Cotangents never reach a rule (the
 * caller's `dy` is added into the adjoints, and rules read copies of those). Extra arguments
 * after `x` are not copied: they reach `f` unchanged (the same objects, class instances
 * included), and `f` is the caller's own code handing them to its rules, exactly as a call of
 * `f` outside any differentiation would.
 */

/** Σ 2vᵢ, declared with rules that scribble over every array they are given. */
const vandal = differentiable((v: RealArray) => sum(mul(v, 2)), {
  rrule: ([v]) => {
    (v as Float64Array)[0] = 1000;
    return [
      sum(mul(v, 2)),
      (dy) => {
        (v as Float64Array)[1] = 1000;
        return [mul(new Float64Array(v.length).fill(2), dy as number)];
      },
    ];
  },
  frule: ([v], [dv]) => {
    (v as Float64Array)[0] = 1000;
    if (dv instanceof Float64Array) dv[0] = 1000;
    return [sum(mul(v, 2)), sum(mul(dv as RealArray, 2))];
  },
});

/** Passes its cotangent to a rule whose pullback writes into the cotangent it receives. */
const identityScribblingOnCotangent = differentiable((v: RealArray) => mul(v, 1), {
  rrule: ([v]) => [
    mul(v, 1),
    (dy) => {
      const c = dy as Float64Array;
      const out = c.slice();
      c[0] = 1000;
      return [out];
    },
  ],
});

const backends: [string, Backend][] = [
  ['reverse()', reverse()],
  ['forward()', forward()],
  ['auto()', auto()],
];

describe.each(backends)('a rule writing into its arguments, under %s', (_name, b) => {
  it('leaves the caller’s x alone (gradient)', () => {
    const x = new Float64Array([1, 2, 3]);
    gradient((v: RealArray) => vandal(v), b, x);
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
  it('leaves the caller’s nested x alone', () => {
    const x = { a: new Float64Array([1, 2, 3]), b: [new Float64Array([4, 5])] };
    gradient((o: { a: RealArray; b: RealArray[] }) => mul(vandal(o.a), vandal(o.b[0])), b, x);
    expect(Array.from(x.a)).toEqual([1, 2, 3]);
    expect(Array.from(x.b[0])).toEqual([4, 5]);
  });
  it('leaves the caller’s x and tangent alone (pushforward)', () => {
    const x = new Float64Array([1, 2, 3]);
    const tx = new Float64Array([1, 1, 1]);
    pushforward((v: RealArray) => vandal(v), b, x, tx);
    expect(Array.from(x)).toEqual([1, 2, 3]);
    expect(Array.from(tx)).toEqual([1, 1, 1]);
  });
  it('leaves the caller’s cotangent alone (pullback)', () => {
    const x = new Float64Array([1, 2, 3]);
    const dy = new Float64Array([1, 1, 1]);
    pullback((v: RealArray) => identityScribblingOnCotangent(v), b, x, dy);
    expect(Array.from(dy)).toEqual([1, 1, 1]);
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
});

it('leaves the caller’s x and direction alone in a forward-over-reverse hvp', () => {
  const x = new Float64Array([1, 2, 3]);
  const v = new Float64Array([1, 0, -1]);
  // Inside the hvp, the rule's writes land in the outer pass's active arrays, which refuse them:
  // the function falls back (reported), and the caller's arrays stay as they were.
  const events: FallbackEvent[] = [];
  const onFallback = (e: FallbackEvent): void => void events.push(e);
  hvp(
    (u: RealArray) => mul(vandal(u), vandal(u)),
    secondOrder(forward(), reverse(), { onFallback }),
    x,
    v,
  );
  expect(events.length).toBeGreaterThan(0);
  expect(Array.from(x)).toEqual([1, 2, 3]);
  expect(Array.from(v)).toEqual([1, 0, -1]);
});

it('hands extra arguments to f unchanged: the same objects, whatever their class', () => {
  class Scale {
    constructor(readonly k: number) {}
  }
  const w = new Float32Array([1, 2]);
  const s = new Scale(3);
  let seen: unknown[] = [];
  gradient(
    (x: RealArray, ww: Float32Array, ss: Scale) => {
      seen = [ww, ss];
      return mul(sum(x), ss.k);
    },
    reverse(),
    new Float64Array([1, 2]),
    w,
    s,
  );
  expect(seen[0]).toBe(w);
  expect(seen[1]).toBe(s);
});
