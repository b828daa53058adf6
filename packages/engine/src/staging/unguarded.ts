import type { Activity } from './activity.js';
import { walk, type Program } from './program.js';

/**
 * Whether a program's derivative kernels may also be generated without zero tests, to run first.
 *
 * The eager engine's rule is that a zero tangent or adjoint times an infinite or NaN partial
 * contributes 0, not NaN; generated code keeps it with a zero test on every such product
 * (`t === 0 ? 0 : p * t`, `if (g !== 0) …`), which costs a compare and a branch per product.
 * An unguarded kernel writes `p * t` and tests the results instead: a result that is not NaN is
 * the guarded kernel's result (up to the sign of a zero), and a NaN ends the run, after which the
 * guarded kernel runs. Why a non-NaN result is right: the two kernels compute the same values
 * (the primal code is the same), and their derivative code differs only in products whose zero
 * test would have fired. Such a product is `p · ±0`: with `p` finite it is ±0 where the test
 * gives +0 (only the sign of a zero differs, and that stays so through sums and finite scalings);
 * with `p` infinite or NaN it is NaN. Every operation of derivative code (sums, products,
 * negations, moves through carried variables and temporary buffers) gives NaN when an operand
 * is NaN, so that NaN reaches every result the product feeds; a result it does not feed does not
 * depend on it. This holds while nothing drops a derivative: a `select` drops the tangent of the
 * side not taken, and a call runs a user's rule, which may do anything with its tangents or
 * cotangents. Programs with either (active), or that write into the input's buffer, keep the
 * guarded kernel alone.
 */
export function unguardedSafe(p: Program, act: Activity): boolean {
  let safe = true;
  walk(p.body, (s) => {
    if (s.op === 'select' && act.ids[s.id] === 1) safe = false;
    else if (s.op === 'call') safe = false;
    else if (s.op === 'store' && p.buffers[s.buffer].kind === 'input') safe = false;
  });
  return safe;
}
