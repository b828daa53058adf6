import type { TSESLint } from '@typescript-eslint/utils';
import type { PullbackRuleDocs } from './util/create-rule.js';

/** The plugin's shared configs. */
export type ConfigName = 'recommended' | 'recommended-type-checked' | 'strict';

/** What a config needs to know about a rule. */
export interface RuleLike {
  /** The rule's metadata; `docs` says which configs turn it on. */
  readonly meta: { readonly docs?: PullbackRuleDocs };
}

/** The namespace rules are configured under: `@pullback/no-raw-arithmetic`. */
export const PLUGIN_NAMESPACE = '@pullback';

/** Which configs a rule belongs to, from its `meta.docs`. */
export function configsOf(docs: PullbackRuleDocs): ConfigName[] {
  const configs: ConfigName[] = ['strict'];
  if (docs.recommended === 'recommended') {
    configs.push('recommended-type-checked');
    if (!docs.requiresTypeChecking) configs.push('recommended');
  }
  return configs;
}

/**
 * Builds the flat configs from the rules' own `meta.docs`, so a rule's documentation and the
 * configs cannot disagree. Each config registers the plugin itself under `@pullback`.
 */
export function buildConfigs(
  plugin: TSESLint.FlatConfig.Plugin,
  rules: Readonly<Record<string, RuleLike>>,
): Record<ConfigName, TSESLint.FlatConfig.Config> {
  const build = (name: ConfigName): TSESLint.FlatConfig.Config => {
    const enabled: TSESLint.FlatConfig.Rules = {};
    for (const [ruleName, rule] of Object.entries(rules)) {
      const docs = rule.meta.docs;
      if (docs && configsOf(docs).includes(name))
        enabled[`${PLUGIN_NAMESPACE}/${ruleName}`] = 'error';
    }
    return {
      name: `${PLUGIN_NAMESPACE}/${name}`,
      plugins: { [PLUGIN_NAMESPACE]: plugin },
      rules: enabled,
    };
  };
  return {
    recommended: build('recommended'),
    'recommended-type-checked': build('recommended-type-checked'),
    strict: build('strict'),
  };
}
