import type { KernelRef, KernelTrace } from './kernel-trace.js';

/**
 * The loop compiled-kernel.ts generates for a map kernel, written as plain code over the
 * kernel's trace, for where code cannot be generated: per element the same steps forward, the
 * same reverse sweep (a zero adjoint sends nothing, even through an infinite partial), the same
 * checks of what scalar rules return (`E` abandons the loop), so a kernel's values and partials
 * do not depend on whether the platform allows `new Function`.
 */
export type KernelLoop = (
  n: number,
  X: readonly (Float64Array | number)[],
  C: readonly number[],
  R: KernelTrace['rules'],
  E: () => never,
  Y: Float64Array,
  P: readonly Float64Array[],
) => void;

type Rule = (...xs: number[]) => unknown;

/** The kernel loop of `trace` for these column kinds (`a`rray or `s`calar), as plain code. */
export function interpretedKernel(trace: KernelTrace, kinds: readonly string[]): KernelLoop {
  const { arity: m, steps, output } = trace;
  return (n, X, C, R, E, Y, P) => {
    // Per call, not per loop: a rule may run another map of the same shape while this one runs.
    const x = new Float64Array(m);
    const v = new Float64Array(steps.length);
    const h = new Float64Array(m);
    const g = new Float64Array(steps.length);
    const read = (r: KernelRef): number =>
      r.kind === 'argument' ? x[r.k] : r.kind === 'step' ? v[r.k] : C[r.k];
    /** Adds `d` to the adjoint of `r` (constants have none). */
    const send = (r: KernelRef, d: number): void => {
      if (r.kind === 'argument') h[r.k] += d;
      else if (r.kind === 'step') g[r.k] += d;
    };
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < m; k++)
        x[k] = kinds[k] === 'a' ? (X[k] as Float64Array)[i] : (X[k] as number);
      steps.forEach((s, j) => {
        const args = s.args.map(read);
        if (s.primitive === undefined) {
          const y = (R[s.rule ?? -1].body as Rule)(...args);
          if (typeof y !== 'number') E();
          v[j] = y as number;
        } else v[j] = s.primitive.f(args[0], args.length > 1 ? args[1] : 0);
      });
      g.fill(0);
      h.fill(0);
      if (output.kind !== 'constant') send(output, 1);
      for (let j = steps.length - 1; j >= 0; j--) {
        const s = steps[j];
        const gj = g[j];
        if (gj === 0) continue;
        const args = s.args.map(read);
        if (s.primitive === undefined) {
          const rule = R[s.rule ?? -1];
          const sends = s.args.filter((r, k) => r.kind !== 'constant' && !rule.nondiff.includes(k));
          if (sends.length === 0) continue;
          const ps = (rule.partials as Rule)(...args, v[j]);
          if (!Array.isArray(ps) || ps.length !== s.args.length) E();
          s.args.forEach((r, k) => {
            if (r.kind === 'constant' || rule.nondiff.includes(k)) return;
            const p: unknown = (ps as unknown[])[k];
            if (typeof p !== 'number') E();
            send(r, gj * (p as number));
          });
          continue;
        }
        const a = args[0];
        const b = args.length > 1 ? args[1] : 0;
        const y = v[j];
        send(s.args[0], gj * s.primitive.da(a, b, y));
        if (s.args.length > 1) send(s.args[1], gj * s.primitive.db(a, b, y));
      }
      Y[i] = read(output);
      for (let k = 0; k < m; k++) P[k][i] = h[k];
    }
  };
}
