import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { differentiable, type RealArray } from '@pullback/rules-core';
import { gradient, reverse } from '@pullback/engine';
import { expectClose, flat } from './helpers.js';
import { integrator } from './fixtures/euler.js';

/**
 * Issue 17: checkpointing an ODE integrator of 1e4 Euler steps over a 100-dimensional state in
 * √steps segments of √steps steps (nested checkpoints) keeps O(√steps) states instead of
 * O(steps). Peak memory is sampled after a forced collection every few hundred steps (the
 * recomputations in the sweep included) and at the end of the sweep, where the unchecked
 * gradient's tape and adjoints are all alive.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('memory of a checkpointed gradient (1e4 Euler steps over 100 states)', () => {
  it(
    'nested checkpoints keep at most 1/10 of the peak memory, same gradient to 1e-12',
    { timeout: 120_000 },
    () => {
      const steps = 1e4;
      const x0 = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
      // Compiled code and type feedback count as heap: both paths are warmed up before measuring.
      for (const how of ['plain', 'nested'] as const) gradient(integrator(100, how), reverse(), x0);
      /** Peak live heap plus ArrayBuffers over samples taken every `every` steps (after a collection). */
      function peak(how: 'plain' | 'nested', every: number): { bytes: number; grad: Float64Array } {
        gc();
        gc();
        const base = live();
        let max = 0;
        let k = 0;
        const sample = () => {
          // The second collection waits for the first one's ArrayBuffer sweeping to finish.
          gc();
          gc();
          max = Math.max(max, live() - base);
        };
        const f = integrator(steps, how, () => {
          if (++k % every === 0) sample();
        });
        // The sweep's end is the unchecked gradient's peak (its tape and adjoints all alive).
        const probe = differentiable((x: RealArray) => x, {
          rrule: ([x]: [RealArray]) => [x, (dy) => (sample(), [dy])],
        });
        const grad = gradient((x: RealArray) => f(probe(x)), reverse(), x0) as Float64Array;
        return { bytes: max, grad };
      }
      // A collection over the unchecked gradient's large heap takes long: it is sampled less often
      // (its memory only grows until the sweep, whose end the probe samples).
      const nested = peak('nested', 1000);
      const plain = peak('plain', 2500);
      const scale = Math.max(...flat(plain.grad).map(Math.abs));
      expectClose(nested.grad, flat(plain.grad), 1e-12, 1e-12 * scale);
      // Measured: unchecked 121 MB, nested checkpoints 1.0 MB (ratio 0.008).
      expect(nested.bytes).toBeLessThan(plain.bytes / 10);
    },
  );
});

function live(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
