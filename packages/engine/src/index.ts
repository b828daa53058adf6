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
  Like,
  ActiveOf,
  ExtraArguments,
  RealStructure,
  RealLeaves,
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
export type { TapeStatistics, HvpTapeStatistics } from './operators/tape-statistics.js';
export { tapeStatistics, hvpTapeStatistics } from './operators/tape-statistics.js';
export type {
  SparseBackend,
  SparseOptions,
  SparsityDetector,
  ColoringAlgorithm,
} from './sparsity/sparse-backend.js';
export { sparse } from './sparsity/sparse-backend.js';
export type { SparsityPattern } from './sparsity/detect.js';
export { jacobianSparsity, hessianSparsity } from './sparsity/public.js';
export { colorColumns, colorCount } from './sparsity/coloring.js';
