/**
 * The check at preparation that re-rolling and fusing kept what the traced program computes
 * (src/staging/check-rewrites.ts): it accepts the rewrites of the reference functions and
 * rejects a rewritten program that reads one operand wrong, which the first call's check misses
 * when the first call is at zeros.
 */
import { describe, expect, it } from 'vitest';
import { checkRewrites } from '../../src/staging/check-rewrites.js';
import { fuse } from '../../src/staging/fuse.js';
import type { Program, Statement } from '../../src/staging/program.js';
import { reroll } from '../../src/staging/reroll.js';
import { stage } from '../../src/staging/stage.js';
import { NotStaged } from '../../src/staging/tracer.js';
import { PassContext } from '../../src/interpreters/pass-context.js';
import { flatten } from '../../src/tree/structure.js';
import { heavy, rosenbrockArray, rosenbrockLoop, rosenbrockMap2 } from '../fixtures/rosenbrock.js';

const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);
const zeros = new Float64Array(16);
const none = new Float64Array(0);

/** `p` with the first two-operand primitive inside a loop reading its first operand twice. */
function misread(p: Program): Program {
  let done = false;
  const visit = (body: readonly Statement[]): Statement[] =>
    body.map((s) => {
      if (s.op === 'loop') return { ...s, body: visit(s.body) };
      if (done || s.op !== 'prim' || s.args.length !== 2 || s.args[0] === s.args[1]) return s;
      done = true;
      return { ...s, args: [s.args[0], s.args[0]] };
    });
  const wrong = { ...p, body: visit(p.body) };
  expect(done).toBe(true);
  return wrong;
}

describe('checkRewrites', () => {
  for (const [name, f] of [
    ['scalar loop', rosenbrockLoop],
    ['whole-array', rosenbrockArray],
    ['map2', rosenbrockMap2],
    ['scalar-heavy', heavy],
  ] as const) {
    const traced = stage(f as never, zeros, []).program;
    const rewritten = fuse(reroll(traced));

    it(`${name}: accepts the rewritten program`, () => {
      expect(rewritten.loops).toBeGreaterThan(0);
      expect(() => checkRewrites(traced, rewritten, flatten(zeros), none, config)).not.toThrow();
    });

    it(`${name}: rejects a rewritten program that reads one operand wrong`, () => {
      expect(() => checkRewrites(traced, misread(rewritten), flatten(zeros), none, config)).toThrow(
        NotStaged,
      );
    });
  }
});
