/**
 * What preparing a long trace costs: a scalar loop traces to one statement per operation per
 * iteration, and compiled preparation keeps only the loop it re-rolls to. Before, a prepared
 * object held the whole trace (a statement object and an operand array per operation: about
 * 80 MB for the loop below) for as long as it lived, and tracing spent most of its time making
 * and collecting those objects. The time to prepare stays linear in the traced operations.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { scalarRule, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, div, exp, map2, mul, sub, sum } from '@pullback/rules-core/math';
import { gradient, prepareGradient, reverse } from '@pullback/engine';
import { expectRatioBelow } from '../cost.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage once the current job is over. */
async function collect(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  gc();
}

const scalarLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) s = add(s, mul(at(x, i), at(x, i)));
  return s;
};

describe('preparing a long trace', () => {
  it('a prepared scalar loop keeps its re-rolled program, not its trace', async () => {
    const n = 2e5;
    await collect();
    const before = process.memoryUsage().heapUsed;
    const p = prepareGradient(scalarLoop, reverse(), new Float64Array(n).fill(0.5));
    expect(p.gradient(new Float64Array(n).fill(2))[7]).toBe(4);
    await collect();
    const kept = process.memoryUsage().heapUsed - before;
    expect(p.compilation).toMatchObject({ compiled: true, operations: 4 * n + 1 });
    // Its kernels' buffers are typed arrays, outside the heap; a trace as objects is 80 MB.
    expect(kept).toBeLessThan(8 * 2 ** 20);
  });

  it('takes time linear in the traced operations (4x the iterations, under 8x the time)', () => {
    const small = new Float64Array(2e4).fill(0.5);
    const large = new Float64Array(8e4).fill(0.5);
    expectRatioBelow(
      () => prepareGradient(scalarLoop, reverse(), large),
      () => prepareGradient(scalarLoop, reverse(), small),
      8,
      { rounds: 5, warmup: 2 },
    );
  });
});

/** A scalar rule (log-sum-exp of two numbers), called inside a map2 kernel. */
const logSumExp = scalarRule(
  (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b)),
  (a: Real, b: Real, y: Real) => [exp(sub(a, y)), exp(sub(b, y))],
);

describe('values at the traced point, computed from the trace', () => {
  // The tracer computes a map kernel's values from its straight-line record, and whole-array
  // primitives with typed loops; the first call checks them against the eager engine, and
  // the values must be exactly the eager ones.
  const x = Float64Array.from({ length: 2500 }, (_, i) => Math.sin(i) + 0.1 * (i % 7));
  const f = (v: RealArray): Real => {
    const a = map2((p: Real, q: Real) => add(mul(logSumExp(p, q), q), 3), v, 0.25);
    return sum(div(sub(a, 0.5), add(mul(v, v), 2)));
  };
  it('a kernel calling a scalar rule, with a broadcast argument, compiles to the eager values', () => {
    const p = prepareGradient(f, reverse(), x);
    const [value, g] = p.valueAndGradient(x) as [number, Float64Array];
    expect(p.compilation.compiled).toBe(true);
    const eager = prepareGradient(f, reverse({ compile: false }), x).valueAndGradient(x) as [
      number,
      Float64Array,
    ];
    // The value is computed in the same order; the gradient's sums may add in another order.
    expect(value).toBe(eager[0]);
    g.forEach((gi, i) => expect(Math.abs(gi - eager[1][i])).toBeLessThan(1e-12));
  });

  it('-0 and 0 stay two constants', () => {
    const h = (v: RealArray): Real[] => [div(at(v, 0), 0), div(at(v, 0), -0)];
    const p = prepareGradient((v: RealArray) => sum(h(v) as never), reverse(), x);
    expect(p.compilation.compiled).toBe(true);
    // +Infinity + -Infinity: NaN (one constant for both would give +Infinity).
    expect(p.valueAndGradient(x)[0]).toBeNaN();
    expect(gradient((v: RealArray) => sum(h(v) as never), reverse(), x)[0]).toBeNaN();
  });
});
