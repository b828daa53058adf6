/**
 * Which measurements not to start: a tool that took seconds per gradient at n = 1e3 takes minutes
 * at 1e5, so a size is skipped when the same tool on the same function at the size before
 * predicts more than the limit, scaling its time per gradient linearly in n (every tool here is
 * at least linear in n). The time to the first gradient is counted as it was, not scaled: at
 * small sizes it is mostly fixed costs (loading and compiling the library's own code), and scaled
 * it skipped cells that take seconds. A first gradient that does grow badly with n (`jit`
 * unrolling a long loop) comes with a slow gradient that is caught anyway, and the worker's
 * timeout stops the rest.
 */
import { formatSize } from './cases.js';
import type { Measurement } from './measurement.js';

const seconds = (ms: number): string => `${(ms / 1000).toPrecision(2)} s`;

/**
 * Why not to measure at size `n`, given the same tool and function at the size before, or
 * `undefined` to go ahead. A worker makes a first call, a checked second call, a warm-up call and
 * at least one round of the budget, so that is what is estimated.
 */
export function skipReason(
  previous: Measurement | undefined,
  n: number,
  budgetMs: number,
  limitSeconds: number,
): string | undefined {
  if (previous === undefined) return undefined;
  const at = `n = ${formatSize(previous.n)}`;
  if (
    previous.status === 'skipped' ||
    previous.status === 'timed out' ||
    previous.status === 'failed'
  ) {
    return `${at} was ${previous.status} already`;
  }
  const first = previous.firstGradientMs ?? 0;
  const call = previous.timing?.ms ?? first;
  const scale = n / previous.n;
  const estimate = first + scale * 2 * call + Math.max(budgetMs, scale * call);
  if (estimate <= limitSeconds * 1000) return undefined;
  return (
    `about ${seconds(estimate)} estimated from ${at} (${seconds(call)} per gradient, ` +
    `${seconds(first)} to the first), over the ${limitSeconds} s limit`
  );
}
