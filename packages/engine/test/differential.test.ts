import { describe, expect } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import {
  auto,
  finiteDifferences,
  forward,
  prepareHessian,
  prepareJacobian,
  reverse,
  secondOrder,
  sparse,
  valueAndJacobian,
  valueGradientAndHessian,
  type Backend,
} from '@pullback/engine';
import {
  allFeatures,
  copyInput,
  jacobianFunction,
  marginAt,
  programCases,
  scalarFunction,
  show,
  type Program,
  type ProgramFeatures,
} from './programs/index.js';
import { denseData } from './helpers.js';

// Issue 11, "must show": random programs over the vocabulary, on structured inputs, with
// in-place writes into number[] inputs, through every backend and every second-order pair,
// agree with forward mode run on an unmutated copy of the input; and no backend changes the
// caller's input.
//
// Tolerances. AD backends compute the same products of partials, summed in other orders
// (reverse sweeps, chunked lanes, compressed colors, generated loops), so they differ from
// forward mode by a few ulps of the largest term; the programs keep every value within a few
// units (smooth bounded functions of inputs in [-1.6, 1.6]), so 1e-12 of max(|entry|, largest
// entry, 1) leaves a margin of 100 over that. Central differences with step h ≈ 6e-6·max(1, |x|)
// have truncation error ≈ h²/6·|f'''| ≈ 6e-12·|f'''| and round-off ≈ ε·|f|/h ≈ 4e-11·|f|, both
// far below 1e-6 for such programs; a point closer than MARGIN to a kink or branch of the
// program (where a stencil would straddle it) is not compared by differences at all.

const features: ProgramFeatures = allFeatures;

const fuzz = !(process.env.CI === 'true' || process.env.CI === '1');
/**
 * Under CI the two properties take ~5 s together on an idle 2-core machine (a second-order
 * sample is ~10x a first-order one); `npm run test:fuzz` runs ten times as many. The timeouts
 * allow for a machine shared by several jobs.
 */
const runs = { firstOrder: fuzz ? 400 : 40, secondOrder: fuzz ? 150 : 15 };
const timeout = fuzz ? 1_200_000 : 120_000;

const AD = 1e-12;
const FD = 1e-6;
/** Distance to a kink beyond which differences with h ≈ 1e-5 and slopes up to ~50 never straddle it. */
const MARGIN = 1e-3;

const firstOrder: readonly (readonly [string, Backend, number])[] = [
  ['forward({ chunkSize: 1 })', forward({ chunkSize: 1 }), AD],
  ['forward({ chunkSize: 2 })', forward({ chunkSize: 2 }), AD],
  ['forward({ chunkSize: 5 })', forward({ chunkSize: 5 }), AD],
  ['reverse()', reverse(), AD],
  ['auto()', auto(), AD],
  ['sparse(forward())', sparse(forward()), AD],
  ['sparse(reverse())', sparse(reverse()), AD],
  ['finiteDifferences()', finiteDifferences(), FD],
];

const prepared: readonly (readonly [string, Backend])[] = [
  ['forward()', forward()],
  ['reverse()', reverse()],
  ['sparse(forward())', sparse(forward())],
  ['sparse(reverse())', sparse(reverse())],
];

const F = forward();
const R = reverse();
const D = finiteDifferences();
const secondOrders: readonly (readonly [string, Backend, number])[] = [
  ['secondOrder(forward(), reverse())', secondOrder(F, R), AD],
  ['secondOrder(reverse(), forward())', secondOrder(R, F), AD],
  ['secondOrder(reverse(), reverse())', secondOrder(R, R), AD],
  ['forward()', F, AD],
  ['reverse()', R, AD],
  ['auto()', auto(), AD],
  ['sparse(forward())', sparse(F), AD],
  ['sparse(reverse())', sparse(R), AD],
  // Differences over an exact inner derivative, or exact derivatives of differences: one
  // level of differences, so FD's tolerance. Differences of differences are not compared.
  ['secondOrder(finiteDifferences(), forward())', secondOrder(D, F), FD],
  ['secondOrder(finiteDifferences(), reverse())', secondOrder(D, R), FD],
  ['secondOrder(forward(), finiteDifferences())', secondOrder(F, D), FD],
  ['secondOrder(reverse(), finiteDifferences())', secondOrder(R, D), FD],
];

/** A failure message that shows the program and the point. */
function context(program: Program, x: unknown, backend: string): string {
  return `${backend} at x = ${JSON.stringify(x, replacer)}\n${show(program)}`;
}
const replacer = (_: string, value: unknown): unknown =>
  value instanceof Float64Array ? { Float64Array: Array.from(value) } : value;

/** Flattens a result (numbers, arrays, typed arrays, objects, matrices' data) into numbers. */
function flat(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (x instanceof Float64Array) return Array.from(x);
  if (Array.isArray(x)) return x.flatMap(flat);
  if (typeof x === 'object' && x !== null) return Object.values(x).flatMap(flat);
  throw new Error(`not a number: ${String(x)}`);
}

/** |a − e| ≤ tol · max(|e|, max |expected|, 1) for every entry, else an error saying where. */
function agree(actual: unknown, expected: unknown, tol: number, what: string, where: string): void {
  const a = flat(actual);
  const e = flat(expected);
  if (a.length !== e.length) {
    throw new Error(`${what}: ${a.length} entries, expected ${e.length}; ${where}`);
  }
  const scale = e.reduce((m, x) => Math.max(m, Math.abs(x)), 1);
  e.forEach((ei, i) => {
    const ok = Math.abs(a[i] - ei) <= tol * Math.max(Math.abs(ei), scale);
    if (!ok) {
      throw new Error(
        `${what}[${i}] = ${a[i]}, forward mode gives ${ei} (tolerance ${tol} relative)\n` +
          `all: [${a.join(', ')}]\nexpected: [${e.join(', ')}]\n${where}`,
      );
    }
  });
}

/** Runs `op` on a copy of `x` and checks the copy is unchanged afterwards. */
function onCopy<T>(x: unknown, op: (copy: unknown) => T, where: string): T {
  const copy = copyInput(x);
  const result = op(copy);
  try {
    expect(copy).toEqual(x);
  } catch {
    throw new Error(`the caller's input was changed: ${JSON.stringify(copy, replacer)}; ${where}`);
  }
  return result;
}

describe('random programs agree with forward mode in every backend', () => {
  fcTest.prop([programCases(features)], { numRuns: runs.firstOrder })(
    'jacobians (values too), and prepared jacobians at a second point',
    ({ program, x, x2 }) => {
      const f = jacobianFunction(program);
      const [y0, J0] = valueAndJacobian(f, forward(), copyInput(x) as never);
      const smooth = marginAt(program, x) > MARGIN;
      for (const [name, backend, tol] of firstOrder) {
        if (tol === FD && !smooth) continue;
        const where = context(program, x, name);
        const [y, J] = onCopy(x, (c) => valueAndJacobian(f, backend, c as never), where);
        agree(y, y0, AD, 'value', where);
        agree(denseData(J), J0.data, tol, 'jacobian', where);
      }
      const J2 = valueAndJacobian(f, forward(), copyInput(x2) as never)[1];
      // Prepared at x, called at x2 (where branches may go the other way).
      for (const [name, backend] of prepared) {
        const where = context(program, x2, `prepareJacobian(f, ${name}, x).jacobian(x2)`);
        const p = prepareJacobian(f, backend, copyInput(x) as never);
        agree(
          denseData(onCopy(x2, (c) => p.jacobian(c as never), where)),
          J2.data,
          AD,
          'jacobian',
          where,
        );
      }
    },
    timeout,
  );

  fcTest.prop([programCases(features)], { numRuns: runs.secondOrder })(
    'hessians of the scalar program (gradients too), every second-order pair',
    ({ program, x, x2 }) => {
      const g = scalarFunction(program);
      const [, g0, H0] = valueGradientAndHessian(g, secondOrder(F, F), copyInput(x) as never);
      const smooth = marginAt(program, x) > MARGIN;
      for (const [name, backend, tol] of secondOrders) {
        if (tol === FD && !smooth) continue;
        const where = context(program, x, `hessian, ${name}`);
        const [, grad, H] = onCopy(
          x,
          (c) => valueGradientAndHessian(g, backend, c as never),
          where,
        );
        agree(grad, g0, tol, 'gradient', where);
        agree(denseData(H), H0.data, tol, 'hessian', where);
      }
      const H2 = valueGradientAndHessian(g, secondOrder(F, F), copyInput(x2) as never)[2];
      const where = context(program, x2, 'prepareHessian(g, sparse(reverse()), x).hessian(x2)');
      const p = prepareHessian(g, sparse(R), copyInput(x) as never);
      agree(
        denseData(onCopy(x2, (c) => p.hessian(c as never), where)),
        H2.data,
        AD,
        'hessian',
        where,
      );
    },
    timeout,
  );
});
