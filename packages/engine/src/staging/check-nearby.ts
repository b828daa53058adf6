import { flatten, sizeOf, unflatten } from '../tree/structure.js';
import { interpretValues } from './interpret/interpret.js';
import { ForwardWorkspace, type ConfigOf } from './kernels.js';
import type { Program } from './program.js';
import type { Staged } from './stage.js';
import { NotStaged } from './tracer.js';

/**
 * Checks at preparation that the program compiling made of `f` (traced, re-rolled, fused)
 * computes what `f` computes, at a point near the traced one whose entries all differ and follow
 * no pattern: `f` runs there on numbers, the program on the interpreter (values only). The first
 * call's check against the eager engine compares at the caller's point, where a wrong program
 * can agree by accident: three re-rolling bugs (an operand renamed by id, a load keyed by element,
 * a stale id after an earlier roll) gave right values at zeros and constant vectors, the usual
 * preparation points, and wrong ones elsewhere. Throws `NotStaged` (the preparation stays eager,
 * saying why) when they disagree; says nothing when `f` or a guard takes another branch there.
 */
export function checkNearby(
  f: (x: never, ...rest: never[]) => unknown,
  rest: readonly unknown[],
  staged: Staged,
  program: Program,
  X0: Float64Array,
  P: Float64Array,
  config: ConfigOf,
): void {
  // A smaller step when the first one crosses a branch the trace took.
  for (const step of [1e-3, 1e-7]) {
    const X = nearby(X0, step);
    const compiled = valuesOf(program, sizeOf(staged.output), X, P, config);
    if (compiled === undefined) continue;
    let y: Float64Array;
    try {
      y = flatten(f(unflatten(staged.input, X) as never, ...(rest as never[])), staged.output);
    } catch {
      // f threw there, or returned another structure: the eager engine will say so if it matters.
      return;
    }
    if (agree(compiled, y)) return;
    throw new NotStaged(
      'the compiled program disagreed with f at a point near the preparation point (does f depend on something that changes between calls, such as Math.random? If not, this is an error in pullback: please report it with f)',
    );
  }
}

/**
 * `X0` moved by about `step` relative in each entry, by a different amount each (a fixed
 * sequence), so that no two entries that were equal stay equal.
 */
function nearby(X0: Float64Array, step: number): Float64Array {
  return X0.map((x, i) => {
    const u = Math.sin(12.9898 * (i + 1)) * 43758.5453;
    return x + step * (1 + Math.abs(x)) * (0.5 + (u - Math.floor(u)));
  });
}

/** The `m` numbers `p` outputs at `X`, or `undefined` when a guard fails there. */
function valuesOf(
  p: Program,
  m: number,
  X: Float64Array,
  P: Float64Array,
  config: ConfigOf,
): Float64Array | undefined {
  const w = new ForwardWorkspace(p, config, [], X.length, m, 0);
  const K = new Float64Array(0);
  return interpretValues(p)(X, P, K, p.rules, p.opaque, w) ? w.Y : undefined;
}

/**
 * Equal up to rounding, to the first call's check's bound (1e-8 of the largest magnitude): the
 * compiled program and the vocabulary on numbers may sum in other orders, and a program that reads
 * one wrong operand is off by far more. Too tight a bound would only keep a preparation eager.
 */
function agree(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  let scale = 1;
  for (const v of b) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i]))) continue;
    if (!(Math.abs(a[i] - b[i]) <= 1e-8 * scale)) return false;
  }
  return true;
}
