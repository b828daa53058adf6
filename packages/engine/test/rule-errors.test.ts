import { describe, expect, it } from 'vitest';
import * as rulesCore from '@pullback/rules-core';
import {
  differentiable,
  PullbackError,
  scalarRule,
  thunk,
  type Real,
  type RealArray,
} from '@pullback/rules-core';
import { add, at, map, mul, ShapeMismatchError, sin, sum } from '@pullback/rules-core/math';
import {
  differentiateWith,
  forward,
  gradient,
  hvp,
  reverse,
  RuleError,
  RuleOutputError,
  secondOrder,
  type FallbackEvent,
} from '@pullback/engine';
import { expectClose } from './helpers.js';

// Issue 11, item 21: an error thrown inside a user's rule surfaced bare (`Error: boom`), with no
// word of which rule or which mode. It is now a RuleError naming the function, the mode and the
// part of the rule, with the original error as `cause`; pullback's own errors pass through.

const boom = new Error('boom');
const thrower = (): never => {
  throw boom;
};

/** sin u, its rules throwing in the part named. */
const failing: [string, RuleError['part'], (x: RealArray) => Real][] = [
  [
    'an frule',
    'frule',
    (x) =>
      differentiable(
        function withFrule(u: Real) {
          return sin(u);
        },
        { frule: thrower },
      )(at(x, 0)),
  ],
  [
    'an rrule',
    'rrule',
    (x) =>
      differentiable(
        function withRrule(u: Real) {
          return sin(u);
        },
        { rrule: thrower },
      )(at(x, 0)),
  ],
  [
    'a pullback',
    'pullback',
    (x) =>
      differentiable(
        function withPullback(u: Real) {
          return sin(u);
        },
        {
          rrule: ([u]) => [sin(u), thrower],
        },
      )(at(x, 0)),
  ],
  [
    'a thunk a pullback returned',
    'pullback',
    (x) =>
      differentiable(
        function withThunk(u: Real) {
          return sin(u);
        },
        {
          rrule: ([u]) => [sin(u), () => [thunk(thrower)]],
        },
      )(at(x, 0)),
  ],
  [
    'scalar partials',
    'partials',
    (x) =>
      scalarRule(function withPartials(u: number) {
        return Math.sin(u);
      }, thrower)(at(x, 0)),
  ],
];

const modes: [string, 'forward' | 'reverse' | undefined, (f: (x: RealArray) => Real) => unknown][] =
  [
    ['forward()', 'forward', (f) => gradient(f, forward(), [0.5])],
    ['reverse()', 'reverse', (f) => gradient(f, reverse(), [0.5])],
    // Which interpreter meets the rule first depends on the rule: the message says which.
    [
      'hvp, forward over reverse',
      undefined,
      (f) => hvp(f, secondOrder(forward(), reverse()), [0.5], [1]),
    ],
  ];

/** The error `call` throws. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe.each(modes)('an error inside a user rule, called by %s', (_name, mode, run) => {
  it.each(failing)(
    '%s: RuleError naming the function, the mode and the part, cause kept',
    (_what, part, f) => {
      const error = thrown(() => run(f)) as RuleError;
      expect(error).toBeInstanceOf(RuleError);
      expect(error).toBeInstanceOf(PullbackError);
      expect(error.cause).toBe(boom);
      expect(error.part).toBe(part);
      if (mode !== undefined) expect(error.mode).toBe(mode);
      const name = error.functionName;
      expect(name).toMatch(/^with/);
      const subject =
        part === 'pullback' ? `the pullback returned by ${name}'s rrule` : `${name}'s ${part}`;
      expect(error.message).toBe(
        `${subject} threw in ${error.mode} mode: Error: boom. The error comes from the rule as ` +
          'written (it is kept as `cause`): fix the rule, or remove it to let the engine ' +
          `differentiate ${name}'s body instead.`,
      );
    },
  );
});

describe('errors that are not wrapped', () => {
  it("pullback's own errors pass through as they are", () => {
    const shape = new ShapeMismatchError('shape: lengths 2 and 3 differ');
    const h = differentiable(
      function strict(u: Real) {
        return sin(u);
      },
      {
        rrule: () => {
          throw shape;
        },
      },
    );
    for (const b of [forward(), reverse()]) {
      expect(thrown(() => gradient((x: RealArray) => h(at(x, 0)), b, [1]))).toBe(shape);
    }
  });

  it('a coercion inside a rule still reaches the fallback machinery', () => {
    // Math.sin on its argument works at first order (plain numbers) but not inside a
    // forward-over-reverse hvp (a dual): the ActiveCoercionError must unwind to a black box, as
    // for a body, and not become a RuleError.
    const h = differentiable(
      function mathSin(u: Real) {
        return sin(u);
      },
      {
        rrule: ([u]) => [Math.sin(u as number), (dy) => [mul(dy as Real, Math.cos(u as number))]],
      },
    );
    const events: FallbackEvent[] = [];
    const onFallback = (e: FallbackEvent) => events.push(e);
    const f = (x: RealArray): Real => mul(h(at(x, 0)), at(x, 1));
    // H of sin(x₀)·x₁ at (0.5, 2) times (1, 0): (−2 sin 0.5, cos 0.5). Nested central
    // differences: error ≈ ε/h² ≈ 1e-5 relative at worst.
    const v = hvp(
      f,
      secondOrder(forward({ onFallback }), reverse({ onFallback })),
      [0.5, 2],
      [1, 0],
    );
    expectClose(v, [-2 * Math.sin(0.5), Math.cos(0.5)], 1e-4, 1e-4);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.replacement === 'finite differences')).toBe(true);
  });

  it("the math vocabulary's own errors are not attributed to a user's rule", () => {
    const f = (x: RealArray): Real => mul(at(x, 0), 'a' as never);
    const g = (x: RealArray): Real => sum(mul(x, [1, 'a'] as never));
    for (const b of [forward(), reverse()]) {
      for (const h of [f, g]) {
        const error = thrown(() => gradient(h, b, [1, 2]));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/^mul: expected numbers or arrays of numbers/);
      }
    }
  });

  it("a user's rule misusing the vocabulary is named, with the vocabulary's error as cause", () => {
    const h = differentiable(
      function misuses(u: Real) {
        return sin(u);
      },
      {
        rrule: ([u]) => [sin(u), (dy) => [mul(dy as Real, 'cos' as never)]],
      },
    );
    const error = thrown(() =>
      gradient((x: RealArray) => h(at(x, 0)), reverse(), [1]),
    ) as RuleError;
    expect(error).toBeInstanceOf(RuleError);
    expect(error.message).toMatch(
      /^the pullback returned by misuses's rrule threw in reverse mode: TypeError: mul:/,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("differentiateWith's function throwing is that function's error, not a rule's", () => {
    const g = differentiateWith(function legacyModel(t: Real): Real {
      if (primalOf(t) > 1) throw new RangeError('legacyModel: t must be at most 1');
      return mul(t, t);
    }, forward());
    for (const b of [forward(), reverse()]) {
      const error = thrown(() => gradient((x: RealArray) => g(at(x, 0)), b, [2]));
      expect(error).toBeInstanceOf(RangeError);
    }
  });
});

describe('what item 21 named', () => {
  it('"pullback is not a function" is a RuleOutputError', () => {
    const h = differentiable(
      function noPullback(u: Real) {
        return sin(u);
      },
      {
        rrule: ([u]) => [sin(u), undefined as never],
      },
    );
    const call = () => gradient((x: RealArray) => h(at(x, 0)), reverse(), [1]);
    expect(call).toThrow(RuleOutputError);
    expect(call).toThrow(/noPullback's rrule .* expected the pullback, a function, got undefined/);
  });

  it('a string cotangent under hvp is a RuleOutputError, not "an engine bug"', () => {
    const h = differentiable(
      function stringy(u: Real) {
        return sin(u);
      },
      {
        rrule: ([u]) => [sin(u), () => ['0.5'] as never],
      },
    );
    const call = () =>
      hvp((x: RealArray) => h(at(x, 0)), secondOrder(forward(), reverse()), [1], [1]);
    expect(call).toThrow(RuleOutputError);
    expect(call).toThrow(/stringy's rrule .*got the string "0.5"/);
    expect(call).not.toThrow(/engine bug/);
  });

  it('a map kernel whose scalar rule throws names the rule (the generated loop is not blamed)', () => {
    const sq = scalarRule(function squareKernel(u: number) {
      return u * u;
    }, thrower);
    const f = (x: RealArray): Real => sum(map((a: Real) => add(sq(a), 1), x));
    for (const b of [forward(), reverse()]) {
      const error = thrown(() => gradient(f, b, Float64Array.from([1, 2]))) as RuleError;
      expect(error).toBeInstanceOf(RuleError);
      expect(error.functionName).toBe('squareKernel');
      expect(error.part).toBe('partials');
      expect(error.cause).toBe(boom);
    }
  });

  it('RuleError and RuleOutputError are the same classes from either package', () => {
    expect(rulesCore.RuleError).toBe(RuleError);
    expect(rulesCore.RuleOutputError).toBe(RuleOutputError);
    expect(
      new RuleOutputError({
        functionName: 'f',
        mode: 'reverse',
        part: 'pullback',
        expected: 'a',
        received: 'b',
      }),
    ).toBeInstanceOf(rulesCore.RuleDefinitionError);
  });
});

/** A number to branch on, whatever level `t` is at. */
function primalOf(t: Real): number {
  return rulesCore.primal(t);
}
