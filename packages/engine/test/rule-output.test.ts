import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  differentiable,
  isAbstractZero,
  noTangent,
  RuleDefinitionError,
  thunk,
  zeroTangent,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, at, mul, sin, square, sum } from '@pullback/rules-core/math';
import {
  auto,
  forward,
  gradient,
  hvp,
  reverse,
  RuleOutputError,
  secondOrder,
  type Backend,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// Issue 11, item 3: what a rule returns is checked for count, kind, length and keys wherever the
// engine receives it (frules in forward mode, pullbacks assembled from frules in reverse mode,
// pullbacks of rrules in either, the second-order tape of forward over reverse). Each case below
// gave silent zeros, a truncated gradient, NaN or a result of the wrong kind before.

/** The three places a rule can be called from: forward, reverse, forward over reverse. */
const modes: [string, (f: (x: RealArray) => Real, x: number[]) => unknown][] = [
  ['forward()', (f, x) => gradient(f, forward(), x)],
  ['reverse()', (f, x) => gradient(f, reverse(), x)],
  [
    'hvp, forward over reverse',
    (f, x) =>
      hvp(
        f,
        secondOrder(forward(), reverse()),
        x,
        x.map(() => 1),
      ),
  ],
];

/** a · b with only an rrule, whose pullback returns `cotangents(dy, a, b)`. */
const timesWith = (cotangents: (dy: Real, a: Real, b: Real) => unknown) => {
  const times = differentiable(
    function times(a: Real, b: Real): Real {
      return mul(a, b);
    },
    { rrule: ([a, b]) => [mul(a, b), (dy) => cotangents(dy as Real, a, b) as never] },
  );
  return (x: RealArray): Real => times(at(x, 0), at(x, 1));
};

/** Σ v with only an rrule, whose pullback returns `cotangent(dy, v)` as v's cotangent. */
const totalWith = (cotangent: (dy: Real, v: RealArray) => unknown) => {
  const total = differentiable(
    function total(v: RealArray): Real {
      return sum(v);
    },
    { rrule: ([v]) => [sum(v), (dy) => [cotangent(dy as Real, v)] as never] },
  );
  return (x: RealArray): Real => total(x);
};

/** a² over a record `{ a, b }` with only an rrule, whose pullback returns `cotangent(dy, p)`. */
const energyWith = (cotangent: (dy: Real, p: { a: Real; b: Real }) => unknown) => {
  const energy = differentiable(
    function energy(p: { a: Real; b: Real }): Real {
      return square(p.a);
    },
    { rrule: ([p]) => [square(p.a), (dy) => [cotangent(dy as Real, p)] as never] },
  );
  return (x: RealArray): Real => energy({ a: at(x, 0), b: at(x, 1) });
};

/** sin with only an frule, returning `out(y, dx)`. */
const sineWith = (out: (y: Real, dx: Real) => unknown) => {
  const sine = differentiable(
    function sine(u: Real): Real {
      return sin(u);
    },
    { frule: ([u], [du]) => out(sin(u), du as Real) as never },
  );
  return (x: RealArray): Real => add(sine(at(x, 0)), at(x, 1));
};

/** The pair (sin u, u²) with only an frule, returning `out(y, du)`. */
const pairWith = (out: (y: Real[], du: Real) => unknown) => {
  const pair = differentiable(
    function pair(u: Real): Real[] {
      return [sin(u), square(u)];
    },
    { frule: ([u], [du]) => out([sin(u), square(u)], du as Real) as never },
  );
  return (x: RealArray): Real => {
    const [s, q] = pair(at(x, 0));
    return add(s, mul(q, at(x, 1)));
  };
};

/** The record { s: sin u } with only an frule, returning `out(y, du)`. */
const recordWith = (out: (y: { s: Real }, du: Real) => unknown) => {
  const record = differentiable(
    function record(u: Real): { s: Real } {
      return { s: sin(u) };
    },
    { frule: ([u], [du]) => out({ s: sin(u) }, du as Real) as never },
  );
  return (x: RealArray): Real => mul(record(at(x, 0)).s, at(x, 1));
};

/** A bad output, the point, and what the message must say. */
type BadCase = [string, (x: RealArray) => Real, number[], RegExp];

const badPullbacks: BadCase[] = [
  [
    'too few cotangents',
    timesWith((dy, _a, b) => [mul(dy, b)]),
    [2, 3],
    /pullback returned by times's rrule .* expected an array of 2 cotangent\(s\), one per argument, got an array of length 1/,
  ],
  [
    'too many cotangents',
    timesWith((dy, a, b) => [mul(dy, b), mul(dy, a), dy]),
    [2, 3],
    /times's rrule .* expected an array of 2 cotangent\(s\), one per argument, got an array of length 3/,
  ],
  [
    'a bare number for a two-argument rule',
    timesWith((dy, _a, b) => mul(dy, b)),
    [2, 3],
    /times's rrule .* expected an array of 2 cotangent\(s\), one per argument, got (the number 3|an active scalar)/,
  ],
  [
    'a string',
    timesWith((dy, a) => ['b', mul(dy, a)]),
    [2, 3],
    /times's rrule .* for argument 0 .*expected a number .*got the string "b"/,
  ],
  [
    'undefined',
    timesWith((dy, a) => [undefined, mul(dy, a)]),
    [2, 3],
    /times's rrule .* for argument 0 .*expected a number .*got undefined/,
  ],
  [
    'a number[] of the wrong length',
    totalWith((dy) => [dy, dy]),
    [1, 2, 3],
    /total's rrule .* for argument 0 .*expected an array of length 3 .*got an array of length 2/,
  ],
  [
    'a Float64Array of the wrong length',
    totalWith(() => new Float64Array(4).fill(1)),
    [1, 2, 3],
    /total's rrule .* for argument 0 .*expected an array of length 3 .*got a Float64Array of length 4/,
  ],
  [
    'a number[] holding a string',
    totalWith((dy) => [dy, 'x', dy]),
    [1, 2, 3],
    /total's rrule .* expected an array of length 3 .*got an array whose element 1 is the string "x"/,
  ],
  [
    'a misspelled key',
    energyWith((dy, p) => ({ aa: mul(dy, mul(2, p.a)) })),
    [2, 3],
    /energy's rrule .* for argument 0 .*expected an object with some of the keys a, b .*"aa" is not a key/,
  ],
  [
    'an array for a record',
    energyWith((dy, p) => [mul(dy, mul(2, p.a)), 0]),
    [2, 3],
    /energy's rrule .* for argument 0 .*expected an object with some of the keys a, b .*got an array of length 2/,
  ],
  [
    'a string inside a record',
    energyWith(() => ({ a: 'two' })),
    [2, 3],
    /energy's rrule .* for argument 0 .*at \.a: expected a number .*got the string "two"/,
  ],
];

const badFrules: BadCase[] = [
  [
    '[y]',
    sineWith((y) => [y]),
    [0.5, 1],
    /sine's frule .* expected an array \[y, dy\] of length 2, got an array of length 1/,
  ],
  [
    '[y, undefined]',
    sineWith((y) => [y, undefined]),
    [0.5, 1],
    /sine's frule .* at \[1\]: expected the tangent dy, shaped like y .*got undefined/,
  ],
  [
    'y alone, not in an array',
    sineWith((y) => y),
    [0.5, 1],
    /sine's frule .* expected an array \[y, dy\] of length 2, got (the number|an active scalar)/,
  ],
  [
    'an array tangent for a number',
    sineWith((y, dx) => [y, [dx, dx]]),
    [0.5, 1],
    /sine's frule .* at \[1\]: expected a number .*got an array of length 2/,
  ],
  [
    'a tangent of the wrong length',
    pairWith((y, du) => [y, [du]]),
    [0.5, 1],
    /pair's frule .* at \[1\]: expected an array of length 2 .*got an array of length 1/,
  ],
  [
    'a tangent with an unknown key',
    recordWith((y, du) => [y, { c: du }]),
    [0.5, 1],
    /record's frule .* at \[1\]: expected an object with some of the keys s .*"c" is not a key/,
  ],
  [
    'a string tangent',
    sineWith((y) => [y, 'dy']),
    [0.5, 1],
    /sine's frule .* at \[1\]: expected a number .*got the string "dy"/,
  ],
];

describe.each(modes)('a rule returning something malformed, called by %s', (_mode, run) => {
  it.each(badPullbacks)('pullback: %s', (_name, f, x, message) => {
    const call = () => run(f, x);
    expect(call).toThrow(RuleOutputError);
    expect(call).toThrow(message);
    // A RuleDefinitionError too: the rule as written is at fault.
    expect(call).toThrow(RuleDefinitionError);
  });
  it.each(badFrules)('frule: %s', (_name, f, x, message) => {
    const call = () => run(f, x);
    expect(call).toThrow(RuleOutputError);
    expect(call).toThrow(message);
  });
});

describe('RuleOutputError', () => {
  it('carries the function, mode, part, argument, path, expected and received', () => {
    const f = energyWith(() => ({ a: 'two' }));
    let error: unknown;
    try {
      gradient(f, reverse(), [2, 3]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleOutputError);
    expect(error).toMatchObject({
      functionName: 'energy',
      mode: 'reverse',
      part: 'pullback',
      argument: 0,
      path: '.a',
      received: 'the string "two"',
    });
    expect((error as RuleOutputError).expected).toMatch(/^a number/);
    // And says what to do.
    expect((error as Error).message).toMatch(/one cotangent per argument, in order/);
  });

  it('names an rrule whose pullback is not a function', () => {
    const h = differentiable(
      function notAPullback(u: Real): Real {
        return sin(u);
      },
      { rrule: ([u]) => [sin(u), 3 as never] },
    );
    for (const b of [forward(), reverse()]) {
      const call = () => gradient((x: RealArray) => h(at(x, 0)), b, [1]);
      expect(call).toThrow(RuleOutputError);
      expect(call).toThrow(
        /notAPullback's rrule .* at \[1\]: expected the pullback, a function, got the number 3/,
      );
    }
  });

  it('checks a thunk when it is unthunked, not before', () => {
    let forced = 0;
    const f = timesWith((dy, a) => [
      thunk(() => {
        forced += 1;
        return 'late';
      }),
      mul(dy, a),
    ]);
    const make = timesWith((dy) => [dy, dy]);
    expect(() => gradient(make, reverse(), [2, 3])).not.toThrow();
    expect(() => gradient(f, reverse(), [2, 3])).toThrow(
      /times's rrule .* for argument 0 .*expected a number .*got the string "late"/,
    );
    expect(forced).toBe(1);
  });

  it('scalar rules: partials of the wrong count or kind', () => {
    const count = differentiable(
      function halve(u: Real): Real {
        return mul(u, 0.5);
      },
      { partials: () => [0.5, 0] } as never,
    );
    const kind = differentiable(
      function halve2(u: Real): Real {
        return mul(u, 0.5);
      },
      { partials: () => ['0.5'] } as never,
    );
    for (const b of [forward(), reverse()]) {
      const call1 = () => gradient((x: RealArray) => count(at(x, 0)), b, [1]);
      expect(call1).toThrow(RuleOutputError);
      expect(call1).toThrow(
        /halve's partials .* expected an array of 1 partial derivative\(s\), one per argument, got an array of length 2/,
      );
      const call2 = () => gradient((x: RealArray) => kind(at(x, 0)), b, [1]);
      expect(call2).toThrow(
        /halve2's partials .* for argument 0 .*expected a number .*got the string "0.5"/,
      );
    }
  });
});

// Outputs that are valid must keep working: strong zeros, noTangent for an argument without a
// tangent space, thunks, number[] and Float64Array cotangents for arrays, records with keys
// left out (a missing key is zero, as in ChainRules' Tangent).

/** s · x[i], with an index argument: its cotangent is noTangent; s's is a thunk. */
const scaleAt = differentiable(
  function scaleAt(x: RealArray, i: number, s: Real): Real {
    return mul(s, at(x, i));
  },
  {
    rrule: ([x, i, s]) => [
      mul(s, at(x, i)),
      (dy) => {
        // number[] (reals in a nested pass) for x, zeros as strong zeros where nothing flows.
        const dx = Array.from({ length: x.length }, (_, j) =>
          j === i ? mul(dy as Real, s) : zeroTangent,
        );
        return [dx as never, noTangent, thunk(() => mul(dy as Real, at(x, i)))];
      },
    ],
  },
);

/** Σ v² with a Float64Array cotangent at top level (reals in a nested pass). */
const sumSquares = differentiable(
  function sumSquares(v: RealArray): Real {
    return sum(mul(v, v));
  },
  { rrule: ([v]) => [sum(mul(v, v)), (dy) => [mul(mul(2, dy as Real), v) as RealArray]] },
);

/** a² from a record whose other keys have no derivative here: left out of the cotangent. */
const recordSquare = differentiable(
  function recordSquare(p: { a: Real; b: Real; label: string }): Real {
    return square(p.a);
  },
  // (Tangent<T> asks for every key; the engine reads a missing one as zero, as ChainRules does.)
  { rrule: ([p]) => [square(p.a), (dy) => [{ a: mul(dy as Real, mul(2, p.a)) } as never]] },
);

/** u³ with only an frule: a thunk tangent, and zeroTangent when the input's tangent is zero. */
const cube = differentiable(
  function cube(u: Real): Real {
    return mul(u, square(u));
  },
  {
    frule: ([u], [du]) =>
      isAbstractZero(du)
        ? [mul(u, square(u)), zeroTangent]
        : // (Frule's type has no thunks; the engine unthunks one, checked, as a pullback's.)
          [mul(u, square(u)), thunk(() => mul(du as Real, mul(3, square(u)))) as never],
  },
);

/** A function using all of them: x₁·x₀ + Σ x² + x₂² + x₀³ (x of length 3). */
const valid = (x: RealArray): Real =>
  add(
    add(scaleAt(x, 0, at(x, 1)), sumSquares(x)),
    add(recordSquare({ a: at(x, 2), b: at(x, 0), label: 'unused' }), cube(at(x, 0))),
  );
const validGradient = ([a, b, c]: number[]) => [b + 2 * a + 3 * a * a, a + 2 * b, 4 * c];
/** H = [[2 + 6a, 1, 0], [1, 2, 0], [0, 0, 4]]. */
const validHvp = ([a]: number[], [u, v, w]: number[]) => [(2 + 6 * a) * u + v, u + 2 * v, 4 * w];

const point = fc.tuple(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.double({ min: -3, max: 3, noNaN: true }),
);

describe('valid rule outputs keep working', () => {
  const backends: [string, () => Backend][] = [
    ['forward()', () => forward({ fallback: 'error' })],
    ['reverse()', () => reverse({ fallback: 'error' })],
    ['auto()', () => auto({ fallback: 'error' })],
  ];
  for (const [name, make] of backends) {
    test.prop([point], { numRuns: 20 })(`${name}: exact gradients`, (p) => {
      const x = [...p];
      // The rules are exact, so only round-off separates them from the analytic gradient.
      expectClose(gradient(valid, make(), x), validGradient(x), 1e-12, 1e-12);
      expectClose(gradient(valid, make(), Float64Array.from(x)), validGradient(x), 1e-12, 1e-12);
    });
  }
  const pairs: [string, () => Backend][] = [
    ['forward over reverse', () => secondOrder(forward(), reverse(), { fallback: 'error' })],
    ['reverse over forward', () => secondOrder(reverse(), forward(), { fallback: 'error' })],
    ['forward over forward', () => secondOrder(forward(), forward(), { fallback: 'error' })],
    ['reverse over reverse', () => secondOrder(reverse(), reverse(), { fallback: 'error' })],
  ];
  for (const [name, make] of pairs) {
    test.prop([point, point], { numRuns: 10 })(`${name}: exact hvps`, (p, d) => {
      expectClose(hvp(valid, make(), [...p], [...d]), validHvp([...p], [...d]), 1e-12, 1e-12);
    });
  }
});
