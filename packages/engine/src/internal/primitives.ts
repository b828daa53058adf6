import type { DifferentiableFunction } from '@pullback/rules-core';
import * as m from '@pullback/rules-core/math';

/**
 * The vocabulary's hottest scalar functions, described by expressions in `a`, `b` and the
 * value `y`. Both interpreters use them on plain numbers so a recorded operation costs a few
 * multiplications, not a call to the partials closure and an array allocation; whole-array
 * operations run loops generated once per primitive and operand kinds, so V8 sees one small
 * monomorphic loop instead of a generic one calling closures per element.
 */
export interface Primitive {
  readonly name: string;
  /** Index into `scalarPrimitive`'s switch. */
  readonly code: number;
  readonly arity: 1 | 2;
  /** Expressions of the value and of the partials (`da`, `db`) in `a`, `b`, `y`. */
  readonly spec: { readonly f: string; readonly da: string; readonly db: string };
  /** The value on numbers. */
  readonly f: (a: number, b: number) => number;
  /** ∂y/∂a at (a, b) with value y. */
  readonly da: (a: number, b: number, y: number) => number;
  /** ∂y/∂b at (a, b) with value y (0 for unary functions). */
  readonly db: (a: number, b: number, y: number) => number;
}

type Fn2 = (a: number, b: number) => number;
type Fn3 = (a: number, b: number, y: number) => number;

let nextCode = 0;

function primitive(name: string, arity: 1 | 2, f: string, da: string, db = '0'): Primitive {
  // Generated so each primitive has its own code and type feedback (see the module comment).
  return {
    name,
    code: nextCode++,
    arity,
    spec: { f, da, db },
    f: new Function('a', 'b', `return ${f};`) as Fn2,
    da: new Function('a', 'b', 'y', `return ${da};`) as Fn3,
    db: new Function('a', 'b', 'y', `return ${db};`) as Fn3,
  };
}

const table = new Map<unknown, Primitive>([
  [m.add, primitive('add', 2, 'a + b', '1', '1')],
  [m.sub, primitive('sub', 2, 'a - b', '1', '-1')],
  [m.mul, primitive('mul', 2, 'a * b', 'b', 'a')],
  [m.div, primitive('div', 2, 'a / b', '1 / b', '-y / b')],
  [m.neg, primitive('neg', 1, '-a', '-1')],
  [m.square, primitive('square', 1, 'a * a', '2 * a')],
  [m.sqrt, primitive('sqrt', 1, 'Math.sqrt(a)', '0.5 / y')],
  [m.exp, primitive('exp', 1, 'Math.exp(a)', 'y')],
  [m.log, primitive('log', 1, 'Math.log(a)', '1 / a')],
  [m.sin, primitive('sin', 1, 'Math.sin(a)', 'Math.cos(a)')],
  [m.cos, primitive('cos', 1, 'Math.cos(a)', '-Math.sin(a)')],
  [m.tanh, primitive('tanh', 1, 'Math.tanh(a)', '1 - y * y')],
  [m.log1p, primitive('log1p', 1, 'Math.log1p(a)', '1 / (1 + a)')],
  [m.expm1, primitive('expm1', 1, 'Math.expm1(a)', 'y + 1')],
  [m.atan, primitive('atan', 1, 'Math.atan(a)', '1 / (1 + a * a)')],
  // The partials below follow rules-core's exactly: abs′(0) = 0, ties of max and min go to b.
  [m.abs, primitive('abs', 1, 'Math.abs(a)', 'Math.sign(a)')],
  [m.max, primitive('max', 2, 'Math.max(a, b)', 'a > b ? 1 : 0', 'a > b ? 0 : 1')],
  [m.min, primitive('min', 2, 'Math.min(a, b)', 'a < b ? 1 : 0', 'a < b ? 0 : 1')],
]);

/** Partials written by `scalarPrimitive`: `[∂y/∂a, ∂y/∂b]`. */
export const scalarPartials = new Float64Array(2);

/**
 * The value of primitive `code` at numbers `(a, b)`, its partials left in `scalarPartials`.
 * One switch instead of calls through closures keeps the scalar hot path monomorphic.
 */
export function scalarPrimitive(code: number, a: number, b: number): number {
  let y: number;
  let da: number;
  let db = 0;
  switch (code) {
    case 0:
      y = a + b;
      da = 1;
      db = 1;
      break;
    case 1:
      y = a - b;
      da = 1;
      db = -1;
      break;
    case 2:
      y = a * b;
      da = b;
      db = a;
      break;
    case 3:
      y = a / b;
      da = 1 / b;
      db = -y / b;
      break;
    case 4:
      y = -a;
      da = -1;
      break;
    case 5:
      y = a * a;
      da = 2 * a;
      break;
    case 6:
      y = Math.sqrt(a);
      da = 0.5 / y;
      break;
    case 7:
      y = Math.exp(a);
      da = y;
      break;
    case 8:
      y = Math.log(a);
      da = 1 / a;
      break;
    case 9:
      y = Math.sin(a);
      da = Math.cos(a);
      break;
    case 10:
      y = Math.cos(a);
      da = -Math.sin(a);
      break;
    case 11:
      y = Math.tanh(a);
      da = 1 - y * y;
      break;
    case 12:
      y = Math.log1p(a);
      da = 1 / (1 + a);
      break;
    case 13:
      y = Math.expm1(a);
      da = y + 1;
      break;
    case 14:
      y = Math.atan(a);
      da = 1 / (1 + a * a);
      break;
    case 15:
      y = Math.abs(a);
      da = Math.sign(a);
      break;
    case 16:
      y = Math.max(a, b);
      da = a > b ? 1 : 0;
      db = 1 - da;
      break;
    default:
      y = Math.min(a, b);
      da = a < b ? 1 : 0;
      db = 1 - da;
  }
  scalarPartials[0] = da;
  scalarPartials[1] = db;
  return y;
}

/**
 * Where each hot primitive's description sits on the function itself: a property load on a
 * function is a few instructions on the hottest path of both interpreters, a `Map` lookup a
 * hash probe. The symbol is this module's own, so nothing else can see or clash with it.
 */
const DESCRIPTION = Symbol('pullback.engine.primitive');
for (const [f, prim] of table) Object.defineProperty(f, DESCRIPTION, { value: prim });

/** The numeric description of `f` when it is one of the hot primitives. */
export function primitiveOf(f: DifferentiableFunction): Primitive | undefined {
  return (f as { [DESCRIPTION]?: Primitive })[DESCRIPTION];
}

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
 * names the primitive or kernel shape and every operand kind the body depends on).
 */
export function compiledOnce<K>(key: string, params: readonly string[], body: () => string): K {
  let k = cache.get(key) as K | undefined;
  if (k === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    k = new Function(...params, body()) as K;
    cache.set(key, k);
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
  );
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
  );
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
  );
}
