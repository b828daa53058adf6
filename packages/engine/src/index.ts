export type {
  Backend,
  CompileOptions,
  FirstOrderBackend,
  ForwardBackend,
  ReverseBackend,
  FiniteDifferencesBackend,
  AutoBackend,
  SecondOrderBackend,
} from './backends.js';
export {
  forward,
  reverse,
  finiteDifferences,
  auto,
  secondOrder,
  defaultChunkSize,
} from './backends.js';
export type { FallbackEvent, FallbackMode, FallbackOptions } from './fallback.js';
export { FallbackError } from './fallback.js';
export {
  PreparationMismatchError,
  UnsupportedInputError,
  OutputShapeError,
  BackendOptionError,
} from './errors.js';
// The errors about users' rules, defined with the rule protocol, importable from either package.
export { RuleOutputError, RuleError } from '@pullback/rules-core';
export type { RulePart, RuleOutputProblem } from '@pullback/rules-core';
export type {
  Input,
  Value,
  Differentiand,
  DerivativeMatrix,
  SparseDerivativeMatrix,
  MatrixFor,
  Like,
  ActiveOf,
  ExtraArguments,
  RealStructure,
  RealLeaves,
  ReceivedArguments,
  OneReal,
} from './operators/types.js';
export type { ActiveArgs } from './operators/differentiate-with.js';
export {
  pushforward,
  valueAndPushforward,
  pullback,
  valueAndPullback,
  derivative,
  valueAndDerivative,
  gradient,
  valueAndGradient,
  jacobian,
  valueAndJacobian,
} from './operators/first-order.js';
export {
  secondDerivative,
  valueDerivativeAndSecondDerivative,
  hvp,
  gradientAndHvp,
  hessian,
  valueGradientAndHessian,
} from './operators/second-order.js';
export type {
  Compilation,
  Prepared,
  RestOrNone,
  GradientPrep,
  DerivativePrep,
  JacobianPrep,
  PushforwardPrep,
  PullbackPrep,
  SecondDerivativePrep,
  HvpPrep,
  HessianPrep,
} from './operators/prepare.js';
export {
  prepareGradient,
  prepareDerivative,
  prepareJacobian,
  preparePushforward,
  preparePullback,
  prepareSecondDerivative,
  prepareHvp,
  prepareHessian,
} from './operators/prepare.js';
export { differentiateWith } from './operators/differentiate-with.js';
export type { InPlaceFunction, OutputArray } from './operators/in-place-function.js';
export {
  pushforwardInPlace,
  valueAndPushforwardInPlace,
  pullbackInPlace,
  valueAndPullbackInPlace,
  derivativeInPlace,
  valueAndDerivativeInPlace,
  jacobianInPlace,
  valueAndJacobianInPlace,
} from './operators/in-place.js';
export type {
  PushforwardInPlacePrep,
  PullbackInPlacePrep,
  DerivativeInPlacePrep,
  JacobianInPlacePrep,
} from './operators/prepare-in-place.js';
export {
  preparePushforwardInPlace,
  preparePullbackInPlace,
  prepareDerivativeInPlace,
  prepareJacobianInPlace,
} from './operators/prepare-in-place.js';
export type { LinearizeResult } from './operators/linearize.js';
export { linearize } from './operators/linearize.js';
export type { VjpResult } from './operators/vjp.js';
export { vjp } from './operators/vjp.js';
export type { Cache } from './operators/cache.js';
export { cache, isCache } from './operators/cache.js';
export type { TangentBatch } from './operators/tangents.js';
export { tangents, isTangentBatch } from './operators/tangents.js';
export type {
  SparseBackend,
  SparseOptions,
  SparsityDetector,
  ColoringFunction,
} from './sparsity/sparse-backend.js';
export { sparse } from './sparsity/sparse-backend.js';
export type { SparsityPattern } from './sparsity/pattern.js';
export { SparsityPatternError } from './sparsity/pattern.js';
export { jacobianSparsity, hessianSparsity } from './sparsity/public.js';
export { GlobalSparsityError } from './sparsity/global-sparsity-error.js';
export type {
  Coloring,
  ColoringAlgorithm,
  ColoringOptions,
  ColoringOrder,
  ColoringPartition,
} from './sparsity/coloring/coloring.js';
export { coloring, ColoringOptionError } from './sparsity/coloring/coloring.js';
export { DecompressionError } from './sparsity/coloring/decompress.js';
export type { SparseMatrix } from './sparsity/csr.js';
export { toDense, SparseMatrixError } from './sparsity/csr.js';
export type { MatrixPaths } from './operators/matrix-paths.js';
export type { ColoringSvgOptions } from './sparsity/coloring-svg.js';
export { coloringSvg } from './sparsity/coloring-svg.js';
