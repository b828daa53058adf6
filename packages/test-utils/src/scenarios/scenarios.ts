import { defaultScenarios } from './default-scenarios.js';
import { sparseScenarios } from './sparse-scenarios.js';
import type { Scenario } from './scenario.js';

/**
 * Collections of reference scenarios for `testDifferentiation`
 * (DifferentiationInterfaceTest's `default_scenarios`).
 */
export const scenarios: {
  /** Functions with hand-derived derivatives covering every operator. */
  readonly default: () => Scenario[];
  /** Banded, block-diagonal and arrowhead Jacobians and Hessians, for `sparse(...)` backends. */
  readonly sparse: () => Scenario[];
} = {
  default: defaultScenarios,
  sparse: sparseScenarios,
};
