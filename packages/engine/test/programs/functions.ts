/**
 * The functions random programs (random-programs.ts) apply, elementwise on scalars and arrays:
 * the vocabulary's, composed so that each stays smooth and bounded on any input (no domain
 * edge: `log(1.5 + a²)`, `div(a, 2 + b²)`, `exp(tanh(a))`), and hot primitives beside scalar
 * rules (`pow`, `hypot`, `atan2`, `cbrt`, `sinh`). The few with a kink (`abs`, `max`, `min`) note
 * how far the point is from it in `Margins`.
 */
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import * as v from '@pullback/rules-core/math';

/**
 * The smallest distance seen between two sides of a kink or branch (`|l − r|`, elementwise).
 * Finite differences with step h ≈ 6e-6 straddle a kink only when the point is closer than
 * about h times the function's slope there.
 */
export class Margins {
  smallest = Infinity;
  note(l: unknown, r: unknown): void {
    const a = values(l);
    const b = values(r);
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = Math.abs(a[a.length === 1 ? 0 : i] - b[b.length === 1 ? 0 : i]);
      if (d < this.smallest) this.smallest = d;
    }
  }
}

function values(x: unknown): number[] {
  const p = primal(x as Real) as unknown;
  if (typeof p === 'number') return [p];
  return Array.from(p as ArrayLike<unknown>, (e) => primal(e as Real) as number);
}

type R = Real | RealArray;
type Unary = (a: R, margins?: Margins) => R;
type Binary = (a: R, b: R, margins?: Margins) => R;

const one = (a: R): R => v.add(1, v.square(a));

/** Unary functions by name. */
export const unaryFunctions: Readonly<Record<string, Unary>> = {
  sin: (a) => v.sin(a),
  cos: (a) => v.cos(a),
  tanh: (a) => v.tanh(a),
  atan: (a) => v.atan(a),
  neg: (a) => v.neg(a),
  square: (a) => v.square(a),
  expTanh: (a) => v.exp(v.tanh(a)),
  logSafe: (a) => v.log(v.add(1.5, v.square(a))),
  sqrtSafe: (a) => v.sqrt(one(a)),
  log1pSquare: (a) => v.log1p(v.square(a)),
  expm1Tanh: (a) => v.expm1(v.tanh(a)),
  cbrtSafe: (a) => v.cbrt(v.add(2, v.square(a))),
  sinhTanh: (a) => v.sinh(v.tanh(a)),
  abs: (a, margins) => {
    margins?.note(a, 0);
    return v.abs(a);
  },
};

/** Binary functions by name (arrays of one length, or a scalar broadcast). */
export const binaryFunctions: Readonly<Record<string, Binary>> = {
  add: (a, b) => v.add(a, b),
  sub: (a, b) => v.sub(a, b),
  mul: (a, b) => v.mul(a, b),
  divSafe: (a, b) => v.div(a, v.add(2, v.square(b))),
  atan2Safe: (a, b) => v.atan2(a, v.add(2, v.square(b))),
  powSafe: (a, b) => v.pow(v.add(1.5, v.square(a)), v.tanh(b)),
  hypotSafe: (a, b) => v.hypot(a, one(b)),
  max: (a, b, margins) => {
    margins?.note(a, b);
    return v.max(a, b);
  },
  min: (a, b, margins) => {
    margins?.note(a, b);
    return v.min(a, b);
  },
};
