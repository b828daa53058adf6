/**
 * The check at preparation that the compiled program computes what `f` computes near the traced
 * point (src/staging/check-nearby.ts): it accepts the programs of the reference functions and
 * rejects a program that reads one operand wrong, which the first call's check misses when the
 * first call is at zeros.
 */
import { describe, expect, it } from 'vitest';
import { checkNearby } from '../../src/staging/check-nearby.js';
import { fuse } from '../../src/staging/fuse.js';
import type { Program, Statement } from '../../src/staging/program.js';
import { reroll } from '../../src/staging/reroll.js';
import { stage } from '../../src/staging/stage.js';
import { NotStaged } from '../../src/staging/tracer.js';
import { PassContext } from '../../src/interpreters/pass-context.js';
import { heavy, rosenbrockArray, rosenbrockLoop, rosenbrockMap2 } from '../fixtures/rosenbrock.js';

const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);
const zeros = new Float64Array(16);
const none = new Float64Array(0);

/** `p` with the first two-operand primitive inside a loop reading its first operand twice. */
function misread(p: Program): Program {
  let done = false;
  const visit = (body: readonly Statement[], inLoop: boolean): Statement[] =>
    body.map((s) => {
      if (s.op === 'loop') return { ...s, body: visit(s.body, true) };
      if (done || !inLoop || s.op !== 'prim' || s.args.length !== 2 || s.args[0] === s.args[1])
        return s;
      done = true;
      return { ...s, args: [s.args[0], s.args[0]] };
    });
  const wrong = { ...p, body: visit(p.body, false) };
  expect(done).toBe(true);
  return wrong;
}

describe('checkNearby', () => {
  for (const [name, f] of [
    ['scalar loop', rosenbrockLoop],
    ['whole-array', rosenbrockArray],
    ['map2', rosenbrockMap2],
    ['scalar-heavy', heavy],
  ] as const) {
    const staged = stage(f as never, zeros, []);
    const program = fuse(reroll(staged.program));

    it(`${name}: accepts the compiled program`, () => {
      expect(program.loops).toBeGreaterThan(0);
      expect(() => checkNearby(f as never, [], staged, program, zeros, none, config)).not.toThrow();
    });

    it(`${name}: rejects a program that reads one operand wrong`, () => {
      expect(() =>
        checkNearby(f as never, [], staged, misread(program), zeros, none, config),
      ).toThrow(NotStaged);
    });
  }
});
