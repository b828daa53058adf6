import { afterEach, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import {
  add,
  at,
  div,
  dot,
  exp,
  map,
  max,
  mul,
  setAt,
  sin,
  slice,
  sqrt,
  square,
  sum,
  zerosLike,
} from '@pullback/rules-core/math';
import { forward, preparePushforward, pushforward, tangents, type Backend } from '@pullback/engine';
import { simulateNoCodeGeneration } from '../src/staging/code-generation.js';
import { expectClose, flat } from './helpers.js';
import { rosenbrockArray, rosenbrockMap2 } from './fixtures/rosenbrock.js';
import { expectRatioBelow } from './cost.js';

// A chunked forward pass over whole arrays keeps each operation's partials and computes the
// tangent lanes late, all lanes in one pass (forward/deferred-tangents.ts). Its arithmetic is
// the eager kernels' (0 + p₁·u₁ + p₂·u₂ in operand order, zero tangents skipped), so a batch
// must give what one single-direction pushforward per direction gives: compared to 1e-14
// relative, which allows no reordering of sums beyond the last bits.

afterEach(() => simulateNoCodeGeneration(false));

/** Every path: scalars broadcast as duals, sum of duals, negative slices, √ at 0, max, div. */
const mixed = (x: RealArray): unknown => {
  const s = sum(x);
  const y = exp(mul(0.1, x));
  const z = div(add(y, s), add(2, square(x)));
  const w = max(sin(z), mul(s, 0.01));
  // √(x²) at x = 0: an infinite partial, skipped where the tangent is 0.
  const r = sqrt(mul(x, x));
  return { total: sum(w), tail: slice(z, -3), scaled: mul(s, slice(w, 1, 4)), r };
};

/** One deferred array read at two offsets, and read again after its sum. */
const sharedOffsets = (x: RealArray): unknown => {
  const y = sin(x);
  const n = x.length;
  return [sum(mul(slice(y, 0, n - 1), slice(y, 1))), slice(y, 2), sum(y)];
};

/** More deferred operations than a chain may hold (MAX_DEFERRED): computed part way. */
const longChain = (x: RealArray): RealArray => {
  let y: RealArray = x;
  for (let k = 0; k < 50; k++) y = add(mul(0.9, y), mul(0.01, sin(y)));
  return y;
};

/** Element reads and writes on arrays whose lanes are deferred. */
const elements = (x: RealArray): unknown => {
  const y = zerosLike(x);
  const sq = mul(x, x);
  setAt(y, 0, mul(at(sq, x.length - 1), 3));
  return [sum(add(y, sq)), at(sq, 0), map((v: Real) => mul(v, v), sq)];
};

/** `dot` with deferred lanes on one side, both sides, and the same array twice. */
const dots = (x: RealArray): number[] | Real[] => {
  const y = sin(x);
  const weights = Float64Array.from({ length: x.length }, (_, i) => 1 + i / 7);
  return [dot(y, x), dot(weights, exp(y)), dot(mul(2, x), y), dot(y, y)];
};

const functions: [string, (x: RealArray) => unknown][] = [
  ['whole-array Rosenbrock', rosenbrockArray],
  ['map2 Rosenbrock', rosenbrockMap2],
  ['broadcast scalars, slices, √ at 0', mixed],
  ['one array read at two offsets', sharedOffsets],
  ['a long chain', longChain],
  ['at and setAt', elements],
  ['dot', dots],
];

/** Values near 1 with exact zeros mixed in (skipped tangents, infinite partials of √ at 0). */
const entry = fc.oneof(fc.constant(0), fc.double({ min: -1.5, max: 1.5, noNaN: true }));
/** Lengths across the 256-element blocks the lanes are computed in. */
const sized = (len: number) => fc.array(entry, { minLength: len, maxLength: len });
const problem = fc
  .constantFrom(1, 2, 9, 255, 257, 600)
  .chain((n) => fc.tuple(sized(n), fc.array(sized(n), { minLength: 8, maxLength: 8 })));

function expectSameAsSingles(
  f: (x: RealArray) => unknown,
  backend: Backend,
  x0: number[],
  ts0: number[][],
): void {
  const x = Float64Array.from(x0);
  const ts = ts0.map((t) => Float64Array.from(t));
  const batch = pushforward(f, backend, x, tangents(...ts));
  expect(batch).toHaveLength(ts.length);
  ts.forEach((t, k) => {
    const single = pushforward(f, forward(), x, t);
    expectClose(batch[k], flat(single), 1e-14, 0);
  });
}

describe.each(functions)('a batch of 8 directions through %s', (_name, f) => {
  test.prop([problem], { numRuns: 15 })(
    'equals 8 single-direction pushforwards (one chunk of 8)',
    ([x, ts]) => expectSameAsSingles(f, forward(), x, ts),
  );

  test.prop([problem], { numRuns: 5 })(
    'equals them with forward({ chunkSize: 3 }) (chunks of 3, 3 and 2)',
    ([x, ts]) => expectSameAsSingles(f, forward({ chunkSize: 3 }), x, ts),
  );

  test.prop([problem], { numRuns: 5 })(
    'equals them where code cannot be generated (plain loops)',
    ([x, ts]) => {
      simulateNoCodeGeneration(true);
      expectSameAsSingles(f, forward(), x, ts);
    },
  );
});

describe('deferred lanes are computed into fresh memory', () => {
  it("a slice's pushforwards are neither the caller's tangents nor each other", () => {
    const x = Float64Array.of(1, 2, 3, 4);
    const ts = [Float64Array.of(1, 0, 0, 0), Float64Array.of(0, 1, 0, 0)];
    const whole = pushforward((v: RealArray) => slice(v, 0), forward(), x, tangents(...ts));
    whole.forEach((t, k) => {
      expect(t).not.toBe(ts[k]);
      expect(flat(t)).toEqual(flat(ts[k]));
    });
    (whole[0] as Float64Array)[0] = 99;
    expect(ts[0][0]).toBe(1);
    expect(flat(whole[1])).toEqual([0, 1, 0, 0]);
  });
});

describe('cost of a batch over whole arrays', () => {
  const n = 1e4;
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + 1e-4 * i);
  const ts = Array.from({ length: 8 }, (_, k) =>
    Float64Array.from({ length: n }, (_, i) => Math.cos(i + k)),
  );
  it.each([
    ['whole-array', rosenbrockArray],
    ['map2', rosenbrockMap2],
  ] as const)(
    'a batch of 8 directions costs at most 3x one pushforward (%s Rosenbrock, n = 1e4)',
    (_style, f) => {
      const single = () => pushforward(f, forward(), x, ts[0]);
      const batch = () => pushforward(f, forward(), x, tangents(...ts));
      // Fastest of each: the cost without other processes' noise. Measured 2.3–2.8x whole-array
      // and 1.8–2.5x map2 (6x and 3–6x when every operation wrote 8 tangent arrays).
      expectRatioBelow(batch, single, 3);
    },
  );

  it('a prepared batch of 8 costs about 8 prepared calls (whole-array Rosenbrock, n = 1e4)', () => {
    const p = preparePushforward(rosenbrockArray, forward(), x);
    const eightCalls = () => ts.map((t) => p.pushforward(x, t));
    const batch = () => p.pushforward(x, tangents(...ts));
    expect(batch()).toEqual(eightCalls());
    // Medians: the cost a caller sees. Measured 1.0–1.3x; 10–20x when each call copied the
    // batch into one new buffer of 8n numbers (its allocation cost 4x the passes).
    expectRatioBelow(batch, eightCalls, 2, { summary: 'median' });
  });
});
