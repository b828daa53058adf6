import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, square, sum } from '@pullback/rules-core/math';
import { gradient, prepareGradient, reverse } from '@pullback/engine';
import { SPARE_TAPE_IDLE_MS } from '../src/interpreters/pass-context.js';
import { simulateNoCodeGeneration } from '../src/staging/code-generation.js';

/**
 * Issue 11, item 18: after a gradient of a large input, the tape kept for the next call held
 * hundreds of megabytes and a reference to the caller's `x` for the life of the process. A
 * finished call now drops every reference it recorded at once, and a spare tape over 16 MB is
 * dropped once no call has used it for a second (calls in a loop keep reusing it).
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage once the current job is over (WeakRefs are kept alive until then). */
async function collect(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  gc();
}

const wholeArray = (x: RealArray): Real => sum(square(x));
const scalarLoop = (x: RealArray): Real => {
  let s: Real = 0;
  for (let i = 0; i < x.length; i++) s = add(s, mul(at(x, i), at(x, i)));
  return s;
};

/** Waits until an oversized spare tape has been dropped. */
const idle = () => new Promise((resolve) => setTimeout(resolve, SPARE_TAPE_IDLE_MS + 200));

/** The most a finished call may leave allocated: the 16 MB cap on the spare tape, plus slack. */
const KEPT = 17 * 2 ** 20;

describe('memory kept after an operator call', () => {
  it.each([
    ['a scalar loop over 3e5 inputs', scalarLoop, 3e5],
    ['whole-array operations on 2e6 inputs', wholeArray, 2e6],
  ] as const)('%s: at most the capped spare tape, and no reference to x', async (_n, f, n) => {
    await collect();
    const before = process.memoryUsage().arrayBuffers;
    // x lives only in this function: once it returns, nothing of the caller's holds x.
    const ref = ((): WeakRef<Float64Array> => {
      const x = new Float64Array(n).fill(0.5);
      expect(gradient(f, reverse(), x)[0]).toBe(1);
      return new WeakRef(x);
    })();
    await collect();
    expect(ref.deref()).toBeUndefined();
    await idle();
    await collect();
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(KEPT);
  });

  it('a prepared gradient keeps its buffers but no reference to the last x', async () => {
    const p = prepareGradient(wholeArray, reverse(), new Float64Array(1e5));
    const ref = ((): WeakRef<Float64Array> => {
      const x = new Float64Array(1e5).fill(2);
      expect(p.gradient(x)[0]).toBe(4);
      return new WeakRef(x);
    })();
    await collect();
    expect(ref.deref()).toBeUndefined();
    expect(p.gradient(new Float64Array(1e5).fill(1))[1]).toBe(2);
  });

  it('so does one running on the interpreter (where code cannot be generated)', async () => {
    simulateNoCodeGeneration(true);
    try {
      const p = prepareGradient(wholeArray, reverse(), new Float64Array(1e5));
      const ref = ((): WeakRef<Float64Array> => {
        const x = new Float64Array(1e5).fill(2);
        expect(p.gradient(x)[0]).toBe(4);
        return new WeakRef(x);
      })();
      expect(p.compilation.engine).toBe('interpreted');
      await collect();
      expect(ref.deref()).toBeUndefined();
      expect(p.gradient(new Float64Array(1e5).fill(1))[1]).toBe(2);
    } finally {
      simulateNoCodeGeneration(false);
    }
  });
});
