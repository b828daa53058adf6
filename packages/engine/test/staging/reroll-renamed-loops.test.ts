/**
 * A loop the re-roller rolled in one pass and a run it rolls in the next: when a run rolled
 * earlier in the pass (here the elements of a `number[]`, loaded when it is lifted) renames the
 * values later statements read, a nested loop among those statements must be read as renamed.
 * The search read a nested loop's operands from a table made at the start of the pass, so the
 * outer loop took its carried start from the old id: the inner loop restarted from the value
 * before the loop in every repetition (a wrong gradient wherever the first call was not at a
 * point that shows it, such as zeros), or the generated code read an id no longer defined (a
 * ReferenceError). Found by reroll-fuzz.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, sin, tanh } from '@pullback/rules-core/math';
import {
  forward,
  gradient,
  jacobian,
  prepareGradient,
  prepareJacobian,
  reverse,
} from '@pullback/engine';
import { simulateNoCodeGeneration } from '../../src/staging/code-generation.js';

afterEach(() => simulateNoCodeGeneration(false));

/**
 * Nine `sin`s per outer repetition: more than the search's candidate periods, so the inner loop
 * rolls in the first pass and the outer one in the second, after `x[0..2]` rolled and renamed `u`'s start.
 */
const nested = (x: RealArray): Real => {
  let u: Real = at(x, 2);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 9; j++) u = sin(u);
    u = mul(u, at(x, 0));
  }
  return u;
};

/** The counterexample as found: the generated code read an id no longer defined. */
const twoOutputs = (x: RealArray): Real[] => {
  let v0: Real = at(x, 2);
  let v1: Real = at(x, 0);
  let v2: Real = v0;
  for (let i = 0; i < 2; i++) {
    let v3: Real = v0;
    for (let j = 0; j < 2; j++) {
      v0 = add(v0, tanh(v0));
      v0 = add(v0, tanh(v0));
      v3 = add(v3, tanh(v0));
    }
    v0 = add(v0, tanh(v0));
    v1 = add(v1, tanh(v0));
    v2 = add(v2, tanh(v0));
  }
  return [v0, v2];
};

// Both sides run the same operations in the same order: 1e-12 of the largest magnitude is rounding.
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * scale);
};

const entry = fc.double({ min: -1.5, max: 1.5, noNaN: true });
const point = fc.array(entry, { minLength: 6, maxLength: 6 });
const zeros = (): number[] => [0, 0, 0, 0, 0, 0];

describe('a nested loop read after an earlier run was rolled and renamed', () => {
  test.prop([point])('gradient, prepared and first called at zeros', (x) => {
    const p = prepareGradient(nested, reverse(), zeros());
    p.gradient(zeros());
    closeTo(
      p.gradient(x) as number[],
      gradient(nested, reverse({ compile: false }), x) as number[],
    );
    expect(p.compilation.compiled).toBe(true);
  });

  for (const interpreted of [false, true]) {
    it(`forward Jacobian of two carried values (${interpreted ? 'interpreted' : 'generated code'})`, () => {
      simulateNoCodeGeneration(interpreted);
      const p = prepareJacobian(twoOutputs, forward(), zeros());
      p.jacobian(zeros());
      const x = [0.3, -0.2, 0.7, 1.1, -0.4, 0.5];
      closeTo(p.jacobian(x).data, jacobian(twoOutputs, forward({ compile: false }), x).data);
      expect(p.compilation).toMatchObject({
        compiled: true,
        engine: interpreted ? 'interpreted' : 'generated',
      });
    });
  }
});
