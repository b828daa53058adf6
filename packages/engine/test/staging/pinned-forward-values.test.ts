import { describe, expect, it } from 'vitest';
import type { RealArray } from '@pullback/rules-core';
import {
  forward,
  prepareGradient,
  preparePullback,
  preparePushforward,
  reverse,
  tangents,
} from '@pullback/engine';
import { expectClose, flat } from '../helpers.js';
import { expectRatioBelow } from '../cost.js';
import { heavyGradient, heavyWholeArray } from '../fixtures/rosenbrock.js';

// Issue 13's scalar-heavy function written with whole-array operations: one fused loop whose
// reverse sweep recomputes 20 rounds of sin and cos per element, and reads them only inside the
// adjoints' zero tests. Unpinned, TurboFan copied each chain of the forward sweep into every
// test that reads it (pin-forward-values.ts): 17–36x the hand-written gradient at n = 100 in a
// benchmark, 6–8x here (fastest of 20 rounds).
const inner = 20;
const f = (x: RealArray) => heavyWholeArray(x, inner);
const n = 100;
const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i));

/**
 * Runs both sides for a second first: on a busy machine TurboFan took hundreds of milliseconds
 * to optimize a kernel, and a cost measured before that is the unoptimized code's.
 */
function warm(...fns: (() => unknown)[]): void {
  for (const end = performance.now() + 1000; performance.now() < end;) fns.forEach((fn) => fn());
}

describe('forward values read only behind zero tests are computed once', () => {
  it('the derivative-only kernel pins the last value of the forward sweep, once per iteration', () => {
    const p = prepareGradient(f, reverse(), x);
    p.gradient(x);
    const pins = p.source()?.match(/PIN\[0\] = [^;]*;/g) ?? [];
    // exp(-0.1 v): every other value the adjoint code reads is computed on the way to it.
    expect(pins).toHaveLength(1);
    expect(pins[0]).toMatch(/^PIN\[0\] = v\d+;$/);
  });

  it('pinning leaves the gradient as the hand-written one (and the eager engine) has it', () => {
    const p = prepareGradient(f, reverse(), x);
    // Both compute the same products in another order: a few ulps per round.
    expectClose(p.gradient(x), flat(heavyGradient(x, inner)), 1e-12);
    const eager = prepareGradient(f, reverse({ compile: false }), x);
    expectClose(p.gradient(x), flat(eager.gradient(x)), 1e-12);
  });

  it('the prepared gradient costs at most 3x the hand-written one (n = 100)', () => {
    const p = prepareGradient(f, reverse(), x);
    expect(p.compilation.compiled).toBe(true);
    const measured = () => p.gradient(x);
    const baseline = () => heavyGradient(x, inner);
    warm(measured, baseline);
    // Fastest of 20 interleaved rounds: measured 1.1–1.2x (7.8x unpinned).
    expectRatioBelow(measured, baseline, 3);
  });

  it('so does the prepared pullback, whose kernel also writes the value (n = 100)', () => {
    const p = preparePullback(f, reverse(), x);
    // The value is written after the forward sweep, but the reverse sweep recomputes its
    // values and reads them behind zero tests: measured 1.8x (6.3x unpinned).
    const measured = () => p.pullback(x, 1);
    const baseline = () => heavyGradient(x, inner);
    warm(measured, baseline);
    expectRatioBelow(measured, baseline, 3);
  });
});

describe('partials that several lanes read behind zero tests are computed once', () => {
  const lanes = 8;
  const directions = Array.from({ length: lanes }, (_, l) =>
    Float64Array.from({ length: n }, (_, i) => Math.cos(i + l)),
  );
  it('8 lanes cost at most 3.2x one lane (scalar-heavy pushforward, 5 rounds, n = 100)', () => {
    // Five rounds, not twenty: TurboFan took a second to optimize the 8-lane kernel of twenty
    // (75 kB of code) on a busy machine, and the cost per lane is the same.
    const g = (v: RealArray) => heavyWholeArray(v, 5);
    const one = preparePushforward(g, forward(), x);
    const wide = preparePushforward(g, forward({ chunkSize: lanes }), x);
    const batch = tangents(...directions);
    const measured = () => wide.pushforward(x, batch);
    const baseline = () => one.pushforward(x, directions[0]);
    warm(measured, baseline);
    // The values' sines and cosines are shared by the lanes, their partials' too once pinned:
    // measured 1.6–2.9x (3.5–4.7x when each lane computed the partials).
    expectRatioBelow(measured, baseline, 3.2);
  });
});
