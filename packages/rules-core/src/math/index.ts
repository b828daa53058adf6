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
export { clamp } from './clamp.js';
export type { Clamp } from './clamp.js';
export { ifElse } from './if-else.js';
export type { IfElse } from './if-else.js';
export { lt, le, gt, ge, eq, ne } from './comparisons.js';
export type { Comparison } from './comparisons.js';
export { sum } from './arithmetic.js';
export { prod, mean } from './reductions.js';
export type { Sum } from './arithmetic.js';
export { dot } from './dot.js';
export type { Dot } from './dot.js';
export { norm } from './norm.js';
export { cumsum } from './cumsum.js';
export { logsumexp, softmax } from './softmax.js';
export { map, map2 } from './map.js';
export type { MapFn, Map2Fn } from './map.js';
export { slice, concat } from './slicing.js';
export type { Slice, Concat } from './slicing.js';
export { at } from './indexing.js';
export { setAt } from './set-at.js';
export { similar, zerosLike } from './storage.js';
export type { Similar, ZerosLike } from './storage.js';
export { matvec } from './matrix/matvec.js';
export type { Matvec } from './matrix/matvec.js';
export { matmul } from './matrix/matmul.js';
export type { Matmul } from './matrix/matmul.js';
export { transpose } from './matrix/transpose.js';
export type { Transpose } from './matrix/transpose.js';
export { solve } from './matrix/solve.js';
export type { Solve } from './matrix/solve.js';
export { det, logdet } from './matrix/det.js';
export type { MatrixReduction } from './matrix/det.js';
export type {
  Reduction,
  ArrayMap,
  LinearReduction,
  LinearArrayMap,
  MatrixTangent,
} from './signatures.js';
export type {
  Elementwise1,
  Elementwise2,
  ElementwiseN,
  LinearElementwise1,
  TangentArithmetic,
} from './elementwise.js';
export { ShapeMismatchError, IndexOutOfRangeError, SingularMatrixError } from './errors.js';
