import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import type { DifferentiableFunction, Real } from '@pullback/rules-core';
import { recordOf } from '@pullback/rules-core/interpreter';
import * as vocabulary from '@pullback/rules-core/math';
import { derivative, forward } from '@pullback/engine';
import { primitiveOf, scalarPartials, scalarPrimitive } from '../../src/primitives/primitives.js';
import {
  hessianOf,
  partialTangents,
  scalarPartialTangents,
} from '../../src/primitives/second-order-primitives.js';

// The engine's hot primitives restate each function's value, partials and second partials as
// expressions. They must say exactly what rules-core's own declarations say, or a derivative
// would depend on the path the engine happened to take.

const primitives = Object.entries(vocabulary).flatMap(([name, f]) => {
  const p = typeof f === 'function' ? primitiveOf(f as DifferentiableFunction) : undefined;
  return p === undefined ? [] : [{ name, f: f as (...xs: number[]) => number, p }];
});

/** Points inside each function's domain: positive where a log, root or division needs it. */
const positive = new Set(['log', 'sqrt', 'div']);
const operand = (name: string) =>
  positive.has(name)
    ? fc.double({ min: 0.1, max: 3, noNaN: true })
    : fc.double({ min: -3, max: 3, noNaN: true });

const partialsOf = (f: DifferentiableFunction, args: readonly number[], y: number): number[] =>
  (recordOf(f)?.partials as unknown as (...xs: number[]) => number[])(...args, y);

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(expected)));
};

describe('the hot primitives agree with rules-core', () => {
  it('are these eighteen', () => {
    expect(primitives.map((q) => q.name).sort()).toEqual(
      [
        ...['abs', 'add', 'atan', 'cos', 'div', 'exp', 'expm1', 'log', 'log1p', 'max', 'min'],
        ...['mul', 'neg', 'sin', 'sqrt', 'square', 'sub', 'tanh'],
      ].sort(),
    );
  });

  for (const { name, f, p } of primitives) {
    fcTest.prop([operand(name), operand(name)], { numRuns: 60 })(
      `${name}: value and partials, as the scalar switch and the generated expressions compute them`,
      (a, b) => {
        const args = p.arity === 2 ? [a, b] : [a];
        const y = scalarPrimitive(p.code, a, p.arity === 2 ? b : 0);
        expect(Object.is(y, f(...args))).toBe(true);
        expect(Object.is(p.f(a, b), y)).toBe(true);
        const expected = partialsOf(f as never, args, y);
        close(scalarPartials[0], expected[0]);
        close(p.da(a, b, y), expected[0]);
        if (p.arity === 2) {
          close(scalarPartials[1], expected[1]);
          close(p.db(a, b, y), expected[1]);
        }
      },
    );

    fcTest.prop([operand(name), operand(name)], { numRuns: 30 })(
      `${name}: second partials are the derivatives of rules-core's partials`,
      (a, b) => {
        expect(hessianOf(p)).toBeDefined();
        const y = scalarPrimitive(p.code, a, p.arity === 2 ? b : 0);
        // ṗ along (1, 0) and (0, 1), from the second partials.
        scalarPartialTangents(p.code, a, b, y, 1, 0);
        const alongA = [partialTangents[0], partialTangents[1]];
        scalarPartialTangents(p.code, a, b, y, 0, 1);
        const alongB = [partialTangents[0], partialTangents[1]];
        for (let k = 0; k < p.arity; k++) {
          const partialAt = (s: Real, t: Real): Real => {
            const xs = p.arity === 2 ? [s, t] : [s];
            return partialsOf(f as never, xs as never, f(...(xs as number[])) as never)[k];
          };
          const dA = derivative((s: Real) => partialAt(s, b), forward(), a) as number;
          close(alongA[k], dA);
          if (p.arity === 2) {
            const dB = derivative((t: Real) => partialAt(a, t), forward(), b) as number;
            close(alongB[k], dB);
          }
        }
      },
    );
  }
});
