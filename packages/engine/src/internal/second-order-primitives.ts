import * as m from '@pullback/rules-core/math';
import {
  compiledOnce,
  primitiveOf,
  read,
  targetIndex,
  type ForwardTangentKind,
  type Primitive,
  type ReverseTargetKind,
  type ValueKind,
} from './primitives.js';

/**
 * What a reverse pass over the duals of an outer forward pass needs from the hot primitives
 * beyond their partials: the tangent of each partial, ṗ = H·(ȧ, ḃ), from the primitive's
 * second partials. Like `primitives.ts`, the second partials are expressions in `a`, `b` and
 * the value `y`, compiled into one switch for scalars and into monomorphic loops over arrays.
 */

/** Second partials of a primitive: ∂²y/∂a², ∂²y/∂a∂b, ∂²y/∂b², as expressions in `a`, `b`, `y`. */
export interface HessianSpec {
  readonly aa: string;
  readonly ab: string;
  readonly bb: string;
}

const linear: HessianSpec = { aa: '0', ab: '0', bb: '0' };
const unary = (aa: string): HessianSpec => ({ aa, ab: '0', bb: '0' });

const specs: readonly (readonly [unknown, HessianSpec])[] = [
  [m.add, linear],
  [m.sub, linear],
  [m.mul, { aa: '0', ab: '1', bb: '0' }],
  // y = a/b: ∂y/∂a = 1/b, ∂y/∂b = -a/b² = -y/b.
  [m.div, { aa: '0', ab: '-1 / (b * b)', bb: '2 * y / (b * b)' }],
  [m.neg, linear],
  [m.square, unary('2')],
  // ∂y/∂a = 0.5/y with y = √a.
  [m.sqrt, unary('-0.25 / (y * y * y)')],
  [m.exp, unary('y')],
  [m.log, unary('-1 / (a * a)')],
  [m.sin, unary('-y')],
  [m.cos, unary('-y')],
  // ∂y/∂a = 1 - y².
  [m.tanh, unary('-2 * y * (1 - y * y)')],
  [m.log1p, unary('-1 / ((1 + a) * (1 + a))')],
  // ∂y/∂a = y + 1 with y = eᵃ - 1.
  [m.expm1, unary('y + 1')],
  [m.atan, unary('-2 * a / ((1 + a * a) * (1 + a * a))')],
  // Piecewise linear: their partials are constant where they exist.
  [m.abs, linear],
  [m.max, linear],
  [m.min, linear],
];

/** Hessian specs by primitive code; a primitive added to the table without one is not covered. */
const byCode: (HessianSpec | undefined)[] = [];
for (const [f, spec] of specs) {
  const p = primitiveOf(f as never);
  if (p !== undefined) byCode[p.code] = spec;
}

/** The second partials of `p`, or `undefined` when the second-order paths do not cover it. */
export function hessianOf(p: Primitive): HessianSpec | undefined {
  return byCode[p.code];
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
 * value `y`, for input tangents `(u, w)`: ṗa = haa·u + hab·w and ṗb = hab·u + hbb·w (one
 * generated switch, as `scalarPrimitive` is one switch). Only for primitives `hessianOf` covers.
 */
export const scalarPartialTangents = new Function(
  'P',
  `return function scalarPartialTangents(code, a, b, y, u, w) {
    switch (code) {
      ${byCode
        .map((h, code) =>
          h === undefined
            ? ''
            : `case ${code}: P[0] = ${sumOf([...term(h.aa, 'u'), ...term(h.ab, 'w')])}; ` +
              `P[1] = ${sumOf([...term(h.ab, 'u'), ...term(h.bb, 'w')])}; return;`,
        )
        .join('\n      ')}
    }
  };`,
)(partialTangents) as (code: number, a: number, b: number, y: number, u: number, w: number) => void;

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
  );
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
