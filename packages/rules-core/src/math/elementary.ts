import { primal, type Real } from '../active.js';
import { declareScalar } from '../scalar-rule.js';
import { add, div, mul, neg, sub } from './arithmetic.js';
import type { Elementwise1, Elementwise2 } from './elementwise.js';

/**
 * Scalar functions declared by their partials, exactly as a package developer declares
 * theirs. Each broadcasts over arrays. Partials use the vocabulary, so they differentiate
 * again; branch conditions read primals, following ChainRules at non-differentiable points.
 */

type Loop1 = (out: Float64Array, x: Float64Array) => void;
type Loop2 = (out: Float64Array, a: Float64Array, sa: number, b: Float64Array, sb: number) => void;

// Each function also gets its own loop over Float64Arrays (see `ArrayLoop`): the operation is
// then inlined in the loop instead of called per element.
const unary = (
  fn: (x: number) => number,
  partials: (x: Real, y: Real) => readonly Real[],
  loop: Loop1,
): Elementwise1 =>
  declareScalar<[Real]>(fn as never, partials as never, undefined, loop) as unknown as Elementwise1;
const binary = (
  fn: (a: number, b: number) => number,
  partials: (a: Real, b: Real, y: Real) => readonly Real[],
  loop: Loop2,
): Elementwise2 =>
  declareScalar<[Real, Real]>(
    fn as never,
    partials as never,
    undefined,
    loop,
  ) as unknown as Elementwise2;

/** `x²`. */
export const square = unary(
  function square(x) {
    return x * x;
  },
  (x) => [mul(2, x)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = x[i] * x[i];
  },
);
/** `√x`. */
export const sqrt = unary(
  function sqrt(x) {
    return Math.sqrt(x);
  },
  (_x, y) => [div(0.5, y)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(x[i]);
  },
);
/** `∛x`. */
export const cbrt = unary(
  function cbrt(x) {
    return Math.cbrt(x);
  },
  (_x, y) => [div(1, mul(3, square(y)))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.cbrt(x[i]);
  },
);
/** `eˣ`. */
export const exp = unary(
  function exp(x) {
    return Math.exp(x);
  },
  (_x, y) => [y],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(x[i]);
  },
);
/** `eˣ - 1`, accurate near 0. */
export const expm1 = unary(
  function expm1(x) {
    return Math.expm1(x);
  },
  (_x, y) => [add(y, 1)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.expm1(x[i]);
  },
);
/** Natural logarithm. */
export const log = unary(
  function log(x) {
    return Math.log(x);
  },
  (x) => [div(1, x)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log(x[i]);
  },
);
/** `log(1 + x)`, accurate near 0. */
export const log1p = unary(
  function log1p(x) {
    return Math.log1p(x);
  },
  (x) => [div(1, add(1, x))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log1p(x[i]);
  },
);
/** Sine. */
export const sin: Elementwise1 = unary(
  function sin(x) {
    return Math.sin(x);
  },
  (x) => [cos(x)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sin(x[i]);
  },
);
/** Cosine. */
export const cos: Elementwise1 = unary(
  function cos(x) {
    return Math.cos(x);
  },
  (x) => [neg(sin(x))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.cos(x[i]);
  },
);
/** Tangent. */
export const tan = unary(
  function tan(x) {
    return Math.tan(x);
  },
  (_x, y) => [add(1, square(y))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.tan(x[i]);
  },
);
/** Arcsine. */
export const asin = unary(
  function asin(x) {
    return Math.asin(x);
  },
  (x) => [div(1, sqrt(sub(1, square(x))))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.asin(x[i]);
  },
);
/** Arccosine. */
export const acos = unary(
  function acos(x) {
    return Math.acos(x);
  },
  (x) => [neg(div(1, sqrt(sub(1, square(x)))))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.acos(x[i]);
  },
);
/** Arctangent. */
export const atan = unary(
  function atan(x) {
    return Math.atan(x);
  },
  (x) => [div(1, add(1, square(x)))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.atan(x[i]);
  },
);
/** `atan2(y, x)`, the angle of the point `(x, y)`. */
export const atan2 = binary(
  function atan2(y, x) {
    return Math.atan2(y, x);
  },
  (y, x) => {
    const r2 = add(square(x), square(y));
    return [div(x, r2), neg(div(y, r2))];
  },
  (out, y, sy, x, sx) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.atan2(y[i * sy], x[i * sx]);
  },
);
/** Hyperbolic sine. */
export const sinh: Elementwise1 = unary(
  function sinh(x) {
    return Math.sinh(x);
  },
  (x) => [cosh(x)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sinh(x[i]);
  },
);
/** Hyperbolic cosine. */
export const cosh: Elementwise1 = unary(
  function cosh(x) {
    return Math.cosh(x);
  },
  (x) => [sinh(x)],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.cosh(x[i]);
  },
);
/** Hyperbolic tangent. */
export const tanh = unary(
  function tanh(x) {
    return Math.tanh(x);
  },
  (_x, y) => [sub(1, square(y))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.tanh(x[i]);
  },
);
/** `|x|`; its derivative at 0 is 0, as in ChainRules. */
export const abs = unary(
  function abs(x) {
    return Math.abs(x);
  },
  (x) => [Math.sign(primal(x))],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.abs(x[i]);
  },
);
/** `xᵖ`. The partial in `p` is taken as 0 where `x ≤ 0` (where `log x` is undefined). */
export const pow = binary(
  function pow(x, p) {
    return x ** p;
  },
  (x, p, y) => [
    primal(p) === 0 ? 0 : mul(p, pow(x, sub(p, 1))),
    primal(x) > 0 ? mul(y, log(x)) : 0,
  ],
  (out, x, sx, p, sp) => {
    for (let i = 0; i < out.length; i++) out[i] = x[i * sx] ** p[i * sp];
  },
);
/** `√(a² + b²)` without overflow; its gradient at the origin is 0, not NaN. */
export const hypot = binary(
  function hypot(a, b) {
    return Math.hypot(a, b);
  },
  (a, b, y) => (primal(y) === 0 ? [0, 0] : [div(a, y), div(b, y)]),
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.hypot(a[i * sa], b[i * sb]);
  },
);
/** The smaller of `a` and `b`; at a tie the derivative goes to `b`. */
export const min = binary(
  function min(a, b) {
    return Math.min(a, b);
  },
  (a, b) => (primal(a) < primal(b) ? [1, 0] : [0, 1]),
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.min(a[i * sa], b[i * sb]);
  },
);
/** The larger of `a` and `b`; at a tie the derivative goes to `b`, as in ChainRules. */
export const max = binary(
  function max(a, b) {
    return Math.max(a, b);
  },
  (a, b) => (primal(a) > primal(b) ? [1, 0] : [0, 1]),
  (out, a, sa, b, sb) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.max(a[i * sa], b[i * sb]);
  },
);
/** Rounds down; its derivative is 0 everywhere it exists. */
export const floor = unary(
  function floor(x) {
    return Math.floor(x);
  },
  () => [0],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(x[i]);
  },
);
/** Rounds up; its derivative is 0 everywhere it exists. */
export const ceil = unary(
  function ceil(x) {
    return Math.ceil(x);
  },
  () => [0],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.ceil(x[i]);
  },
);
/** Rounds to the nearest integer (halves up, as `Math.round`); derivative 0. */
export const round = unary(
  function round(x) {
    return Math.round(x);
  },
  () => [0],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.round(x[i]);
  },
);
/** `-1`, `0` or `1`; derivative 0. */
export const sign = unary(
  function sign(x) {
    return Math.sign(x);
  },
  () => [0],
  (out, x) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sign(x[i]);
  },
);
