import { describe, expect, it } from 'vitest';
import { test as fcTest, fc } from '@fast-check/vitest';
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  concat,
  det,
  gt,
  ifElse,
  logsumexp,
  lt,
  mul,
  sin,
  slice,
  softmax,
  square,
  sum,
} from '@pullback/rules-core/math';
import {
  forward,
  hessian,
  jacobian,
  prepareHessian,
  prepareJacobian,
  reverse,
  sparse,
  toDense,
  type FallbackEvent,
} from '@pullback/engine';
import { detectHessian, detectJacobian } from '../src/sparsity/detect.js';
import { expectClose } from './helpers.js';

// Issue 11, item 7: the tracer's pattern holds only where f takes the branches it took at
// detection. A prepared sparse Jacobian or Hessian reused at a point on the other side of a
// branch must detect again, never return the old columns. Compressed products with the right
// pattern are exact up to round-off in the products themselves, so 1e-14 relative is ample.
// The global detector (the default) unions both sides of an ifElse and refuses a primal() read
// (sparse() then detects locally, reported); the local detector keeps the side taken and is
// checked at every new point: both are tested.

const local = { operator: 'test', detector: 'local' } as const;
const global = { operator: 'test', detector: 'global' } as const;

const x0 = (x: RealArray): Real => at(x, 0);
const x1 = (x: RealArray): Real => at(x, 1);
const x2 = (x: RealArray): Real => at(x, 2);

/** A branch written with ifElse and comparisons: output 0 depends on {1, 2} or on {0}. */
const jacobianIfElse = (x: RealArray): Real[] => [
  ifElse(gt(x0(x), 0), mul(x1(x), x2(x)), sin(x0(x))),
  ifElse(lt(x1(x), 0), x0(x), square(x2(x))),
  add(x2(x), 1),
];

/** The same with JavaScript control flow on primal(). */
const jacobianPrimal = (x: RealArray): Real[] =>
  (primal(x0(x)) as number) > 0
    ? [mul(x1(x), x2(x)), x0(x), add(x2(x), 1)]
    : [sin(x0(x)), square(x2(x)), add(x2(x), 1)];

/** Scalar functions whose Hessian pattern changes with the sign of x₀. */
const hessianIfElse = (x: RealArray): Real =>
  add(ifElse(gt(x0(x), 0), mul(x1(x), x2(x)), mul(square(x0(x)), x1(x))), sum(square(x)));
const hessianPrimal = (x: RealArray): Real =>
  add(
    (primal(x0(x)) as number) > 0 ? mul(x1(x), x2(x)) : mul(square(x0(x)), x1(x)),
    sum(square(x)),
  );

/** Points on either side of both branches (x₀ and x₁ of either sign, away from 0). */
const points = fc.array(
  fc.tuple(
    fc.double({ min: 0.1, max: 2, noNaN: true }),
    fc.boolean(),
    fc.double({ min: -2, max: 2, noNaN: true }),
    fc.boolean(),
    fc.double({ min: -2, max: 2, noNaN: true }),
  ),
  { minLength: 2, maxLength: 6 },
);
const toPoint = ([a, sa, b, sb, c]: [number, boolean, number, boolean, number]): Float64Array =>
  Float64Array.from([sa ? a : -a, sb ? Math.abs(b) + 0.1 : -Math.abs(b) - 0.1, c]);

const jacobianBackends = [
  sparse(forward()),
  sparse(reverse()),
  sparse(forward(), { detector: 'local' }),
  sparse(reverse(), { detector: 'local' }),
];
const hessianBackends = jacobianBackends;

describe('prepared sparse Jacobians and Hessians across branches', () => {
  for (const [name, f] of [
    ['ifElse', jacobianIfElse],
    ['primal()', jacobianPrimal],
  ] as const) {
    fcTest.prop([points], { numRuns: 15 })(
      `Jacobian with a ${name} branch equals the dense one at every point (forward and reverse)`,
      (raw) => {
        const xs = raw.map(toPoint);
        for (const backend of jacobianBackends) {
          const p = prepareJacobian(f, backend, xs[0]);
          for (const x of xs) {
            const dense = Array.from(jacobian(f, forward(), x).data);
            expectClose(toDense(p.jacobian(x)).data, dense, 1e-14, 1e-14);
          }
        }
      },
    );
  }

  for (const [name, f] of [
    ['ifElse', hessianIfElse],
    ['primal()', hessianPrimal],
  ] as const) {
    fcTest.prop([points], { numRuns: 10 })(
      `Hessian with a ${name} branch equals the dense one at every point (forward and reverse)`,
      (raw) => {
        const xs = raw.map(toPoint);
        for (const backend of hessianBackends) {
          const p = prepareHessian(f, backend, xs[0]);
          for (const x of xs) {
            const dense = Array.from(hessian(f, reverse(), x).data);
            expectClose(toDense(p.hessian(x)).data, dense, 1e-14, 1e-14);
          }
        }
      },
    );
  }

  it('detects again only when an outcome changes, and says so once', () => {
    const events: FallbackEvent[] = [];
    const p = prepareJacobian(
      jacobianIfElse,
      sparse(forward(), { detector: 'local', onFallback: (e) => events.push(e) }),
      [1, 1, 1],
    );
    p.jacobian([2, 3, -1]);
    p.jacobian([0.5, 0.1, 4]);
    expect(events).toEqual([]);
    p.jacobian([-1, 1, 1]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ mode: 'sparsity', replacement: 'sparsity detection again' });
    expect(events[0].reason).toMatch(
      /a branch of f changed: gt gave false where it gave true at detection/,
    );
    // The new pattern is kept: the other side of the branch is checked, not detected, from now on.
    expect(p.diagnostics).toHaveLength(1);
  });

  it('keeps the pattern of a function that takes no branch, with no replay at all', () => {
    const rosenbrock = (x: RealArray): Real =>
      add(mul(100, square(add(x1(x), mul(-1, square(x0(x)))))), square(add(1, mul(-1, x0(x)))));
    expect(detectHessian(rosenbrock, [0.3, 0.2], [], local).record.empty).toBe(true);
    expect(detectJacobian(jacobianIfElse, [1, 1, 1], [], local).record.empty).toBe(false);
    expect(detectJacobian(jacobianIfElse, [1, 1, 1], [], global).record.empty).toBe(true);
    const p = prepareHessian(rosenbrock, sparse(reverse()), [0.3, 0.2]);
    expectClose(
      toDense(p.hessian([-1, 2])).data,
      Array.from(hessian(rosenbrock, reverse(), [-1, 2]).data),
      1e-14,
    );
    expect(p.diagnostics).toEqual([]);
  });

  it('softmax, logsumexp and det read values only for numerics: no branch, no detection again', () => {
    const f = (x: RealArray): RealArray =>
      concat(softmax(slice(x, 0, 2)), logsumexp(x), det({ rows: 2, cols: 2, data: x }));
    const d = detectJacobian(f, [0.5, -0.2, 0.3, 0.9], [], local);
    expect(d.record.empty).toBe(true);
    expect(Array.from(d.pattern.rowPtr)).toEqual([0, 2, 4, 8, 12]);
    expect(Array.from(d.pattern.colIdx)).toEqual([0, 1, 0, 1, 0, 1, 2, 3, 0, 1, 2, 3]);
    const p = prepareJacobian(f, sparse(forward()), [0.5, -0.2, 0.3, 0.9]);
    const y = [-1, 2, 0.25, 0.5];
    expectClose(toDense(p.jacobian(y)).data, Array.from(jacobian(f, forward(), y).data), 1e-14);
    expect(p.diagnostics).toEqual([]);
  });

  it('a primal() read falls back to local detection and is detected again at a new point, even under fallback: error', () => {
    const p = prepareJacobian(jacobianPrimal, sparse(reverse(), { fallback: 'error' }), [1, 1, 1]);
    expectClose(
      toDense(p.jacobian([-1, 1, 1])).data,
      Array.from(jacobian(jacobianPrimal, forward(), [-1, 1, 1]).data),
      1e-14,
    );
    expect(p.diagnostics).toHaveLength(2);
    expect(p.diagnostics[0]).toMatchObject({
      replacement: 'local sparsity detection',
      lintRule: '@pullback/prefer-ifelse-when-prepared',
      functionName: 'jacobianPrimal',
    });
    expect(p.diagnostics[0].reason).toMatch(/jacobianPrimal reads a traced value with primal\(\)/);
    expect(p.diagnostics[1].lintRule).toBe('@pullback/prefer-ifelse-when-prepared');
    expect(p.diagnostics[1].reason).toMatch(/reads a value with primal\(\)/);
  });

  it('extra arguments that change (or change in place) are a reason to detect again', () => {
    const f = (x: RealArray, flags: boolean[]): Real[] =>
      flags[0] ? [mul(x0(x), x1(x)), x2(x)] : [x2(x), sin(x0(x))];
    const flags = [true];
    const p = prepareJacobian(f, sparse(forward()), [1, 2, 3], flags);
    const expected = (x: number[], fl: boolean[]): number[] =>
      Array.from(jacobian(f, forward(), x, fl).data);
    const at = (x: number[], ...rest: [] | [boolean[]]): number[] =>
      Array.from(toDense(p.jacobian(x, ...rest)).data);
    expectClose(at([1, 2, 3], [false]), expected([1, 2, 3], [false]), 1e-14);
    flags[0] = false;
    expectClose(at([1, 2, 3]), expected([1, 2, 3], [false]), 1e-14);
    flags[0] = true;
    expectClose(at([1, 2, 3]), expected([1, 2, 3], [true]), 1e-14);
    expect(p.diagnostics.map((e) => e.reason)).toEqual([
      expect.stringMatching(/the extra arguments differ from those at detection/),
    ]);
  });
});
