import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { eq, ge, gt, ifElse, le, lt, ne, ShapeMismatchError } from '@pullback/rules-core/math';
import { noTangent, zeroTangent } from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { real, vector } from '../helpers/arbitraries.js';
import type { RuleCase } from '../helpers/check-rules.js';
import { describeRules } from '../helpers/describe-rules.js';
import { dualConfig, fruleViaDuals } from '../helpers/dual.js';
import { RecordingInterpreter } from '../helpers/fake-interpreter.js';

const comparisons: [string, (a: never, b: never) => unknown, (a: number, b: number) => boolean][] =
  [
    ['lt', lt, (a, b) => a < b],
    ['le', le, (a, b) => a <= b],
    ['gt', gt, (a, b) => a > b],
    ['ge', ge, (a, b) => a >= b],
    ['eq', eq, (a, b) => a === b],
    ['ne', ne, (a, b) => a !== b],
  ];

describe.each(comparisons)('%s', (_name, f, reference) => {
  const small = fc.integer({ min: -3, max: 3 }); // ties are frequent
  test.prop([small, small])('compares numbers', (a, b) => {
    expect(f(a as never, b as never)).toBe(reference(a, b));
  });
  test.prop([fc.array(fc.tuple(small, small), { maxLength: 6 }), small])(
    'compares arrays elementwise, broadcasting a scalar',
    (pairs, s) => {
      const a = pairs.map((p) => p[0]);
      const b = Float64Array.from(pairs, (p) => p[1]);
      expect(f(a as never, b as never)).toEqual(pairs.map(([x, y]) => reference(x, y)));
      expect(f(a as never, s as never)).toEqual(a.map((x) => reference(x, s)));
    },
  );
  test('is non-differentiable: its rules give noTangent, on primals of any level', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => f(I.active(1) as never, 0.5 as never));
    expect(I.log.map((c) => c.name)).toEqual([_name]);
    const { frule, rrule } = I.log[0].rules;
    const [y, dy] = frule!([1, 0.5] as never, [1, zeroTangent] as never, dualConfig());
    expect([y, dy]).toEqual([reference(1, 0.5), noTangent]);
    const [, pullback] = rrule!([1, 0.5] as never, dualConfig());
    expect(pullback(1 as never)).toEqual([noTangent, noTangent]);
    // Through a dual number (an active value one level up) the result is a plain boolean.
    expect(fruleViaDuals((x: never) => f(x, 0.5 as never), [1] as never, [1] as never)).toEqual([
      reference(1, 0.5),
      zeroTangent,
    ]);
  });
});

describe('ifElse', () => {
  test.prop([fc.boolean(), fc.double(), fc.double()])('picks a branch', (c, a, b) => {
    expect(ifElse(c, a, b)).toBe(c ? a : b);
  });
  test.prop([fc.array(fc.tuple(fc.boolean(), fc.double(), fc.double()), { maxLength: 6 })])(
    'selects elementwise with an array of booleans',
    (triples) => {
      const c = triples.map((t) => t[0]);
      const a = triples.map((t) => t[1]);
      const b = Float64Array.from(triples, (t) => t[2]);
      expect(ifElse(c, a, b)).toEqual(Float64Array.from(triples, ([ci, ai, bi]) => (ci ? ai : bi)));
    },
  );
  test('returns a copy of an array branch', () => {
    const a = new Float64Array([1, 2]);
    const y = ifElse(true, a, a);
    expect(y).toEqual(a);
    expect(y).not.toBe(a);
  });
  test('rejects a condition that is not boolean, pointing at comparisons', () => {
    expect(() => ifElse(1 as never, 1, 2)).toThrow(
      /^ifElse\(cond, a, b\): expected cond to be a boolean/,
    );
    expect(() => ifElse([true] as never, [1, 2], 3)).toThrow(ShapeMismatchError);
  });
});

describe('rules', () => {
  describeRules([
    {
      name: 'ifElse(true, a, b)',
      f: ifElse as RuleCase['f'],
      args: fc.tuple(fc.boolean(), real(-3, 3), real(-3, 3)),
      nondiff: [0],
    },
    {
      name: 'ifElse(cond[], a, b)',
      f: ifElse as RuleCase['f'],
      args: vector(real(-3, 3)).chain((a) =>
        fc.tuple(
          fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }),
          fc.constant(a),
          real(-3, 3),
        ),
      ),
      nondiff: [0],
    },
  ]);
});
