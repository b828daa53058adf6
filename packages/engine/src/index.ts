export type {
  Backend,
  CompileOptions,
  FirstOrderBackend,
  ForwardBackend,
  ReverseBackend,
  FiniteDifferencesBackend,
  AutoBackend,
  SecondOrderBackend,
} from './backends/backend.js';
export { defaultChunkSize } from './backends/backend.js';
export { forward } from './backends/forward.js';
export { reverse } from './backends/reverse.js';
export { finiteDifferences } from './backends/finite-differences.js';
export { auto } from './backends/auto.js';
export { secondOrder } from './backends/second-order.js';
export type { FallbackEvent, FallbackMode, FallbackOptions } from './fallback/events.js';
export { FallbackError } from './fallback/events.js';
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
} from './api/types.js';
export type { ActiveArgs } from './api/differentiate-with.js';
export { pushforward, valueAndPushforward, preparePushforward } from './api/pushforward.js';
export type { PushforwardPrep } from './api/pushforward.js';
export { pullback, valueAndPullback, preparePullback } from './api/pullback.js';
export type { PullbackPrep } from './api/pullback.js';
export { derivative, valueAndDerivative, prepareDerivative } from './api/derivative.js';
export type { DerivativePrep } from './api/derivative.js';
export { gradient, valueAndGradient, prepareGradient } from './api/gradient.js';
export type { GradientPrep } from './api/gradient.js';
export { jacobian, valueAndJacobian, prepareJacobian } from './api/jacobian.js';
export type { JacobianPrep } from './api/jacobian.js';
export {
  secondDerivative,
  valueDerivativeAndSecondDerivative,
  prepareSecondDerivative,
} from './api/second-derivative.js';
export type { SecondDerivativePrep } from './api/second-derivative.js';
export { hvp, gradientAndHvp, prepareHvp } from './api/hvp.js';
export type { HvpPrep } from './api/hvp.js';
export { hessian, valueGradientAndHessian, prepareHessian } from './api/hessian.js';
export type { HessianPrep } from './api/hessian.js';
export type { Compilation, Prepared, RestOrNone } from './api/preparation.js';
export { differentiateWith } from './api/differentiate-with.js';
export type { InPlaceFunction, OutputArray } from './api/in-place-function.js';
export {
  pushforwardInPlace,
  valueAndPushforwardInPlace,
  preparePushforwardInPlace,
} from './api/pushforward-in-place.js';
export type { PushforwardInPlacePrep } from './api/pushforward-in-place.js';
export {
  pullbackInPlace,
  valueAndPullbackInPlace,
  preparePullbackInPlace,
} from './api/pullback-in-place.js';
export type { PullbackInPlacePrep } from './api/pullback-in-place.js';
export {
  derivativeInPlace,
  valueAndDerivativeInPlace,
  prepareDerivativeInPlace,
} from './api/derivative-in-place.js';
export type { DerivativeInPlacePrep } from './api/derivative-in-place.js';
export {
  jacobianInPlace,
  valueAndJacobianInPlace,
  prepareJacobianInPlace,
} from './api/jacobian-in-place.js';
export type { JacobianInPlacePrep } from './api/jacobian-in-place.js';
export type { LinearizeResult } from './api/linearize.js';
export { linearize } from './api/linearize.js';
export type { VjpResult } from './api/vjp.js';
export { vjp } from './api/vjp.js';
export type { Cache } from './api/cache.js';
export { cache, isCache } from './api/cache.js';
export type { TangentBatch } from './api/tangents.js';
export { tangents, isTangentBatch } from './api/tangents.js';
export type {
  SparseBackend,
  SparseOptions,
  SparsityDetector,
  ColoringFunction,
} from './backends/sparse/sparse-backend.js';
export { sparse } from './backends/sparse/sparse-backend.js';
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
export type { MatrixPaths } from './api/matrix-paths.js';
export type { ColoringSvgOptions } from './sparsity/coloring-svg.js';
export { coloringSvg } from './sparsity/coloring-svg.js';
