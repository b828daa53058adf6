import type { TSESLint } from '@typescript-eslint/utils';
import { buildConfigs, type ConfigName } from './configs.js';
import { rules } from './rules/index.js';

/** The package's name and version, as ESLint reports them in caches and `--print-config`. */
export const meta = { name: '@pullback/eslint-plugin', version: '0.1.0' } as const;

/** The plugin ESLint loads: its rules, and flat configs that register it under `@pullback`. */
export interface PullbackPlugin {
  /** Name and version. */
  readonly meta: typeof meta;
  /** Every rule, by name. */
  readonly rules: typeof rules;
  /**
   * `recommended` works without type information; `recommended-type-checked` adds rules that
   * need it to be precise; `strict` turns on every rule.
   */
  readonly configs: Record<ConfigName, TSESLint.FlatConfig.Config>;
}

/**
 * The shared flat configs: `recommended`, `recommended-type-checked` and `strict`. They hold the
 * plugin object itself, so they are filled in once it exists.
 */
const configs = {} as Record<ConfigName, TSESLint.FlatConfig.Config>;

/** The plugin object; use `plugin.configs.recommended` (or another config) in `eslint.config.js`. */
const plugin: PullbackPlugin = { meta, rules, configs };
Object.assign(configs, buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules));

export default plugin;
export { configs, rules };
export {
  configsOf,
  buildConfigs,
  PLUGIN_NAMESPACE,
  type ConfigName,
  type RuleLike,
} from './configs.js';
export type { RuleName } from './rules/index.js';
export type { PullbackRuleDocs } from './util/create-rule.js';
export type { PullbackSettings } from './util/settings.js';
export type {
  NoActiveCoercionMessageId,
  NoActiveCoercionOptions,
} from './rules/no-active-coercion.js';
export type { NoImpureKernelMessageId, NoImpureKernelOptions } from './rules/no-impure-kernel.js';
export type {
  NoInputMutationMessageId,
  NoInputMutationOptions,
} from './rules/no-input-mutation.js';
export type {
  NoNonGenericStorageMessageId,
  NoNonGenericStorageOptions,
} from './rules/no-non-generic-storage.js';
export type {
  NoNondifferentiableMathMessageId,
  NoNondifferentiableMathOptions,
} from './rules/no-nondifferentiable-math.js';
export type {
  NoRawArithmeticMessageId,
  NoRawArithmeticOptions,
} from './rules/no-raw-arithmetic.js';
export type {
  NoTypedArrayWriteMessageId,
  NoTypedArrayWriteOptions,
} from './rules/no-typed-array-write.js';
export type {
  PreferGenericTypesMessageId,
  PreferGenericTypesOptions,
} from './rules/prefer-generic-types.js';
export type {
  PreferIfelseWhenPreparedMessageId,
  PreferIfelseWhenPreparedOptions,
} from './rules/prefer-ifelse-when-prepared.js';
export type { ValidRuleMessageId, ValidRuleOptions } from './rules/valid-rule.js';
