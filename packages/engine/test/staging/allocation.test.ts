import { afterEach, describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, map2, mul, slice, square, sub, sum } from '@pullback/rules-core/math';
import {
  forward,
  gradient,
  hvp,
  pullback,
  pushforward,
  reverse,
  secondOrder,
} from '@pullback/engine';
import { CompiledPath } from '../../src/staging/compiled-path.js';
import type { CompiledOperators } from '../../src/staging/compiled-operators.js';
import { limitGeneratedSource } from '../../src/staging/kernels.js';
import { beyondResult, leastOfThree } from '../allocation-harness.js';
import { rosenbrockArray, rosenbrockLoop } from '../fixtures/rosenbrock.js';

// Issue 13: a compiled prepared call allocates nothing beyond the result it returns, measured
// by the harness in ../allocation-harness.ts (a budget of 8 bytes per call is "nothing"), here at
// `CompiledPath`, below the operator layer (test/prepared-allocation.test.ts holds the public
// prepared calls to the same budget).
//
// The interpreter is held to less: nothing per block of iterations or per element, which at
// n = 5200 (11 blocks of 512) would be over 11 · 12 bytes. Its few top-level scalar statements
// may box a number each where V8 does not inline the primitive switch (it returns a double from
// a call as a heap number; under vitest's module transform it does not inline it): under 64.

const term = (a: Real, b: Real): Real =>
  add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));
const viaMap2 = (x: RealArray): Real =>
  sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));
/** An extra argument that is data, read when the compiled code runs. */
const weighted = (x: RealArray, w: RealArray): Real =>
  sum(mul(slice(w, 0, x.length), square(sub(x, 1))));

/** Inputs of length `n`: the point, a direction and the data argument. */
const inputs = (n: number) => ({
  x: Float64Array.from({ length: n }, (_, i) => 0.5 + 0.3 * Math.sin(i)),
  v: Float64Array.from({ length: n }, (_, i) => Math.cos(i)),
  w: Float64Array.from({ length: n }, (_, i) => 1 + i / n),
});
const small = inputs(100);
const large = inputs(5200);
const noRules = (): never => {
  throw new Error('these functions call no rules');
};

type Fn = (x: RealArray, ...rest: RealArray[]) => Real;
const functions = (w: RealArray): readonly (readonly [string, Fn, readonly RealArray[]])[] => [
  ['scalar loop', rosenbrockLoop, []],
  ['whole-array', rosenbrockArray, []],
  ['map2 + sum', viaMap2, []],
  ['a data argument', weighted, [w]],
];
type Inputs = ReturnType<typeof inputs>;

/** Each operator: the eager answer (for the first call's check) and the compiled call. */
const operators: readonly (readonly [
  string,
  (f: Fn, rest: readonly RealArray[], at: Inputs) => unknown,
  (ops: CompiledOperators, rest: readonly RealArray[], at: Inputs) => unknown,
])[] = [
  [
    'gradient',
    (f, r, { x }) => gradient(f, reverse(), x, ...r),
    (ops, r, { x }) => ops.gradient(x, r),
  ],
  [
    'valueAndGradient',
    (f, r, { x }) => [f(x, ...r), gradient(f, reverse(), x, ...r)],
    (ops, r, { x }) => ops.valueAndGradient(x, r),
  ],
  [
    'valueAndPullback',
    (f, r, { x }) => [f(x, ...r), pullback(f, reverse(), x, 1.5, ...r)],
    (ops, r, { x }) => ops.valueAndPullback(x, 1.5, r),
  ],
  [
    'valueAndPushforward',
    (f, r, { x, v }) => [f(x, ...r), pushforward(f, forward(), x, v, ...r)],
    (ops, r, { x, v }) => ops.valueAndPushforward(x, v, r),
  ],
  [
    'hvp',
    (f, r, { x, v }) => hvp(f, secondOrder(forward(), reverse()), x, v, ...r),
    (ops, r, { x, v }) => ops.hvp(x, v, r),
  ],
  [
    'gradientAndHvp',
    (f, r, { x, v }) => [
      gradient(f, reverse(), x, ...r),
      hvp(f, secondOrder(forward(), reverse()), x, v, ...r),
    ],
    (ops, r, { x, v }) => ops.gradientAndHvp(x, v, r),
  ],
];

afterEach(() => limitGeneratedSource(undefined));

describe('the harness', () => {
  it('sees nothing beyond a result, and one small array dropped per call', () => {
    expect(beyondResult(() => new Float64Array(100))).toBeLessThan(8);
    let dropped: unknown;
    const dropping = (): Float64Array => {
      const r = new Float64Array(100);
      dropped = [r];
      return r;
    };
    // The most of up to three measurements: on a loaded machine one window in a run has read
    // 8 bytes for this array dropped per call (cause not pinned down), as the
    // budgets below take the least of three for the opposite noise.
    let seen = 0;
    for (let k = 0; k < 3 && seen < 16; k++) seen = Math.max(seen, beyondResult(dropping));
    expect(seen).toBeGreaterThanOrEqual(16);
    expect(dropped).toBeDefined();
  });
});

// The interpreter runs loops of sums in blocks over typed-array registers, which allocate
// nothing per call, in reverse and in forward mode (lanes). Loops it runs iteration by iteration
// (forward over reverse, recurrences) call a function per element and primitive, and V8 returns
// a double from a call it does not inline as a new heap number: those allocate per element, and
// are not held to this.
const blocked = new Set([
  'gradient',
  'valueAndGradient',
  'valueAndPullback',
  'valueAndPushforward',
]);

for (const engine of ['generated', 'interpreted'] as const) {
  const at = engine === 'generated' ? small : large;
  const budget = engine === 'generated' ? 8 : 64;
  describe(`a compiled prepared call (${engine}) allocates only its result`, () => {
    for (const [name, f, rest] of functions(at.w)) {
      for (const [op, eager, compiled] of operators) {
        if (engine === 'interpreted' && !blocked.has(op)) continue;
        it(`${op}, ${name}`, () => {
          if (engine === 'interpreted') limitGeneratedSource(0);
          const path = new CompiledPath(f as never, at.x, rest, noRules, undefined);
          const call = (ops: CompiledOperators): unknown => compiled(ops, rest, at);
          const answer = (): unknown => eager(f, rest, at);
          const run = (): unknown => path.run(at.x, rest, call, answer);
          run();
          expect(path.compilation).toMatchObject({ compiled: true, engine });
          expect(leastOfThree(() => beyondResult(run, at.x.length), budget)).toBeLessThan(budget);
        });
      }
    }
  });
}
