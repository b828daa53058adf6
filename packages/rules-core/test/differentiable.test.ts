import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  differentiable,
  isDifferentiable,
  RuleDefinitionError,
  rulesOf,
  type Frule,
  type Rrule,
} from '@pullback/rules-core';
import { recordOf } from '@pullback/rules-core/interpreter';

describe('differentiable', () => {
  test('keeps the name and length of the function', () => {
    const f = differentiable(function polynomial(a: number, b: number, c: number) {
      return a + b * c;
    });
    expect(f.name).toBe('polynomial');
    expect(f.length).toBe(3);
    expect(differentiable((x: number) => x).length).toBe(1);
    expect(differentiable(() => 0).length).toBe(0);
    expect(differentiable((x: number) => x, undefined, { name: 'identity' }).name).toBe('identity');
  });
  test.prop([fc.array(fc.double(), { maxLength: 4 })])(
    'with nothing in flight calls the function directly with the same arguments',
    (args) => {
      const seen: unknown[][] = [];
      const f = differentiable((...xs: number[]) => {
        seen.push(xs);
        return xs.length;
      });
      expect(f(...args)).toBe(args.length);
      expect(seen).toEqual([args]);
    },
  );
  test('its rules are readable', () => {
    const frule: Frule<[number], number> = ([x], [dx]) => [x * x, 2 * x * (dx as number)];
    const rrule: Rrule<[number], number> = ([x]) => [x * x, (dy) => [2 * x * (dy as number)]];
    const f = differentiable((x: number) => x * x, { frule, rrule });
    expect(rulesOf(f)).toEqual({ frule, rrule, partials: undefined });
    expect(isDifferentiable(f)).toBe(true);
    expect(recordOf(f)).toMatchObject({ name: 'anonymous', frule, rrule, nondiff: [] });
    expect(rulesOf((x: number) => x)).toBeUndefined();
    expect(isDifferentiable(Math.sin)).toBe(false);
  });
  test('a function without rules is still differentiable (engines trace into it)', () => {
    const f = differentiable((x: number) => x + 1);
    expect(rulesOf(f)).toEqual({ frule: undefined, rrule: undefined, partials: undefined });
  });
  test.each([[undefined], [null], [3], ['sin'], [{}]])(
    'rejects %s instead of a function, naming differentiable and what it got',
    (notAFunction) => {
      expect(() => differentiable(notAFunction as never)).toThrow(RuleDefinitionError);
      expect(() => differentiable(notAFunction as never)).toThrow(
        /^differentiable\(fn\) expects a function as its first argument, got /,
      );
    },
  );
  test('rejects malformed rules, naming the function and the rule', () => {
    const square = (x: number): number => x * x;
    expect(() => differentiable(square, 3 as never)).toThrow(
      /^differentiable\(square, rules\): rules must be an object such as \{ frule, rrule \}, got number 3/,
    );
    expect(() => differentiable(square, { frule: 'no' as never })).toThrow(
      /^differentiable\(square, rules\): rules\.frule must be a function, got the string "no"/,
    );
  });
});
