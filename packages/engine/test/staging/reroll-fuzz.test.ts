/**
 * Compiled preparation against the eager engine on random loop programs (loop-programs.ts), the
 * code the re-roller (src/staging/reroll.ts) turns back into loops: period finding, carried
 * values, affine indices, loads sunk from a `number[]`, nested and triangular loops, runs that
 * end early, values read after the loop. Each program is prepared in every mode that applies
 * (gradient, pushforward, hvp, derivative, forward and reverse Jacobians) at a point that is
 * zeros, a constant or random; each method and its value-returning twin is first called there
 * (where the first call's check compares with the eager engine, and where a wrong loop often
 * agrees: zeros, a constant vector), then at two random points, every result compared with the
 * eager engine (reroll-fuzz-check.ts). A preparation that ends up eager fails too, unless its
 * reason is a known limitation, so a silent fallback cannot hide a wrong program. A quarter as
 * many programs run on the interpreter (no code generation).
 *
 * Under CI (fixed seed) 25 programs; locally REROLL_FUZZ_RUNS=<n> with `CI=` draws a fresh seed
 * each run (FC_SEED replays one), and REROLL_FUZZ_REPORT=1 prints what the programs used and
 * how each mode compiled.
 */
import { afterAll, describe } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { check, report } from './reroll-fuzz-check.js';
import { decodeLoopProgram } from './loop-programs.js';

const RUNS = Number(process.env.REROLL_FUZZ_RUNS ?? 25);
/** Up to ~400 ms a program on a busy machine, and time to shrink a counterexample. */
const TIMEOUT = 60_000 + RUNS * 500;

afterAll(() => {
  if (process.env.REROLL_FUZZ_REPORT !== undefined) console.log(report());
});

const choices = fc.array(fc.nat(1 << 16), { minLength: 10, maxLength: 400, size: 'max' });
// Entries in [-1.5, 1.5] on a grid of 1e-6: fc.double favours values like 1e-300, whose
// comparisons with 0 are ties no better than rounding (such points are skipped, see check).
const entry = fc.integer({ min: -1_500_000, max: 1_500_000 }).map((k) => k / 1e6);
const values = fc.array(entry, {
  minLength: 6 * 17,
  maxLength: 6 * 17,
});
const start = fc.constantFrom('zeros' as const, 'constant' as const, 'random' as const);

describe('compiled preparation of random loop programs equals the eager engine', () => {
  test.prop([choices, start, values], { numRuns: RUNS })(
    'with generated code',
    (c, s, v) => check(decodeLoopProgram(c), s, v, false),
    TIMEOUT,
  );

  test.prop([choices, start, values], { numRuns: Math.max(1, Math.round(RUNS / 4)) })(
    'on the interpreter (no code generation)',
    (c, s, v) => check(decodeLoopProgram(c), s, v, true),
    TIMEOUT,
  );
});
