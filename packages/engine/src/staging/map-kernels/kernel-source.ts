import type { KernelRef, KernelTrace } from './kernel-trace.js';

/**
 * What the generators of map kernels share: the names their source gives a trace's operands,
 * the key naming everything a generated loop depends on, and views of one element.
 */

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
    const f = s.primitive?.name ?? `rule${s.rule}/${rule?.nondiff.join(',')}`;
    return `${f}(${s.args.map(refName).join(',')})`;
  });
  return `${prefix}|${kinds.join('')}|${trace.constants.length}|${steps.join(';')}|${refName(trace.output)}`;
}

/**
 * Element `i` of a column as a column of one element (a view: the generated loop writes
 * through it), or the broadcast scalar itself.
 */
export function elementView<T extends Float64Array | number>(c: T, i: number): T {
  return (typeof c === 'number' ? c : c.subarray(i, i + 1)) as T;
}
