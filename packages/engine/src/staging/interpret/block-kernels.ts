import { PRIMITIVE_NAMES } from '../../primitives/primitives.js';
import { blockPartial } from './primitive-functions.js';

/**
 * The element loops of a blocked reverse sweep (block-loop.ts): each moves one block of
 * adjoints in one tight loop over typed-array registers. A send adds `g · partial` for each
 * element whose adjoint `g` is not zero (a zero adjoint sends nothing, even through an infinite
 * partial), or, when `assign` (the target's first write in the block), writes it over a zero.
 * An adjoint is a register (`GY`) or, when it is the same for every element of the loop, one
 * number (`g`); a partial is one number, a register, or written inline for the commonest
 * primitives. Each partial is computed as generated code computes it, so the products round alike.
 */

/**
 * `R[0..n) = value`, in a loop: `fill` is a builtin, and a double passed to one is boxed into a
 * new heap number.
 */
export function spread(R: Float64Array, value: number, n: number): void {
  for (let k = 0; k < n; k++) R[k] = value;
}

/** `T += g · p` over a block, for an adjoint and a partial both the same in every element. */
export function sendUniform(
  n: number,
  g: number,
  p: number,
  T: Float64Array,
  assign: boolean,
): void {
  if (g === 0) {
    if (assign) spread(T, 0, n);
    return;
  }
  const c = g * p;
  if (assign) spread(T, 0 + c, n);
  else for (let e = 0; e < n; e++) T[e] = T[e] + c;
}

/**
 * `T += GY · c` over a block, for a partial the same in every element. A finite `c` needs no
 * zero test: `0 · c` adds a zero, which changes at most the sign of a zero sum.
 */
export function sendConstant(
  n: number,
  GY: Float64Array,
  c: number,
  T: Float64Array,
  assign: boolean,
): void {
  if (c - c === 0) {
    if (assign) for (let e = 0; e < n; e++) T[e] = 0 + GY[e] * c;
    else for (let e = 0; e < n; e++) T[e] = T[e] + GY[e] * c;
    return;
  }
  for (let e = 0; e < n; e++) {
    const g = GY[e];
    const t = assign ? 0 : T[e];
    T[e] = g !== 0 ? t + g * c : t;
  }
}

function sendVia(
  n: number,
  GY: Float64Array,
  P: Float64Array,
  T: Float64Array,
  assign: boolean,
): void {
  for (let e = 0; e < n; e++) {
    const g = GY[e];
    const t = assign ? 0 : T[e];
    T[e] = g !== 0 ? t + g * P[e] : t;
  }
}

function sendScalarVia(
  n: number,
  g: number,
  P: Float64Array,
  T: Float64Array,
  assign: boolean,
): void {
  if (g === 0) {
    if (assign) spread(T, 0, n);
    return;
  }
  if (assign) for (let e = 0; e < n; e++) T[e] = 0 + g * P[e];
  else for (let e = 0; e < n; e++) T[e] = T[e] + g * P[e];
}

const [MUL, SQUARE, EXP, DIV, TANH] = (['mul', 'square', 'exp', 'div', 'tanh'] as const).map(
  (name) => PRIMITIVE_NAMES.indexOf(name),
);

/**
 * `T += GY · ∂y/∂(operand k)` over a block, the partial of primitive `code` from its operands
 * `A`, `B` and value `Y`: inline for the commonest primitives, else through the scratch `P`.
 */
export function sendPartial(
  code: number,
  k: 0 | 1,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
  GY: Float64Array,
  T: Float64Array,
  assign: boolean,
  P: Float64Array,
): void {
  switch (code) {
    case MUL:
      sendVia(n, GY, k === 0 ? B : A, T, assign);
      return;
    case SQUARE:
      for (let e = 0; e < n; e++) {
        const g = GY[e];
        const t = assign ? 0 : T[e];
        T[e] = g !== 0 ? t + g * (2 * A[e]) : t;
      }
      return;
    case EXP:
      sendVia(n, GY, Y, T, assign);
      return;
    case DIV:
      for (let e = 0; e < n; e++) {
        const g = GY[e];
        const t = assign ? 0 : T[e];
        T[e] = g !== 0 ? t + g * (k === 0 ? 1 / B[e] : -Y[e] / B[e]) : t;
      }
      return;
    case TANH:
      for (let e = 0; e < n; e++) {
        const g = GY[e];
        const t = assign ? 0 : T[e];
        T[e] = g !== 0 ? t + g * (1 - Y[e] * Y[e]) : t;
      }
      return;
    default:
      blockPartial(code, k, n, A, B, Y, P);
      sendVia(n, GY, P, T, assign);
  }
}

/** `sendPartial` for an adjoint `g` the same in every element (the partial varies). */
export function sendScalarPartial(
  code: number,
  k: 0 | 1,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
  g: number,
  T: Float64Array,
  assign: boolean,
  P: Float64Array,
): void {
  if (g === 0) {
    if (assign) spread(T, 0, n);
    return;
  }
  switch (code) {
    case MUL:
      sendScalarVia(n, g, k === 0 ? B : A, T, assign);
      return;
    case SQUARE:
      if (assign) for (let e = 0; e < n; e++) T[e] = 0 + g * (2 * A[e]);
      else for (let e = 0; e < n; e++) T[e] = T[e] + g * (2 * A[e]);
      return;
    case EXP:
      sendScalarVia(n, g, Y, T, assign);
      return;
    default:
      blockPartial(code, k, n, A, B, Y, P);
      sendScalarVia(n, g, P, T, assign);
  }
}

/**
 * Loads' adjoints: `GX[f][start[f] + step[f]·e] += GY[f][e]` for `f < count`, element by element
 * from the last, each element's in the order of `f` (two loads, the commonest, in one loop).
 */
export function addAllToBuffers(
  n: number,
  count: number,
  GY: readonly Float64Array[],
  GX: readonly Float64Array[],
  start: Int32Array,
  step: Int32Array,
): void {
  if (count === 2) {
    const G0 = GY[0];
    const G1 = GY[1];
    const X0 = GX[0];
    const X1 = GX[1];
    const s0 = start[0];
    const s1 = start[1];
    const d0 = step[0];
    const d1 = step[1];
    for (let e = n - 1; e >= 0; e--) {
      X0[s0 + d0 * e] += G0[e];
      X1[s1 + d1 * e] += G1[e];
    }
    return;
  }
  for (let e = n - 1; e >= 0; e--)
    for (let f = 0; f < count; f++) GX[f][start[f] + step[f] * e] += GY[f][e];
}

/** `addToBuffer` of an adjoint `g` the same in every element. */
export function addUniformToBuffer(
  n: number,
  g: number,
  GX: Float64Array,
  start: number,
  step: number,
): void {
  for (let e = n - 1; e >= 0; e--) GX[start + step * e] += g;
}

/**
 * A store's adjoints: the element was overwritten, so its adjoint goes to the stored value (into
 * `T`, when that is active) and none to what was there.
 */
export function takeFromBuffer(
  n: number,
  GB: Float64Array,
  start: number,
  step: number,
  T: Float64Array | undefined,
  assign: boolean,
): void {
  for (let e = n - 1; e >= 0; e--) {
    const i = start + step * e;
    if (T !== undefined) T[e] = (assign ? 0 : T[e]) + GB[i];
    GB[i] = 0;
  }
}

/** A select's adjoints: each element's to the side its condition chose (zeroed first when `assign`). */
export function sendSelected(
  n: number,
  C: Float64Array,
  GY: Float64Array,
  TA: Float64Array | undefined,
  TB: Float64Array | undefined,
): void {
  for (let e = 0; e < n; e++) {
    if (C[e] !== 0) {
      if (TA !== undefined) TA[e] += GY[e];
    } else if (TB !== undefined) TB[e] += GY[e];
  }
}
