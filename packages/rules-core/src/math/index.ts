export { add, sub, mul, div, neg } from './arithmetic.js';
export {
  square,
  sqrt,
  cbrt,
  exp,
  expm1,
  log,
  log1p,
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  atan2,
  sinh,
  cosh,
  tanh,
  abs,
  pow,
  hypot,
  min,
  max,
  floor,
  ceil,
  round,
  sign,
} from './elementary.js';
export { sum } from './reductions.js';
export { at } from './indexing.js';
export type { Elementwise1, Elementwise2, ElementwiseN } from './elementwise.js';
export { ShapeMismatchError, IndexOutOfRangeError } from './errors.js';
