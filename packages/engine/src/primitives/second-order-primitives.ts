import {
  compiledOnce,
  read,
  targetIndex,
  type ForwardTangentKind,
  type ReverseTargetKind,
  type ValueKind,
} from './primitive-loops.js';
import type { HessianSpec, Primitive } from './primitives.js';

/**
 * What a reverse pass over the duals of an outer forward pass needs from the hot primitives
 * beyond their partials: the tangent of each partial, ṗ = H·(ȧ, ḃ), from the primitive's
 * second partials (in the primitive table, primitives.ts, as expressions and as functions):
 * one switch for scalars, and monomorphic loops over arrays.
 */

/** The second partials of `p` (every entry of the primitive table has them). */
export function hessianOf(p: Primitive): HessianSpec | undefined {
  return p.hessian;
}

/** Written by `scalarPartialTangents`: the tangents of `[∂y/∂a, ∂y/∂b]`. */
export const partialTangents = new Float64Array(2);

/**
 * A term `h · t` as source text: left out where either is the literal 0 (a structurally zero
 * second partial, an operand without tangent), and zero for a zero `t` at run time, so a NaN
 * or an infinity in `h` does not leak where `t` is zero.
 */
export const term = (h: string, t: string): string[] =>
  h === '0' || t === '0' ? [] : [`(${t} === 0 ? 0 : (${h}) * ${t})`];
/** The sum of source-text terms, `0` for none. */
export const sumOf = (terms: readonly string[]): string =>
  terms.length === 0 ? '0' : terms.join(' + ');

/**
 * Writes into `partialTangents` the tangents of primitive `code`'s partials at `(a, b)` with
 * value `y`, for input tangents `(u, w)`: ṗa = haa·u + hab·w and ṗb = hab·u + hbb·w, each term
 * left out where the second partial is zero everywhere and zero where its tangent is (so an
 * infinite second partial does not leak through a zero tangent). One switch, as
 * `scalarPrimitive` is one switch; a test checks it against the table.
 */
export function scalarPartialTangents(
  code: number,
  a: number,
  b: number,
  y: number,
  u: number,
  w: number,
): void {
  const P = partialTangents;
  switch (code) {
    case 2: // mul
      P[0] = w === 0 ? 0 : 1 * w;
      P[1] = u === 0 ? 0 : 1 * u;
      return;
    case 3: // div
      P[0] = w === 0 ? 0 : (-1 / (b * b)) * w;
      P[1] = (u === 0 ? 0 : (-1 / (b * b)) * u) + (w === 0 ? 0 : ((2 * y) / (b * b)) * w);
      return;
    case 5: // square
      P[0] = u === 0 ? 0 : 2 * u;
      break;
    case 6: // sqrt
      P[0] = u === 0 ? 0 : (-0.25 / (y * y * y)) * u;
      break;
    case 7: // exp
      P[0] = u === 0 ? 0 : y * u;
      break;
    case 8: // log
      P[0] = u === 0 ? 0 : (-1 / (a * a)) * u;
      break;
    case 9: // sin
    case 10: // cos
      P[0] = u === 0 ? 0 : -y * u;
      break;
    case 11: // tanh
      P[0] = u === 0 ? 0 : -2 * y * (1 - y * y) * u;
      break;
    case 12: // log1p
      P[0] = u === 0 ? 0 : (-1 / ((1 + a) * (1 + a))) * u;
      break;
    case 13: // expm1
      P[0] = u === 0 ? 0 : (y + 1) * u;
      break;
    case 14: // atan
      P[0] = u === 0 ? 0 : ((-2 * a) / ((1 + a * a) * (1 + a * a))) * u;
      break;
    default: // add, sub, neg, abs, max, min: linear where differentiable
      P[0] = 0;
  }
  P[1] = 0;
}

/** Tangent lanes of an operand: one number per lane (a scalar) or one array per lane. */
export type TangentLanes = readonly (Float64Array | readonly number[])[] | readonly number[];

/**
 * Accumulates a primitive's second-order adjoints over arrays: for output `i` with adjoint
 * `(g, ġ)` in `V`/`T` at `base + i`, each operand `q` gets `V[q] += g·p` and
 * `T[j][q] += p·ġⱼ + g·ṗⱼ`.
 */
export type SecondOrderReverseKernel = (
  n: number,
  A: Float64Array | undefined,
  as: number,
  B: Float64Array | undefined,
  bs: number,
  Y: Float64Array,
  TA: TangentLanes | undefined,
  TB: TangentLanes | undefined,
  V: Float64Array,
  T: readonly Float64Array[],
  base: number,
  ia: number,
  IA: Int32Array | undefined,
  ib: number,
  IB: Int32Array | undefined,
) => void;

/** Lane `lane` of an operand's tangent at element `i` (`TA` holds one entry per lane). */
const tangentOf = (kind: ForwardTangentKind, T: string, lane: string): string =>
  kind === 'array' ? `${T}[${lane}][i]` : kind === 'scalar' ? `${T}[${lane}]` : '0';

/**
 * The generated second-order backward loop of primitive `p` for these operand kinds. With one
 * lane (a single Hessian-vector product) the lane loop is left out, so V8 sees one flat loop.
 */
export function secondOrderReverseKernel(
  p: Primitive,
  h: HessianSpec,
  ka: ValueKind,
  kb: ValueKind,
  ta: ForwardTangentKind,
  tb: ForwardTangentKind,
  ra: ReverseTargetKind,
  rb: ReverseTargetKind,
  lanes: number,
): SecondOrderReverseKernel {
  const single = lanes === 1;
  return compiledOnce<SecondOrderReverseKernel>(
    `r2|${p.name}|${ka}|${kb}|${ta}|${tb}|${ra}|${rb}|${single}`,
    ['n', 'A', 'as', 'B', 'bs', 'Y', 'TA', 'TB', 'V', 'T', 'base', 'ia', 'IA', 'ib', 'IB'],
    () => kernelBody(p, h, ka, kb, ta, tb, ra, rb, single),
    () => plainKernel(p, h, ka, kb, ta, tb, ra, rb),
  );
}

/**
 * The loop `kernelBody` generates, written as plain code over the table's functions (where
 * code cannot be generated): the same terms left out, the same zero tests, the same order.
 */
function plainKernel(
  p: Primitive,
  h: HessianSpec,
  ka: ValueKind,
  kb: ValueKind,
  ta: ForwardTangentKind,
  tb: ForwardTangentKind,
  ra: ReverseTargetKind,
  rb: ReverseTargetKind,
): SecondOrderReverseKernel {
  const has = { aa: h.aa !== '0', ab: h.ab !== '0', bb: h.bb !== '0' };
  const tangentAt = (
    kind: ForwardTangentKind,
    T: TangentLanes | undefined,
    j: number,
    i: number,
  ) =>
    kind === 'none'
      ? 0
      : kind === 'array'
        ? (T as readonly ArrayLike<number>[])[j][i]
        : (T as readonly number[])[j];
  return (n, A, as, B, bs, Y, TA, TB, V, T, base, ia, IA, ib, IB) => {
    const lanes = T.length;
    for (let i = 0; i < n; i++) {
      const o = base + i;
      const g = V[o];
      if (g === 0 && T.every((Tl) => Tl[o] === 0)) continue;
      const a = ka === 'array' ? (A as Float64Array)[i] : as;
      const b = kb === 'array' ? (B as Float64Array)[i] : bs;
      const y = Y[i];
      const send = (
        r: ReverseTargetKind,
        i0: number,
        I: Int32Array | undefined,
        partial: number,
        hA: boolean,
        fA: (a: number, b: number, y: number) => number,
        hB: boolean,
        fB: (a: number, b: number, y: number) => number,
      ): void => {
        if (r === 'none') return;
        const q = r === 'scalar' ? i0 : r === 'contiguous' ? i0 + i : (I as Int32Array)[i];
        if (q < 0) return;
        if (g !== 0) V[q] += g * partial;
        for (let j = 0; j < lanes; j++) {
          const Tl = T[j];
          const gt = Tl[o];
          const u = tangentAt(ta, TA, j, i);
          const w = tangentAt(tb, TB, j, i);
          let pt = 0;
          if (ta !== 'none' && hA) pt = u === 0 ? 0 : fA(a, b, y) * u;
          if (tb !== 'none' && hB) pt += w === 0 ? 0 : fB(a, b, y) * w;
          Tl[q] += (gt === 0 ? 0 : partial * gt) + (pt === 0 || g === 0 ? 0 : g * pt);
        }
      };
      if (ra !== 'none') send(ra, ia, IA, p.da(a, b, y), has.aa, p.aa, has.ab, p.ab);
      if (rb !== 'none') send(rb, ib, IB, p.db(a, b, y), has.ab, p.ab, has.bb, p.bb);
    }
  };
}

function kernelBody(
  p: Primitive,
  h: HessianSpec,
  ka: ValueKind,
  kb: ValueKind,
  ta: ForwardTangentKind,
  tb: ForwardTangentKind,
  ra: ReverseTargetKind,
  rb: ReverseTargetKind,
  single: boolean,
): string {
  const lane = single ? '0' : 'j';
  // The operands' tangents in this lane, `u` (of a) and `w` (of b), and ṗ from them.
  const tangents = `const u = ${tangentOf(ta, 'TA', lane)}; const w = ${tangentOf(tb, 'TB', lane)};`;
  const pt = (hA: string, hB: string): string =>
    `const pt = ${sumOf([...(ta === 'none' ? [] : term(hA, 'u')), ...(tb === 'none' ? [] : term(hB, 'w'))])};`;
  const tangentStep = (hA: string, hB: string): string =>
    `{ const gt = Tl[o]; ${single ? '' : tangents} ${pt(hA, hB)}
       Tl[q] += (gt === 0 ? 0 : p * gt) + (pt === 0 || g === 0 ? 0 : g * pt); }`;
  const send = (r: ReverseTargetKind, i0: string, I: string, partial: string, step: string) => {
    if (r === 'none') return '';
    const q = targetIndex(r, i0, I);
    const lanesLoop = single
      ? step
      : `for (let j = 0; j < lanes; j++) { const Tl = T[j]; ${step} }`;
    return `{ const q = ${q}; if (q >= 0) { const p = ${partial}; if (g !== 0) V[q] += g * p; ${lanesLoop} } }`;
  };
  const zero = single
    ? 'if (g === 0 && Tl[o] === 0) continue;'
    : `if (g === 0) {
         let zero = true;
         for (let j = 0; j < lanes; j++) if (T[j][o] !== 0) { zero = false; break; }
         if (zero) continue;
       }`;
  return `
    const lanes = T.length;
    ${single ? 'const Tl = T[0];' : ''}
    for (let i = 0; i < n; i++) {
      const o = base + i;
      const g = V[o];
      ${zero}
      const a = ${read(ka, 'A', 'as')}; const b = ${read(kb, 'B', 'bs')}; const y = Y[i];
      ${single ? tangents : ''}
      ${send(ra, 'ia', 'IA', p.spec.da, tangentStep(h.aa, h.ab))}
      ${send(rb, 'ib', 'IB', p.spec.db, tangentStep(h.ab, h.bb))}
    }`;
}
