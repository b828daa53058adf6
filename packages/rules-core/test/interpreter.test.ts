import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  ActiveCoercionError,
  differentiable,
  EscapedActiveError,
  PRIMAL,
  rulesOf,
} from '@pullback/rules-core';
import {
  innermostOwner,
  interpretersInFlight,
  popInterpreter,
  pushInterpreter,
  withInterpreter,
} from '@pullback/rules-core/interpreter';
import * as M from '@pullback/rules-core/math';
import { RecordingInterpreter, type RecordedCall } from './helpers/fake-interpreter.js';

const cube = differentiable((x: number) => x * x * x, {
  frule: ([x], [dx]) => [x * x * x, 3 * x * x * (dx as number)],
});

describe('dispatch', () => {
  test.prop([fc.double(), fc.array(fc.double(), { maxLength: 4 })])(
    'nothing reaches an interpreter when no active value is in flight',
    (x, xs) => {
      const log: RecordedCall[] = [];
      const I = new RecordingInterpreter(log);
      withInterpreter(I, () => {
        cube(x);
        M.add(x, x);
        M.sin(xs as never);
        M.sum(xs);
        M.dot(xs, xs);
      });
      expect(log).toEqual([]);
    },
  );
  test('an active argument hands the call (function, arguments, rules) to its interpreter', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const a = I.active(2);
      expect(cube(a as never)).toBe('anonymous@0');
      expect(M.mul(3, a as never)).toBe('mul@0');
      expect(M.sum([1, a] as never)).toBe('sum@0');
      expect(M.matvec({ rows: 1, cols: 1, data: [a] } as never, [1])).toBe('matvec@0');
    });
    expect(I.log.map((c) => c.name)).toEqual(['anonymous', 'mul', 'sum', 'matvec']);
    const [call] = I.log;
    expect(call.f).toBe(cube);
    expect(call.args).toEqual([expect.objectContaining({})]);
    expect(call.rules).toEqual(rulesOf(cube));
    expect(I.log[1].args[0]).toBe(3);
    expect(I.log[1].rules.partials).toBeTypeOf('function');
  });
  test('nested interpreters receive calls innermost first', () => {
    const outer = new RecordingInterpreter();
    const inner = new RecordingInterpreter();
    withInterpreter(outer, () => {
      const a = outer.active(1);
      withInterpreter(inner, () => {
        const b = inner.active(2);
        expect(interpretersInFlight()).toEqual([outer, inner]);
        expect([outer.level, inner.level]).toEqual([0, 1]);
        expect(M.add(a as never, b as never)).toBe('add@1');
        expect(M.add(b as never, a as never)).toBe('add@1');
        expect(M.sin(a as never)).toBe('sin@0');
        expect(innermostOwner([[a, [b]]])).toBe(inner);
      });
      expect(M.cos(a as never)).toBe('cos@0');
    });
    expect(inner.log.map((c) => c.name)).toEqual(['add', 'add']);
    expect(outer.log.map((c) => c.name)).toEqual(['sin', 'cos']);
  });
  test('a rule running one level down re-dispatches its primal computations', () => {
    // The inner interpreter computes the primal by calling the function on its arguments one
    // level down, which are the outer interpreter's values: the call goes to the outer one.
    const outer = new RecordingInterpreter();
    const inner = new RecordingInterpreter(undefined, (call) => {
      const primals = call.args.map((v) => (v as { [k: symbol]: unknown })[PRIMAL]);
      return (call.f as unknown as (...xs: unknown[]) => unknown)(...primals);
    });
    withInterpreter(outer, () => {
      const a = outer.active(0.5);
      withInterpreter(inner, () => {
        expect(M.sin(inner.active(a) as never)).toBe('sin@0');
      });
    });
    expect(inner.log.map((c) => c.name)).toEqual(['sin']);
    expect(outer.log.map((c) => c.name)).toEqual(['sin']);
  });
  test('an active value used after its interpreter was popped throws EscapedActiveError', () => {
    const outer = new RecordingInterpreter();
    const inner = new RecordingInterpreter();
    let escaped: unknown;
    withInterpreter(outer, () => {
      withInterpreter(inner, () => {
        escaped = inner.active(1);
      });
      expect(() => M.sin(escaped as never)).toThrow(EscapedActiveError);
      expect(() => M.sum([1, escaped] as never)).toThrow(EscapedActiveError);
    });
    expect(interpretersInFlight()).toEqual([]);
    expect(() => M.sin(escaped as never)).toThrow(EscapedActiveError);
    expect(() => cube(escaped as never)).toThrow(EscapedActiveError);
    expect(() => M.dot(escaped as never, [1])).toThrow(
      /used after the differentiation that created it had finished/,
    );
  });
  test('active values never turn into numbers silently', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const a = I.active(1);
      expect(() => Math.sin(a as never)).toThrow(ActiveCoercionError);
      expect(() => `${a as never}`).toThrow(/converted to a string/);
      expect(() => new Float64Array([a as never])).toThrow(ActiveCoercionError);
    });
  });
  test('interpreters must be removed innermost first', () => {
    const a = new RecordingInterpreter();
    const b = new RecordingInterpreter();
    pushInterpreter(a);
    pushInterpreter(b);
    expect(() => popInterpreter(a)).toThrow(EscapedActiveError);
    popInterpreter(b);
    popInterpreter(a);
    expect(interpretersInFlight()).toEqual([]);
  });
  test('withInterpreter removes its interpreter when the body throws', () => {
    const I = new RecordingInterpreter();
    expect(() =>
      withInterpreter(I, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(interpretersInFlight()).toEqual([]);
  });
  test('the in-flight state is shared through globalThis under a Symbol.for key', () => {
    const I = new RecordingInterpreter();
    withInterpreter(I, () => {
      const shared = (globalThis as Record<symbol, { interpreters: unknown[] }>)[
        Symbol.for('@pullback/interpreter-stack')
      ];
      expect(shared.interpreters).toEqual([I]);
    });
  });
});
