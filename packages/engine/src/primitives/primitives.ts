import type { DifferentiableFunction } from '@pullback/rules-core';
import * as m from '@pullback/rules-core/math';

/**
 * The one table of the vocabulary's hottest scalar functions. Each entry says everything the
 * engine needs about its primitive twice over: as plain JavaScript (the value, the partials
 * and the second partials, for interpreters and for runs where code cannot be generated) and
 * as expressions in `a`, `b` and the value `y` (for generated loops and compiled programs).
 * The table is a mapped type over the primitive names, so an entry missing any part does not
 * compile; a test checks that each entry's functions and expressions agree with each other,
 * with rules-core's own rules and with the scalar switch below.
 */

/** The hot primitives, in table order (a primitive's `code` is its place here). */
export const PRIMITIVE_NAMES = [
  'add',
  'sub',
  'mul',
  'div',
  'neg',
  'square',
  'sqrt',
  'exp',
  'log',
  'sin',
  'cos',
  'tanh',
  'log1p',
  'expm1',
  'atan',
  'abs',
  'max',
  'min',
] as const;

/** The name of a hot primitive. */
export type PrimitiveName = (typeof PRIMITIVE_NAMES)[number];

type Fn2 = (a: number, b: number) => number;
type Fn3 = (a: number, b: number, y: number) => number;

/** Second partials of a primitive: ∂²y/∂a², ∂²y/∂a∂b, ∂²y/∂b², as expressions in `a`, `b`, `y`. */
export interface HessianSpec {
  readonly aa: string;
  readonly ab: string;
  readonly bb: string;
}

/** One entry of the table, as written: both forms of every part. */
interface Definition {
  /** The rules-core function this entry describes. */
  readonly fn: unknown;
  readonly arity: 1 | 2;
  /** Expressions of the value and of the partials (`da`, `db`) in `a`, `b`, `y`. */
  readonly spec: { readonly f: string; readonly da: string; readonly db: string };
  /** Expressions of the second partials; the literal `'0'` marks one that is zero everywhere. */
  readonly hessian: HessianSpec;
  /** The value on numbers. */
  readonly f: Fn2;
  /** ∂y/∂a at (a, b) with value y. */
  readonly da: Fn3;
  /** ∂y/∂b at (a, b) with value y (0 for unary functions). */
  readonly db: Fn3;
  /** ∂²y/∂a², ∂²y/∂a∂b, ∂²y/∂b² at (a, b) with value y. */
  readonly aa: Fn3;
  readonly ab: Fn3;
  readonly bb: Fn3;
}

/** A hot primitive: its table entry with its name and its code (its index in the table). */
export interface Primitive extends Definition {
  readonly name: PrimitiveName;
  /** Index into `scalarPrimitive`'s switch and every table ordered like it. */
  readonly code: number;
}

const zero: Fn3 = () => 0;
const one: Fn3 = () => 1;
const linear = { hessian: { aa: '0', ab: '0', bb: '0' }, aa: zero, ab: zero, bb: zero } as const;
const unary = (aa: string, faa: Fn3) =>
  ({ arity: 1, db: zero, hessian: { aa, ab: '0', bb: '0' }, aa: faa, ab: zero, bb: zero }) as const;

const definitions: { readonly [P in PrimitiveName]: Definition } = {
  add: {
    fn: m.add,
    arity: 2,
    spec: { f: 'a + b', da: '1', db: '1' },
    f: (a, b) => a + b,
    da: one,
    db: one,
    ...linear,
  },
  sub: {
    fn: m.sub,
    arity: 2,
    spec: { f: 'a - b', da: '1', db: '-1' },
    f: (a, b) => a - b,
    da: one,
    db: () => -1,
    ...linear,
  },
  mul: {
    fn: m.mul,
    arity: 2,
    spec: { f: 'a * b', da: 'b', db: 'a' },
    hessian: { aa: '0', ab: '1', bb: '0' },
    f: (a, b) => a * b,
    da: (_a, b) => b,
    db: (a) => a,
    aa: zero,
    ab: one,
    bb: zero,
  },
  // y = a/b: ∂y/∂a = 1/b, ∂y/∂b = -a/b² = -y/b.
  div: {
    fn: m.div,
    arity: 2,
    spec: { f: 'a / b', da: '1 / b', db: '-y / b' },
    hessian: { aa: '0', ab: '-1 / (b * b)', bb: '2 * y / (b * b)' },
    f: (a, b) => a / b,
    da: (_a, b) => 1 / b,
    db: (_a, b, y) => -y / b,
    aa: zero,
    ab: (_a, b) => -1 / (b * b),
    bb: (_a, b, y) => (2 * y) / (b * b),
  },
  neg: {
    fn: m.neg,
    arity: 1,
    spec: { f: '-a', da: '-1', db: '0' },
    f: (a) => -a,
    da: () => -1,
    db: zero,
    ...linear,
  },
  square: {
    fn: m.square,
    spec: { f: 'a * a', da: '2 * a', db: '0' },
    f: (a) => a * a,
    da: (a) => 2 * a,
    ...unary('2', () => 2),
  },
  // ∂y/∂a = 0.5/y with y = √a.
  sqrt: {
    fn: m.sqrt,
    spec: { f: 'Math.sqrt(a)', da: '0.5 / y', db: '0' },
    f: (a) => Math.sqrt(a),
    da: (_a, _b, y) => 0.5 / y,
    ...unary('-0.25 / (y * y * y)', (_a, _b, y) => -0.25 / (y * y * y)),
  },
  exp: {
    fn: m.exp,
    spec: { f: 'Math.exp(a)', da: 'y', db: '0' },
    f: (a) => Math.exp(a),
    da: (_a, _b, y) => y,
    ...unary('y', (_a, _b, y) => y),
  },
  log: {
    fn: m.log,
    spec: { f: 'Math.log(a)', da: '1 / a', db: '0' },
    f: (a) => Math.log(a),
    da: (a) => 1 / a,
    ...unary('-1 / (a * a)', (a) => -1 / (a * a)),
  },
  sin: {
    fn: m.sin,
    spec: { f: 'Math.sin(a)', da: 'Math.cos(a)', db: '0' },
    f: (a) => Math.sin(a),
    da: (a) => Math.cos(a),
    ...unary('-y', (_a, _b, y) => -y),
  },
  cos: {
    fn: m.cos,
    spec: { f: 'Math.cos(a)', da: '-Math.sin(a)', db: '0' },
    f: (a) => Math.cos(a),
    da: (a) => -Math.sin(a),
    ...unary('-y', (_a, _b, y) => -y),
  },
  // ∂y/∂a = 1 - y².
  tanh: {
    fn: m.tanh,
    spec: { f: 'Math.tanh(a)', da: '1 - y * y', db: '0' },
    f: (a) => Math.tanh(a),
    da: (_a, _b, y) => 1 - y * y,
    ...unary('-2 * y * (1 - y * y)', (_a, _b, y) => -2 * y * (1 - y * y)),
  },
  log1p: {
    fn: m.log1p,
    spec: { f: 'Math.log1p(a)', da: '1 / (1 + a)', db: '0' },
    f: (a) => Math.log1p(a),
    da: (a) => 1 / (1 + a),
    ...unary('-1 / ((1 + a) * (1 + a))', (a) => -1 / ((1 + a) * (1 + a))),
  },
  // ∂y/∂a = y + 1 with y = eᵃ - 1.
  expm1: {
    fn: m.expm1,
    spec: { f: 'Math.expm1(a)', da: 'y + 1', db: '0' },
    f: (a) => Math.expm1(a),
    da: (_a, _b, y) => y + 1,
    ...unary('y + 1', (_a, _b, y) => y + 1),
  },
  atan: {
    fn: m.atan,
    spec: { f: 'Math.atan(a)', da: '1 / (1 + a * a)', db: '0' },
    f: (a) => Math.atan(a),
    da: (a) => 1 / (1 + a * a),
    ...unary('-2 * a / ((1 + a * a) * (1 + a * a))', (a) => (-2 * a) / ((1 + a * a) * (1 + a * a))),
  },
  // The partials below follow rules-core's exactly: abs′(0) = 0, ties of max and min go to b.
  // Piecewise linear: their partials are constant where they exist.
  abs: {
    fn: m.abs,
    arity: 1,
    spec: { f: 'Math.abs(a)', da: 'Math.sign(a)', db: '0' },
    f: (a) => Math.abs(a),
    da: (a) => Math.sign(a),
    db: zero,
    ...linear,
  },
  max: {
    fn: m.max,
    arity: 2,
    spec: { f: 'Math.max(a, b)', da: 'a > b ? 1 : 0', db: 'a > b ? 0 : 1' },
    f: (a, b) => Math.max(a, b),
    da: (a, b) => (a > b ? 1 : 0),
    db: (a, b) => (a > b ? 0 : 1),
    ...linear,
  },
  min: {
    fn: m.min,
    arity: 2,
    spec: { f: 'Math.min(a, b)', da: 'a < b ? 1 : 0', db: 'a < b ? 0 : 1' },
    f: (a, b) => Math.min(a, b),
    da: (a, b) => (a < b ? 1 : 0),
    db: (a, b) => (a < b ? 0 : 1),
    ...linear,
  },
};

/** Every hot primitive by code (the table, numbered). */
export const PRIMITIVES: readonly Primitive[] = PRIMITIVE_NAMES.map((name, code) => ({
  ...definitions[name],
  name,
  code,
}));

/** Partials written by `scalarPrimitive`: `[∂y/∂a, ∂y/∂b]`. */
export const scalarPartials = new Float64Array(2);

/**
 * The value of primitive `code` at numbers `(a, b)`, its partials left in `scalarPartials`.
 * One switch instead of calls through the table's closures keeps the scalar hot path
 * monomorphic; a test checks every case against the table.
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
for (const prim of PRIMITIVES) Object.defineProperty(prim.fn, DESCRIPTION, { value: prim });

/** The numeric description of `f` when it is one of the hot primitives. */
export function primitiveOf(f: DifferentiableFunction): Primitive | undefined {
  return (f as { [DESCRIPTION]?: Primitive })[DESCRIPTION];
}
