import { interpretValues } from './interpret/interpret.js';
import { ForwardWorkspace, type ConfigOf } from './kernels.js';
import type { Program } from './program.js';
import { NotStaged } from './tracer.js';

/**
 * Checks at preparation that re-rolling and fusing kept what the traced program computes: both
 * run (values only, on the interpreter) at a point near the traced one whose entries are all
 * distinct and off any pattern, and must agree. The first call's check against the eager engine
 * compares at the caller's point, where a wrong rewrite can agree by accident: two re-rolling
 * bugs (an operand renamed by id, a load keyed by element) gave right values at zeros and
 * constant vectors, the usual preparation points, and wrong ones elsewhere. Throws `NotStaged`
 * (the preparation stays eager, saying why) when they disagree.
 */
export function checkRewrites(
  traced: Program,
  rewritten: Program,
  X0: Float64Array,
  P: Float64Array,
  config: ConfigOf,
): void {
  if (rewritten.loops === traced.loops && rewritten.body.length === traced.body.length) return;
  // A smaller step when the first one crosses a branch the trace took (a guard fails in both).
  for (const step of [1e-3, 1e-7]) {
    const X = nearby(X0, step);
    const a = valuesOf(traced, X, P, config);
    const b = valuesOf(rewritten, X, P, config);
    if (a === undefined || b === undefined) continue;
    if (agree(a, b)) return;
    throw new NotStaged(
      'rolling its loops changed what it computes (an error in pullback: please report it with f)',
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

/** The outputs of `p` at `X`, or `undefined` when a guard fails there. */
function valuesOf(
  p: Program,
  X: Float64Array,
  P: Float64Array,
  config: ConfigOf,
): Float64Array | undefined {
  const m = p.outputs.reduce((k, leaf) => k + (leaf.kind === 'scalar' ? 1 : leaf.length), 0);
  const w = new ForwardWorkspace(p, config, [], X.length, m, 0);
  const K = new Float64Array(0);
  return interpretValues(p)(X, P, K, p.rules, p.opaque, w) ? w.Y : undefined;
}

/**
 * Equal up to rounding: fused and re-rolled loops add in the same order as the trace, but a
 * rewrite that reads one wrong operand is off by far more than 1e-9 of the largest magnitude.
 */
function agree(a: Float64Array, b: Float64Array): boolean {
  let scale = 1;
  for (const v of a) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i]))) continue;
    if (!(Math.abs(a[i] - b[i]) <= 1e-9 * scale)) return false;
  }
  return true;
}
