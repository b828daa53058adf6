import { blockValue } from './interpret/primitive-functions.js';
import type { KernelRef, KernelTrace } from './map-kernels/kernel-trace.js';

/** Elements evaluated at a time: every step's block stays in cache, whatever `n`. */
const BLOCK = 1024;

/**
 * The values of a straight-line `map` kernel over `n` elements, at the traced point: its steps
 * run block by block over typed arrays (a primitive's loop is `blockValue`, the table's
 * expressions), as the generated kernel runs them, instead of calling the user's kernel once per
 * element through the vocabulary's dispatch. `columns[k]` is argument `k`: an array of `n`
 * values, or a number broadcast to every element. The values go into `out`; false when a rule
 * returned a non-number.
 */
export function kernelValues(
  trace: KernelTrace,
  columns: readonly (Float64Array | number)[],
  n: number,
  out: Float64Array,
): boolean {
  const size = Math.min(n, BLOCK);
  const filled = (v: number): Float64Array => new Float64Array(size).fill(v);
  const constants = trace.constants.map(filled);
  const broadcast = columns.map((c) => (typeof c === 'number' ? filled(c) : undefined));
  const steps = trace.steps.map(() => new Float64Array(size));
  const args: Float64Array[] = [];
  const ref = (r: KernelRef): Float64Array =>
    r.kind === 'argument' ? args[r.k] : r.kind === 'step' ? steps[r.k] : constants[r.k];
  const xs: number[] = [];
  for (let start = 0; start < n; start += BLOCK) {
    const m = Math.min(BLOCK, n - start);
    columns.forEach((c, k) => {
      args[k] = typeof c === 'number' ? (broadcast[k] as Float64Array) : c.subarray(start);
    });
    for (let s = 0; s < trace.steps.length; s++) {
      const step = trace.steps[s];
      const y = steps[s];
      const a = ref(step.args[0]);
      if (step.primitive !== undefined) {
        blockValue(step.primitive.code, m, a, step.args.length > 1 ? ref(step.args[1]) : a, y);
        continue;
      }
      // A scalar rule: its body on numbers, element by element, as the builder's `rule` runs it.
      const body = trace.rules[step.rule as number].body as (...v: number[]) => unknown;
      const operands = step.args.map(ref);
      for (let i = 0; i < m; i++) {
        xs.length = 0;
        for (const o of operands) xs.push(o[i]);
        const v = body(...xs);
        if (typeof v !== 'number') return false;
        y[i] = v;
      }
    }
    out.set(ref(trace.output).subarray(0, m), start);
  }
  return true;
}
