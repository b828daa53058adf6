import { defaultScenarios } from './default-scenarios.js';
import type { Scenario } from './scenario.js';

/**
 * Collections of reference scenarios for `testDifferentiation`
 * (DifferentiationInterfaceTest's `default_scenarios`).
 */
export const scenarios: {
  /** Functions with hand-derived derivatives covering every operator. */
  readonly default: () => Scenario[];
} = {
  default: defaultScenarios,
};
