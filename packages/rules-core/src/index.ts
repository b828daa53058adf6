export { ACTIVE, PRIMAL } from './symbols.js';
export type { Active, ActiveArray, Real, RealArray, Matrix } from './active.js';
export { isActive, isRealArray, primal } from './active.js';
export {
  PullbackError,
  ActiveCoercionError,
  RuleDefinitionError,
  TangentMismatchError,
  EscapedActiveError,
  RuleOutputError,
  RuleError,
} from './errors.js';
export type { RulePart, RuleOutputProblem } from './errors.js';
export type { DifferentiableOptions, DifferentiableFunction } from './differentiable.js';
export { differentiable, rulesOf, isDifferentiable } from './differentiable.js';
export type {
  RuleConfig,
  Frule,
  Rrule,
  Pullback,
  Partials,
  ScalarPartials,
  Rules,
  ExactRules,
  NoExtraFields,
  Mirrored,
  TangentLeaf,
} from './rules.js';
export type {
  NoTangent,
  ZeroTangent,
  AbstractZero,
  Thunk,
  MaybeThunk,
  ScalarTangent,
  ArrayTangent,
  Tangent,
  Tangents,
  Cotangents,
} from './tangent.js';
export {
  noTangent,
  zeroTangent,
  thunk,
  unthunk,
  isNoTangent,
  isZeroTangent,
  isAbstractZero,
  isThunk,
} from './tangent.js';
export { checkpoint } from './checkpoint.js';
export type { CheckpointOptions } from './checkpoint.js';
export { scalarRule } from './scalar-rule.js';
export type { RealsOf } from './scalar-rule.js';
export { nonDifferentiable } from './non-differentiable.js';
export { stopGradient } from './stop-gradient.js';
export { addTangents } from './add-tangents.js';
export { scaleTangent } from './scale-tangent.js';
export { projectTangent } from './project-tangent.js';
