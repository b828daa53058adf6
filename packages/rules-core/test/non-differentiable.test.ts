import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  nonDifferentiable,
  noTangent,
  primal,
  RuleDefinitionError,
  rulesOf,
  stopGradient,
  zeroTangent,
  type RealArray,
} from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { at, mul, square } from '@pullback/rules-core/math';
import { dualConfig, fruleViaDuals } from './helpers/dual.js';
import { RecordingInterpreter } from './helpers/fake-interpreter.js';

const argmax = nonDifferentiable(function argmax(x: RealArray): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (primal(at(x, i)) > primal(at(x, best))) best = i;
  return best;
});

describe('nonDifferentiable', () => {
  test.prop([fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 6 })])(
    'calls the function directly on plain values',
    (xs) => {
      expect(argmax(xs)).toBe(xs.indexOf(Math.max(...xs)));
    },
  );
  test('keeps name and length', () => {
    expect(argmax.name).toBe('argmax');
    expect(argmax.length).toBe(1);
  });
  test('with active arguments the interpreter gets rules that run fn on primals and give noTangent', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => argmax([1, I.active(5), 2] as never));
    expect(I.log.map((c) => c.name)).toEqual(['argmax']);
    const { frule, rrule } = rulesOf(argmax)!;
    expect(frule!([[1, 5, 2]], [[1, 1, 1]], dualConfig())).toEqual([1, noTangent]);
    const [y, pullback] = rrule!([[1, 5, 2]], dualConfig());
    expect(y).toBe(1);
    expect(pullback(1 as never)).toEqual([noTangent]);
  });
  test('strips active values at every level before calling fn', () => {
    const seen: unknown[] = [];
    const spy = nonDifferentiable((x: unknown) => (seen.push(x), 0));
    const I = new RecordingInterpreter(
      undefined,
      (call) => (call.rules.frule!(call.args as never, [] as never, dualConfig()) as unknown[])[0],
    );
    withInterpreter(I, () => spy({ a: [I.active(3)], b: 'text' }));
    expect(seen).toEqual([{ a: [3], b: 'text' }]);
  });
  test('rejects what is not a function', () => {
    expect(() => nonDifferentiable(42 as never)).toThrow(RuleDefinitionError);
    expect(() => nonDifferentiable(42 as never)).toThrow(
      /^nonDifferentiable\(fn\) expects a function/,
    );
  });
});

describe('stopGradient', () => {
  test.prop([fc.jsonValue()])('is the identity on plain values', (v) => {
    expect(stopGradient(v)).toEqual(v);
  });
  test('cuts the derivative: d/dx [x · stopGradient(x)] = x', () => {
    const [y, dy] = fruleViaDuals(
      (x: never) => mul(x, stopGradient(x)),
      [3] as never,
      [1] as never,
    );
    expect([y, dy]).toEqual([9, 3]);
    const [, d2] = fruleViaDuals((x: never) => square(x), [3] as never, [1] as never);
    expect(d2).toBe(6);
  });
  test('strips deeply, through arrays and objects, at every level', () => {
    const outer = new RecordingInterpreter();
    const inner = new RecordingInterpreter(
      undefined,
      (call) => call.rules.frule!(call.args.map((a) => a) as never, [] as never, dualConfig())[0],
    );
    withInterpreter(outer, () => {
      const a = outer.active(2);
      withInterpreter(inner, () => {
        const b = inner.active(a);
        expect(stopGradient({ p: [b, 1], q: 'x' })).toEqual({ p: [2, 1], q: 'x' });
      });
    });
  });
  test('its rules give zero tangents', () => {
    const { frule, rrule } = rulesOf(stopGradient)!;
    expect(frule!([2] as never, [1] as never, dualConfig())).toEqual([2, zeroTangent]);
    expect(rrule!([2] as never, dualConfig())[1](1 as never)).toEqual([zeroTangent]);
  });
});
