/**
 * @pullback/test-utils: prove differentiation rules right inside ordinary test suites, the way
 * ChainRulesTestUtils.jl and FiniteDifferences.jl do for Julia.
 *
 * @packageDocumentation
 */

export { fdm } from './fdm/fdm.js';
export type { FdmOptions, FdEstimate, FiniteDifferenceMethod } from './fdm/fdm.js';
export { centralFdm } from './fdm/central.js';
export { forwardFdm } from './fdm/forward.js';
export { backwardFdm } from './fdm/backward.js';
export { estimateStep } from './fdm/estimate-step.js';
export type { StepEstimate } from './fdm/estimate-step.js';
export { jvpFd } from './fdm/jvp-fd.js';
export { jacobianFd } from './fdm/jacobian-fd.js';
export { gradientFd } from './fdm/gradient-fd.js';
export type { FdOptions, TangentOf } from './fdm/types.js';
export type { StencilKind } from './fdm/stencil.js';
export { FiniteDifferenceError } from './fdm/finite-difference-error.js';

export { testFrule } from './testers/test-frule.js';
export { testRrule } from './testers/test-rrule.js';
export { testScalar } from './testers/test-scalar.js';
export type { RuleTestOptions } from './testers/rule-test-options.js';

export { RuleTestError } from './report/rule-test-error.js';
export type { RuleCheck, RuleTestFailure, RuleTestContext } from './report/rule-test-error.js';

export { pointLike } from './arbitraries/point-like.js';
export type { PointLikeOptions } from './arbitraries/point-like.js';
export { tangentLike } from './arbitraries/tangent-like.js';
export type { TangentLike, TangentLikeOptions } from './arbitraries/tangent-like.js';
export { ruleProperty } from './arbitraries/rule-property.js';
export type { RulePropertyOptions, ArgumentSource } from './arbitraries/rule-property.js';
export type { Domain, Interval } from './arbitraries/domain.js';

export { scenario } from './scenarios/scenario.js';
export type { Scenario, ScenarioSpec } from './scenarios/scenario.js';
export { scenarios } from './scenarios/scenarios.js';
export { testDifferentiation, DifferentiationTestError } from './scenarios/test-differentiation.js';
export type { ExtendedOperator } from './scenarios/extended-operators.js';
export { EXTENDED as extendedOperators } from './scenarios/extended-operators.js';
export type {
  Operator,
  DifferentiationTestOptions,
  DifferentiationTestRow,
} from './scenarios/test-differentiation.js';

export { checkGradient } from './check/check-gradient.js';
export { checkJacobian } from './check/check-jacobian.js';
export { DerivativeCheckError } from './check/derivative-check-error.js';
export type { DerivativeMismatch } from './check/derivative-check-error.js';
export type { CheckOptions } from './check/check-options.js';
