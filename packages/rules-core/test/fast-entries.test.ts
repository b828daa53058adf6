import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  differentiable,
  EscapedActiveError,
  type DifferentiableFunction,
} from '@pullback/rules-core';
import { innermostOwner, withInterpreter } from '@pullback/rules-core/interpreter';
import * as M from '@pullback/rules-core/math';
import { RecordingInterpreter } from './helpers/fake-interpreter.js';

/** A recording interpreter that also offers the optional fast entries, and logs which ran. */
class FastInterpreter extends RecordingInterpreter {
  readonly entries: string[] = [];
  apply1(f: DifferentiableFunction, a: unknown): unknown {
    this.entries.push('apply1');
    return this.apply(f, [a]);
  }
  apply2(f: DifferentiableFunction, a: unknown, b: unknown): unknown {
    this.entries.push('apply2');
    return this.apply(f, [a, b]);
  }
}

const hypot2 = differentiable((x: number, y: number) => x * x + y * y);

describe('fast entries (apply1, apply2)', () => {
  test('one- and two-argument calls on one interpreter’s values take them', () => {
    const I = new FastInterpreter();
    withInterpreter(I, () => {
      const a = I.active(2);
      const xs = I.active([1, 2]);
      expect(M.sin(a as never)).toBe('sin@0');
      expect(M.mul(a as never, 3)).toBe('mul@0');
      expect(M.mul(3, a as never)).toBe('mul@0');
      expect(M.add(a as never, a as never)).toBe('add@0');
      expect(M.at(xs as never, 1)).toBe('at@0');
      expect(hypot2(a as never, 1 as never)).toBe('anonymous@0');
    });
    expect(I.entries).toEqual(['apply1', 'apply2', 'apply2', 'apply2', 'apply2', 'apply2']);
    expect(I.log.map((c) => c.args.length)).toEqual([1, 2, 2, 2, 2, 2]);
  });
  test('an argument that could hide a deeper value goes through the full search', () => {
    const outer = new FastInterpreter();
    const inner = new FastInterpreter();
    withInterpreter(outer, () => {
      const a = outer.active(1);
      withInterpreter(inner, () => {
        const b = inner.active(2);
        // `[b]` is an array: only the search finds that it holds the inner level's value.
        expect(M.mul(a as never, [b] as never)).toBe('mul@1');
        // Values of two interpreters: the innermost one decides, through `apply`.
        expect(M.add(a as never, b as never)).toBe('add@1');
      });
    });
    expect(outer.entries).toEqual([]);
    expect(inner.entries).toEqual([]);
    expect(inner.log.map((c) => c.name)).toEqual(['mul', 'add']);
  });
  test('an escaped value is reported through the fast entries too', () => {
    const outer = new FastInterpreter();
    const inner = new FastInterpreter();
    withInterpreter(outer, () => {
      let escaped: unknown;
      withInterpreter(inner, () => {
        escaped = inner.active(1);
      });
      expect(() => M.sin(escaped as never)).toThrow(EscapedActiveError);
      expect(() => M.mul(escaped as never, 2)).toThrow(EscapedActiveError);
      expect(() => M.at(escaped as never, 0)).toThrow(EscapedActiveError);
    });
    expect(inner.entries).toEqual([]);
  });
  const operand = fc.constantFrom('number', 'outer', 'inner', 'array of inner', 'array');
  test.prop([operand, operand])(
    'the fast entries reach the same interpreter as the full search, with the same arguments',
    (ka, kb) => {
      fc.pre(ka !== 'number' || kb !== 'number');
      const outer = new FastInterpreter();
      const inner = new FastInterpreter();
      withInterpreter(outer, () => {
        withInterpreter(inner, () => {
          const make = (k: string): unknown =>
            k === 'number'
              ? 1.5
              : k === 'outer'
                ? outer.active(1)
                : k === 'inner'
                  ? inner.active(2)
                  : k === 'array of inner'
                    ? [inner.active(3)]
                    : [1, 2];
          const a = make(ka);
          const b = make(kb);
          const expected = innermostOwner([a, b]);
          const result = M.mul(a as never, b as never);
          if (expected === undefined) {
            // Plain arrays only: elementwise on the CPU, no interpreter involved.
            expect(outer.log.length + inner.log.length).toBe(0);
            return;
          }
          expect(result).toBe(`mul@${expected.level}`);
          const receiver = expected === inner ? inner : outer;
          expect(receiver.log).toHaveLength(1);
          expect(receiver.log[0].args).toEqual([a, b]);
          const sole = (k: string): boolean => k === 'number' || k === ka;
          const fast = ka !== 'number' && !ka.startsWith('array') && sole(kb);
          const fastFromB = ka === 'number' && !kb.startsWith('array');
          expect(receiver.entries).toEqual(fast || fastFromB ? ['apply2'] : []);
        });
      });
    },
  );
});
