import { traceKernel, type KernelRef, type KernelTrace } from './kernel-trace.js';

/**
 * What the generators of map kernels share: the names their source gives a trace's operands,
 * the key naming everything a generated loop depends on, and the size limit.
 */

/**
 * Longer kernels (a loop inside the kernel, say) run per element: one generated function per
 * shape would grow without bound, and V8 optimises very long functions poorly.
 */
const MAX_STEPS = 1000;

/**
 * The straight-line form of `f` for `n` elements, or `undefined` when it has none or a very
 * long one, or when there are no elements (a kernel is never called for an empty array).
 */
export function straightLine(
  f: (...args: never[]) => unknown,
  m: number,
  n: number,
): KernelTrace | undefined {
  if (n === 0) return undefined;
  const trace = traceKernel(f, m);
  return trace === undefined || trace.steps.length > MAX_STEPS ? undefined : trace;
}

/** The local holding an operand's value: argument `xk`, step `vk`, constant `ck`. */
export const refName = (r: KernelRef): string =>
  r.kind === 'argument' ? `x${r.k}` : r.kind === 'step' ? `v${r.k}` : `c${r.k}`;

/** The local accumulating an operand's adjoint; none for a constant. */
export const adjointName = (r: KernelRef): string | undefined =>
  r.kind === 'argument' ? `h${r.k}` : r.kind === 'step' ? `g${r.k}` : undefined;

/** A key naming the trace's shape and the columns' kinds (`prefix` names the generator). */
export function shapeKey(prefix: string, trace: KernelTrace, kinds: readonly string[]): string {
  const steps = trace.steps.map((s) => {
    const rule = s.rule === undefined ? undefined : trace.rules[s.rule];
    const f = s.p?.name ?? `rule${s.rule}/${rule?.nondiff.join(',')}`;
    return `${f}(${s.args.map(refName).join(',')})`;
  });
  return `${prefix}|${kinds.join('')}|${trace.constants.length}|${steps.join(';')}|${refName(trace.output)}`;
}
