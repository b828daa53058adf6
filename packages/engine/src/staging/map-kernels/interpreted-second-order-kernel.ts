import type { KernelRef, KernelTrace } from './kernel-trace.js';
import type { Primitive } from '../../primitives/primitives.js';

/**
 * The loop compiled-second-order-kernel.ts generates, written as plain code over the kernel's
 * trace, for where code cannot be generated: per element the values and their outer tangents
 * forward, then (adjoint, adjoint tangents) pairs back through each primitive's partials and
 * second partials. Terms the generator leaves out (a second partial zero everywhere, an operand
 * without tangent) are left out here too, and a zero factor sends nothing, so the numbers are the
 * generated loop's.
 */
export type SecondOrderLoop = (
  n: number,
  X: readonly (Float64Array | number)[],
  TS: readonly (readonly number[] | undefined)[],
  TA: readonly (readonly Float64Array[] | undefined)[],
  C: readonly number[],
  Y: Float64Array,
  TY: readonly Float64Array[],
  P: readonly Float64Array[],
  PT: readonly (readonly Float64Array[])[],
) => void;

/** `h · t` unless `t` is zero (`t` absent: no term at all). */
const term = (h: number, t: number | undefined): number => (t === undefined || t === 0 ? 0 : h * t);

/** The second-order kernel loop of `trace`; `kinds` as the generator takes them (`aA`, `sN`, …). */
export function interpretedSecondOrderKernel(
  trace: KernelTrace,
  kinds: readonly string[],
  lanes: number,
): SecondOrderLoop {
  const { arity: m, steps, output } = trace;
  // The caller passes hot primitives with second partials only.
  const prims = steps.map((s) => s.primitive as Primitive);
  return (n, X, TS, TA, C, Y, TY, P, PT) => {
    const q = steps.length;
    const x = new Float64Array(m);
    const dx = new Float64Array(m * lanes);
    const v = new Float64Array(q);
    const t = new Float64Array(q * lanes);
    const g = new Float64Array(q);
    const gt = new Float64Array(q * lanes);
    const h = new Float64Array(m);
    const ht = new Float64Array(m * lanes);
    const value = (r: KernelRef): number =>
      r.kind === 'argument' ? x[r.k] : r.kind === 'step' ? v[r.k] : C[r.k];
    /** The tangent of `r` in lane `l`, `undefined` where the generator writes the literal 0. */
    const tangent = (r: KernelRef | undefined, l: number): number | undefined =>
      r === undefined
        ? undefined
        : r.kind === 'step'
          ? t[r.k * lanes + l]
          : r.kind === 'argument' && kinds[r.k][1] !== 'N'
            ? dx[r.k * lanes + l]
            : undefined;
    /** Adds `(d, dt)` to the adjoint of `r` and its tangent in lane `l` (constants have none). */
    const adjoint = (r: KernelRef): [Float64Array, Float64Array, number] | undefined =>
      r.kind === 'argument' ? [h, ht, r.k] : r.kind === 'step' ? [g, gt, r.k] : undefined;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < m; k++) {
        x[k] = kinds[k][0] === 'a' ? (X[k] as Float64Array)[i] : (X[k] as number);
        for (let l = 0; l < lanes; l++) {
          if (kinds[k][1] === 'A') dx[k * lanes + l] = (TA[k] as readonly Float64Array[])[l][i];
          else if (kinds[k][1] === 'S') dx[k * lanes + l] = (TS[k] as readonly number[])[l];
        }
      }
      for (let j = 0; j < q; j++) {
        const s = steps[j];
        const p = prims[j];
        const a = value(s.args[0]);
        const rb = s.args.length > 1 ? s.args[1] : undefined;
        const b = rb === undefined ? 0 : value(rb);
        const y = p.f(a, b);
        v[j] = y;
        const pa = p.da(a, b, y);
        const pb = rb === undefined ? 0 : p.db(a, b, y);
        for (let l = 0; l < lanes; l++)
          t[j * lanes + l] = term(pa, tangent(s.args[0], l)) + term(pb, tangent(rb, l));
      }
      g.fill(0);
      gt.fill(0);
      h.fill(0);
      ht.fill(0);
      const seed = adjoint(output);
      if (seed !== undefined) seed[0][seed[2]] = 1;
      for (let j = q - 1; j >= 0; j--) {
        const s = steps[j];
        const p = prims[j];
        const ra = s.args[0];
        const rb = s.args.length > 1 ? s.args[1] : undefined;
        const A = adjoint(ra);
        const B = rb === undefined ? undefined : adjoint(rb);
        if (A === undefined && B === undefined) continue;
        const gj = g[j];
        let live = gj !== 0;
        for (let l = 0; l < lanes && !live; l++) live = gt[j * lanes + l] !== 0;
        if (!live) continue;
        const a = value(ra);
        const b = rb === undefined ? 0 : value(rb);
        const y = v[j];
        const pa = p.da(a, b, y);
        const pb = rb === undefined ? 0 : p.db(a, b, y);
        const { aa, ab, bb } = p.hessian;
        // ṗa = haa·ȧ + hab·ḃ, ṗb = hab·ȧ + hbb·ḃ, terms of second partials zero everywhere left out.
        const second = (spec: string, f: Primitive['aa'], tangentOf: number | undefined) =>
          spec === '0' ? 0 : term(f(a, b, y), tangentOf);
        const send = (
          target: [Float64Array, Float64Array, number],
          partial: number,
          tangentOfPartial: (l: number) => number,
        ): void => {
          const [G, GT, k] = target;
          G[k] += term(partial, gj);
          for (let l = 0; l < lanes; l++)
            GT[k * lanes + l] += term(partial, gt[j * lanes + l]) + term(tangentOfPartial(l), gj);
        };
        if (A !== undefined)
          send(A, pa, (l) => {
            const ta = tangent(ra, l);
            const tb = tangent(rb, l);
            return second(aa, p.aa, ta) + second(ab, p.ab, tb);
          });
        if (B !== undefined)
          send(B, pb, (l) => {
            const ta = tangent(ra, l);
            const tb = tangent(rb, l);
            return second(ab, p.ab, ta) + second(bb, p.bb, tb);
          });
      }
      Y[i] = value(output);
      for (let l = 0; l < lanes; l++) TY[l][i] = tangent(output, l) ?? 0;
      for (let k = 0; k < m; k++) {
        P[k][i] = h[k];
        for (let l = 0; l < lanes; l++) PT[k][l][i] = ht[k * lanes + l];
      }
    }
  };
}
