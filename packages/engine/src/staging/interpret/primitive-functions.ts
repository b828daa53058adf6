import { PRIMITIVES, type Primitive } from '../../internal/primitives.js';

/**
 * The interpreter's one door to the primitive table (internal/primitives.ts): the plain
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
