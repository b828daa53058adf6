import {
  CodeGenerationUnavailable,
  codeGenerationAvailable,
  generateFunction,
} from '../staging/code-generation.js';
import type { Primitive } from './primitives.js';

/**
 * Whole-array loops of the hot primitives, for both interpreters: each is generated once per
 * primitive and operand kinds, so V8 sees one small monomorphic loop instead of a generic one
 * calling closures per element. Where code cannot be generated (see code-generation.ts) the
 * same loop runs as plain code calling the table's functions: slower, with the same results.
 */

/** How a vectorised kernel reads an operand's value: an array element or one scalar. */
export type ValueKind = 'array' | 'scalar';
/** How a forward kernel reads an operand's tangents: none, one per lane, or an array per lane. */
export type ForwardTangentKind = 'none' | 'scalar' | 'array';
/** Where a reverse kernel sends an operand's adjoint: nowhere, one id, consecutive ids, gathered ids. */
export type ReverseTargetKind = 'none' | 'scalar' | 'contiguous' | 'gathered';

/** Value and tangents of a primitive over arrays, for `lanes` tangent lanes. */
export type ForwardKernel = (
  n: number,
  A: Float64Array | undefined,
  as: number,
  B: Float64Array | undefined,
  bs: number,
  Y: Float64Array,
  TA: readonly (Float64Array | readonly number[])[] | readonly number[] | undefined,
  TB: readonly (Float64Array | readonly number[])[] | readonly number[] | undefined,
  L: Float64Array[],
) => void;

/** The values of a primitive over arrays. */
export type ValueKernel = (
  n: number,
  A: Float64Array | undefined,
  as: number,
  B: Float64Array | undefined,
  bs: number,
  Y: Float64Array,
) => void;

/** Accumulates a primitive's adjoints over arrays into `adj`. */
export type ReverseKernel = (
  n: number,
  A: Float64Array | undefined,
  as: number,
  B: Float64Array | undefined,
  bs: number,
  Y: Float64Array,
  adj: Float64Array,
  base: number,
  ia: number,
  IA: Int32Array | undefined,
  ib: number,
  IB: Int32Array | undefined,
) => void;

const cache = new Map<string, unknown>();

/**
 * More generated functions than this and the cache starts over. A program uses a few dozen
 * kinds of primitive loop, but `map` kernels bring one per shape of user code, which a program
 * generating kernels could grow without end.
 */
const MAX_CACHED = 1024;

/**
 * The function compiled from `body()` with these parameters, generated once per `key` (a key
 * names the primitive or kernel shape and every operand kind the body depends on). Where code
 * cannot be generated, `fallback()` (the same function written as plain code), or
 * `CodeGenerationUnavailable` when there is none.
 */
export function compiledOnce<K>(
  key: string,
  params: readonly string[],
  body: () => string,
  fallback?: () => K,
): K {
  // Plain-code loops are kept apart, so a test switching generation off gets them.
  const plain = fallback !== undefined && !codeGenerationAvailable();
  const cacheKey = plain ? `${key}|plain` : key;
  let k = cache.get(cacheKey) as K | undefined;
  if (k === undefined) {
    try {
      k = plain ? fallback() : generateFunction<K>(params, body());
    } catch (error) {
      if (!(error instanceof CodeGenerationUnavailable) || fallback === undefined) throw error;
      k = fallback();
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(cacheKey, k);
  }
  return k;
}

/** Source text of the adjoint index an operand's element `i` sends to: one id, a range, or gathered ids. */
export const targetIndex = (r: ReverseTargetKind, i0: string, I: string): string =>
  r === 'scalar' ? i0 : r === 'contiguous' ? `${i0} + i` : `${I}[i]`;
/** Source text reading an operand at element `i`: the array's element, or the scalar. */
export const read = (kind: ValueKind, arr: string, scalar: string): string =>
  kind === 'array' ? `${arr}[i]` : scalar;

/** The generated loop computing `Y = f(A, B)` elementwise. */
export function valueKernel(p: Primitive, ka: ValueKind, kb: ValueKind): ValueKernel {
  return compiledOnce<ValueKernel>(
    `v|${p.name}|${ka}|${kb}`,
    ['n', 'A', 'as', 'B', 'bs', 'Y'],
    () =>
      `for (let i = 0; i < n; i++) { const a = ${read(ka, 'A', 'as')}; const b = ${read(kb, 'B', 'bs')}; Y[i] = ${p.spec.f}; }`,
    () => (n, A, as, B, bs, Y) => {
      for (let i = 0; i < n; i++) Y[i] = p.f(at(ka, A, as, i), at(kb, B, bs, i));
    },
  );
}

/** An operand at element `i`: the array's element, or the scalar (plain-code loops). */
const at = (kind: ValueKind, A: Float64Array | undefined, s: number, i: number): number =>
  kind === 'array' ? (A as Float64Array)[i] : s;

/** Lane `j` of an operand's tangent at element `i` (plain-code loops). */
function laneAt(
  kind: ForwardTangentKind,
  T: Parameters<ForwardKernel>[6],
  j: number,
  i: number,
): number {
  if (kind === 'none') return 0;
  const lane = (T as readonly unknown[])[j];
  return kind === 'array' ? (lane as ArrayLike<number>)[i] : (lane as number);
}

/** The generated loop computing values and tangent lanes of a primitive elementwise (NaN-safe). */
export function forwardKernel(
  p: Primitive,
  ka: ValueKind,
  kb: ValueKind,
  ta: ForwardTangentKind,
  tb: ForwardTangentKind,
): ForwardKernel {
  const term = (t: ForwardTangentKind, T: string, partial: string): string =>
    t === 'none'
      ? ''
      : `{ const u = ${t === 'array' ? `${T}[j][i]` : `${T}[j]`}; if (u !== 0) t += ${partial} * u; }`;
  return compiledOnce<ForwardKernel>(
    `f|${p.name}|${ka}|${kb}|${ta}|${tb}`,
    ['n', 'A', 'as', 'B', 'bs', 'Y', 'TA', 'TB', 'L'],
    () => `
      const lanes = L.length;
      for (let i = 0; i < n; i++) {
        const a = ${read(ka, 'A', 'as')}; const b = ${read(kb, 'B', 'bs')};
        const y = ${p.spec.f}; Y[i] = y;
        const pa = ${ta === 'none' ? '0' : p.spec.da}; const pb = ${tb === 'none' ? '0' : p.spec.db};
        for (let j = 0; j < lanes; j++) { let t = 0; ${term(ta, 'TA', 'pa')} ${term(tb, 'TB', 'pb')} L[j][i] = t; }
      }`,
    () => (n, A, as, B, bs, Y, TA, TB, L) => {
      for (let i = 0; i < n; i++) {
        const a = at(ka, A, as, i);
        const b = at(kb, B, bs, i);
        const y = p.f(a, b);
        Y[i] = y;
        const pa = ta === 'none' ? 0 : p.da(a, b, y);
        const pb = tb === 'none' ? 0 : p.db(a, b, y);
        for (let j = 0; j < L.length; j++) {
          let t = 0;
          const u = laneAt(ta, TA, j, i);
          if (u !== 0) t += pa * u;
          const w = laneAt(tb, TB, j, i);
          if (w !== 0) t += pb * w;
          L[j][i] = t;
        }
      }
    },
  );
}

/** The values of a primitive over arrays and, where asked for, its partials. */
export type PartialsKernel = (
  n: number,
  A: Float64Array | undefined,
  as: number,
  B: Float64Array | undefined,
  bs: number,
  Y: Float64Array,
  PA: Float64Array | undefined,
  PB: Float64Array | undefined,
) => void;

/**
 * The generated loop computing values and the partials of the operands with tangents
 * (`wantA`, `wantB`), with the forward kernel's expressions: a chunked pass combines its lanes
 * from these later (forward/deferred-tangents.ts).
 */
export function partialsKernel(
  p: Primitive,
  ka: ValueKind,
  kb: ValueKind,
  wantA: boolean,
  wantB: boolean,
): PartialsKernel {
  return compiledOnce<PartialsKernel>(
    `p|${p.name}|${ka}|${kb}|${wantA}|${wantB}`,
    ['n', 'A', 'as', 'B', 'bs', 'Y', 'PA', 'PB'],
    () => `
      for (let i = 0; i < n; i++) {
        const a = ${read(ka, 'A', 'as')}; const b = ${read(kb, 'B', 'bs')};
        const y = ${p.spec.f}; Y[i] = y;
        ${wantA ? `PA[i] = ${p.spec.da};` : ''} ${wantB ? `PB[i] = ${p.spec.db};` : ''}
      }`,
    () => (n, A, as, B, bs, Y, PA, PB) => {
      for (let i = 0; i < n; i++) {
        const a = at(ka, A, as, i);
        const b = at(kb, B, bs, i);
        const y = p.f(a, b);
        Y[i] = y;
        if (wantA) (PA as Float64Array)[i] = p.da(a, b, y);
        if (wantB) (PB as Float64Array)[i] = p.db(a, b, y);
      }
    },
  );
}

/**
 * The partial `∂y/∂a` (`which = 'a'`) or `∂y/∂b` as one number when its expression reads
 * neither `y` nor an array operand (`add`'s 1, `mul`'s scalar factor), else `undefined`.
 */
export function constantPartial(
  p: Primitive,
  which: 'a' | 'b',
  ka: ValueKind,
  kb: ValueKind,
  as: number,
  bs: number,
): number | undefined {
  const reads = partialReads(p, which);
  if (reads.y || (ka === 'array' && reads.a) || (kb === 'array' && reads.b)) return undefined;
  return (which === 'a' ? p.da : p.db)(as, bs, Number.NaN);
}

/** Which of `a`, `b`, `y` a primitive's partial expression reads, found once per primitive. */
const partialReadsCache = new Map<string, { a: boolean; b: boolean; y: boolean }>();
function partialReads(p: Primitive, which: 'a' | 'b'): { a: boolean; b: boolean; y: boolean } {
  const key = `${p.name}|${which}`;
  let reads = partialReadsCache.get(key);
  if (reads === undefined) {
    const expr = which === 'a' ? p.spec.da : p.spec.db;
    const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(expr);
    reads = { a: uses('a'), b: uses('b'), y: uses('y') };
    partialReadsCache.set(key, reads);
  }
  return reads;
}

/** The generated backward loop of a primitive over arrays. */
export function reverseKernel(
  p: Primitive,
  ka: ValueKind,
  kb: ValueKind,
  ra: ReverseTargetKind,
  rb: ReverseTargetKind,
): ReverseKernel {
  const send = (r: ReverseTargetKind, i0: string, I: string, partial: string): string =>
    r === 'none'
      ? ''
      : r === 'gathered'
        ? `{ const q = ${I}[i]; if (q >= 0) adj[q] += g * (${partial}); }`
        : `adj[${targetIndex(r, i0, I)}] += g * (${partial});`;
  return compiledOnce<ReverseKernel>(
    `r|${p.name}|${ka}|${kb}|${ra}|${rb}`,
    ['n', 'A', 'as', 'B', 'bs', 'Y', 'adj', 'base', 'ia', 'IA', 'ib', 'IB'],
    () => {
      // Only the reads the partials need: the loop is memory-bound, and a typed-array read keeps
      // its bounds check even when its value is unused.
      const needed = [ra === 'none' ? '' : p.spec.da, rb === 'none' ? '' : p.spec.db].join(' ');
      const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(needed);
      return `
      for (let i = 0; i < n; i++) {
        const g = adj[base + i];
        if (g === 0) continue;
        ${uses('a') ? `const a = ${read(ka, 'A', 'as')};` : ''}
        ${uses('b') ? `const b = ${read(kb, 'B', 'bs')};` : ''}
        ${uses('y') ? 'const y = Y[i];' : ''}
        ${send(ra, 'ia', 'IA', p.spec.da)}
        ${send(rb, 'ib', 'IB', p.spec.db)}
      }`;
    },
    () => (n, A, as, B, bs, Y, adj, base, ia, IA, ib, IB) => {
      for (let i = 0; i < n; i++) {
        const g = adj[base + i];
        if (g === 0) continue;
        const a = at(ka, A, as, i);
        const b = at(kb, B, bs, i);
        const y = Y[i];
        sendTo(adj, ra, ia, IA, i, g, ra === 'none' ? 0 : p.da(a, b, y));
        sendTo(adj, rb, ib, IB, i, g, rb === 'none' ? 0 : p.db(a, b, y));
      }
    },
  );
}

/** `adj[target of element i] += g · partial`, as the generated loop's `send` writes it. */
function sendTo(
  adj: Float64Array,
  r: ReverseTargetKind,
  i0: number,
  I: Int32Array | undefined,
  i: number,
  g: number,
  partial: number,
): void {
  if (r === 'none') return;
  if (r === 'gathered') {
    const q = (I as Int32Array)[i];
    if (q >= 0) adj[q] += g * partial;
  } else adj[r === 'scalar' ? i0 : i0 + i] += g * partial;
}
