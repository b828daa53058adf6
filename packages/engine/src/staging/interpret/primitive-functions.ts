import {
  PRIMITIVES,
  scalarPartials,
  scalarPrimitive,
  type Primitive,
} from '../../primitives/primitives.js';
import {
  partialTangents,
  scalarPartialTangents,
} from '../../primitives/second-order-primitives.js';

/**
 * The interpreter's one door to the primitive table (primitives/primitives.ts): the plain
 * functions of each primitive's value, partials and second partials, and which second partials
 * are zero everywhere (generated code leaves their terms out, so the interpreter must too: a
 * term left out is not the same as a term times an infinite tangent).
 */

type Fn3 = (a: number, b: number, y: number) => number;

/** What the interpreter needs of one primitive, by code. */
export interface PrimitiveFunctions {
  readonly p: Primitive;
  readonly value: (a: number, b: number) => number;
  /** `partials[k]`: ∂y/∂(operand k). */
  readonly partials: readonly [Fn3, Fn3];
  /** `second[k][j]`: ∂²y/∂(operand k)∂(operand j), `undefined` where it is zero everywhere. */
  readonly second: readonly [readonly [Fn3?, Fn3?], readonly [Fn3?, Fn3?]];
  /** True when partial `k` is a constant (its expression reads neither operand nor value). */
  readonly constantPartial: readonly [boolean, boolean];
}

/**
 * One primitive on numbers: its value, with its partials left in `PARTIALS` (the engine's
 * scalar switch, which a test holds to the table: one call, no closure per primitive).
 */
export const valueAndPartials: (code: number, a: number, b: number) => number = scalarPrimitive;
/** `[∂y/∂a, ∂y/∂b]` of the latest `valueAndPartials`. */
export const PARTIALS: Float64Array = scalarPartials;
/**
 * The tangents of a primitive's two partials for operand tangents `(u, w)`, left in
 * `PARTIAL_TANGENTS` (terms of second partials zero everywhere left out, zero tangents sending
 * nothing), by the engine's second-order switch, which a test holds to the table.
 */
export const tangentsOfPartials: (
  code: number,
  a: number,
  b: number,
  y: number,
  u: number,
  w: number,
) => void = scalarPartialTangents;
/** `[ṗa, ṗb]` of the latest `tangentsOfPartials`. */
export const PARTIAL_TANGENTS: Float64Array = partialTangents;

const unlessZero = (spec: string, f: Fn3): Fn3 | undefined => (spec === '0' ? undefined : f);
const constant = (spec: string): boolean => !/\b[aby]\b/.test(spec);

/** The primitive functions by primitive code. */
export const PRIMITIVE_FUNCTIONS: readonly PrimitiveFunctions[] = PRIMITIVES.map((p) => ({
  p,
  value: p.f,
  partials: [p.da, p.db],
  second: [
    [unlessZero(p.hessian.aa, p.aa), unlessZero(p.hessian.ab, p.ab)],
    [unlessZero(p.hessian.ab, p.ab), unlessZero(p.hessian.bb, p.bb)],
  ],
  constantPartial: [constant(p.spec.da), constant(p.spec.db)],
}));

/**
 * `Y[k] = f(A[k], B[k])` for `k < n`: one tight loop per primitive, chosen by a switch outside
 * the element loop, so each loop stays monomorphic. The expressions are the table's (a test
 * holds every case to the table's functions); `B` is ignored by unary primitives.
 */
export function blockValue(
  code: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
): void {
  switch (code) {
    case 0:
      for (let k = 0; k < n; k++) Y[k] = A[k] + B[k];
      return;
    case 1:
      for (let k = 0; k < n; k++) Y[k] = A[k] - B[k];
      return;
    case 2:
      for (let k = 0; k < n; k++) Y[k] = A[k] * B[k];
      return;
    case 3:
      for (let k = 0; k < n; k++) Y[k] = A[k] / B[k];
      return;
    case 4:
      for (let k = 0; k < n; k++) Y[k] = -A[k];
      return;
    case 5:
      for (let k = 0; k < n; k++) Y[k] = A[k] * A[k];
      return;
    case 6:
      for (let k = 0; k < n; k++) Y[k] = Math.sqrt(A[k]);
      return;
    case 7:
      for (let k = 0; k < n; k++) Y[k] = Math.exp(A[k]);
      return;
    case 8:
      for (let k = 0; k < n; k++) Y[k] = Math.log(A[k]);
      return;
    case 9:
      for (let k = 0; k < n; k++) Y[k] = Math.sin(A[k]);
      return;
    case 10:
      for (let k = 0; k < n; k++) Y[k] = Math.cos(A[k]);
      return;
    case 11:
      for (let k = 0; k < n; k++) Y[k] = Math.tanh(A[k]);
      return;
    case 12:
      for (let k = 0; k < n; k++) Y[k] = Math.log1p(A[k]);
      return;
    case 13:
      for (let k = 0; k < n; k++) Y[k] = Math.expm1(A[k]);
      return;
    case 14:
      for (let k = 0; k < n; k++) Y[k] = Math.atan(A[k]);
      return;
    case 15:
      for (let k = 0; k < n; k++) Y[k] = Math.abs(A[k]);
      return;
    case 16:
      for (let k = 0; k < n; k++) Y[k] = Math.max(A[k], B[k]);
      return;
    case 17:
      for (let k = 0; k < n; k++) Y[k] = Math.min(A[k], B[k]);
      return;
    default: {
      const f = PRIMITIVES[code].f;
      for (let k = 0; k < n; k++) Y[k] = f(A[k], B[k]);
    }
  }
}

/**
 * `P[k]` = the partial of primitive `code` with respect to operand `which` at element `k`
 * (operands `A`, `B`, value `Y`), reading only what the table's expression reads: in a
 * reverse sweep only those registers were recomputed.
 */
export function blockPartial(
  code: number,
  which: 0 | 1,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
  P: Float64Array,
): void {
  if (which === 1) {
    switch (code) {
      case 0:
        P.fill(1, 0, n);
        return;
      case 1:
        P.fill(-1, 0, n);
        return;
      case 2:
        for (let k = 0; k < n; k++) P[k] = A[k];
        return;
      case 3:
        for (let k = 0; k < n; k++) P[k] = -Y[k] / B[k];
        return;
      case 16:
        for (let k = 0; k < n; k++) P[k] = A[k] > B[k] ? 0 : 1;
        return;
      case 17:
        for (let k = 0; k < n; k++) P[k] = A[k] < B[k] ? 0 : 1;
        return;
      default:
        P.fill(0, 0, n);
        return;
    }
  }
  switch (code) {
    case 0:
    case 1:
      P.fill(1, 0, n);
      return;
    case 2:
      for (let k = 0; k < n; k++) P[k] = B[k];
      return;
    case 3:
      for (let k = 0; k < n; k++) P[k] = 1 / B[k];
      return;
    case 4:
      P.fill(-1, 0, n);
      return;
    case 5:
      for (let k = 0; k < n; k++) P[k] = 2 * A[k];
      return;
    case 6:
      for (let k = 0; k < n; k++) P[k] = 0.5 / Y[k];
      return;
    case 7:
      for (let k = 0; k < n; k++) P[k] = Y[k];
      return;
    case 8:
      for (let k = 0; k < n; k++) P[k] = 1 / A[k];
      return;
    case 9:
      for (let k = 0; k < n; k++) P[k] = Math.cos(A[k]);
      return;
    case 10:
      for (let k = 0; k < n; k++) P[k] = -Math.sin(A[k]);
      return;
    case 11:
      for (let k = 0; k < n; k++) P[k] = 1 - Y[k] * Y[k];
      return;
    case 12:
      for (let k = 0; k < n; k++) P[k] = 1 / (1 + A[k]);
      return;
    case 13:
      for (let k = 0; k < n; k++) P[k] = Y[k] + 1;
      return;
    case 14:
      for (let k = 0; k < n; k++) P[k] = 1 / (1 + A[k] * A[k]);
      return;
    case 15:
      for (let k = 0; k < n; k++) P[k] = Math.sign(A[k]);
      return;
    case 16:
      for (let k = 0; k < n; k++) P[k] = A[k] > B[k] ? 1 : 0;
      return;
    case 17:
      for (let k = 0; k < n; k++) P[k] = A[k] < B[k] ? 1 : 0;
      return;
    default: {
      const f = PRIMITIVES[code].da;
      for (let k = 0; k < n; k++) P[k] = f(A[k], B[k], Y[k]);
    }
  }
}
