import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RealArray } from '@pullback/rules-core';
import { mul, slice, square, sum } from '@pullback/rules-core/math';

/**
 * Issue 11, item 19: a forward-mode gradient costs one pass per chunk of inputs, so with very
 * many inputs it is O(n²/chunk) where reverse mode is one sweep. `auto()` never chooses forward
 * mode for a gradient; an explicit `forward()` with more than 100 passes warns once per process
 * (a process warning with code PULLBACK_FORWARD_MANY_INPUTS: nothing fell back, the result is
 * exact, so it is advice and not a fallback event).
 */

const warnings: Error[] = [];
const listen = (w: Error) => warnings.push(w);
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', listen);
  // Each test loads the engine afresh: the warning is given once per process (per module).
  vi.resetModules();
});
afterEach(() => {
  process.off('warning', listen);
});

/** Process warnings are emitted on the next tick. */
const ticked = () => new Promise((resolve) => setTimeout(resolve, 10));
const ours = () =>
  warnings.filter((w) => (w as Error & { code?: string }).code === 'PULLBACK_FORWARD_MANY_INPUTS');

const f = (x: RealArray) => sum(square(x));
/** 1201 inputs in chunks of 12: 101 forward passes, just over the threshold. */
const many = () => new Float64Array(1201).fill(0.5);

describe('gradients of many inputs', () => {
  it('auto() chooses reverse mode and says so, without a warning', async () => {
    const { auto, gradient, prepareGradient } = await import('@pullback/engine');
    expect(prepareGradient(f, auto(), many()).explain()).toMatch(/auto\(\) chose reverse mode/);
    expect(gradient(f, auto(), many())[0]).toBe(1);
    await ticked();
    expect(ours()).toEqual([]);
  });

  // 101 forward passes of 1201 inputs: well under a second, more on a loaded machine.
  it(
    'an explicit forward() warns once, naming the operator, the passes and the fix',
    {
      timeout: 30_000,
    },
    async () => {
      const { forward, gradient, prepareGradient } = await import('@pullback/engine');
      expect(gradient(f, forward({ chunkSize: 1 }), new Float64Array(100).fill(0.5))[0]).toBe(1);
      await ticked();
      expect(ours()).toEqual([]);
      expect(gradient(f, forward(), many())[0]).toBe(1);
      prepareGradient(f, forward(), many());
      await ticked();
      expect(ours()).toHaveLength(1);
      expect(ours()[0].message).toMatch(
        /^gradient with forward\(\) runs f 101 times \(1201 inputs in chunks of 12\).*reverse\(\) needs one reverse sweep/,
      );
    },
  );

  it('a chunk size of its own counts passes with it', async () => {
    const { forward, gradient } = await import('@pullback/engine');
    gradient(f, forward({ chunkSize: 1 }), new Float64Array(101));
    await ticked();
    expect(ours()).toHaveLength(1);
    expect(ours()[0].message).toMatch(/runs f 101 times \(101 inputs in chunks of 1\)/);
  });
});

describe('Jacobians of many inputs', () => {
  it(
    'forward() warns only when reverse mode would need fewer sweeps',
    { timeout: 30_000 },
    async () => {
      const { forward, jacobian } = await import('@pullback/engine');
      // As many outputs as inputs: forward mode is the right choice, no warning.
      jacobian((x: RealArray) => mul(x, 2), forward(), new Float64Array(1201));
      await ticked();
      expect(ours()).toEqual([]);
      jacobian((x: RealArray) => sum(slice(x, 0, 3)), forward(), new Float64Array(1201));
      await ticked();
      expect(ours()).toHaveLength(1);
      expect(ours()[0].message).toMatch(/^jacobian with forward\(\) runs f 101 times/);
    },
  );
});
