import type { RuleConfig } from '@pullback/rules-core';
import { fdRuleConfig } from './fd-config.js';

/** The `RuleConfig` testers hand to rules by default. */
export function ruleConfigFor(mode: 'forward' | 'reverse'): RuleConfig {
  return fdRuleConfig(mode);
}
