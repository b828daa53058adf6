import { ESLintUtils } from '@typescript-eslint/utils';

/** Where each rule's documentation lives; `<rule>.md` is appended. */
export const DOCS_BASE_URL =
  'https://github.com/pullback/pullback/blob/main/packages/eslint-plugin/docs/rules/';

/** What every rule of the plugin says about itself, beyond ESLint's `description`. */
export interface PullbackRuleDocs {
  /**
   * The least strict shared config that turns the rule on: `recommended` rules are in every
   * config, `strict` rules only in `strict`.
   */
  recommended: 'recommended' | 'strict';
  /**
   * The rule is recommended only where type information answers "may this value be active?":
   * it is left out of `recommended` and joins `recommended-type-checked`. It still runs without
   * types (answering from the parameters' flow), as it does in `strict`.
   */
  requiresTypeChecking?: boolean;
}

/** Makes a rule with its documentation URL; see typescript-eslint's `RuleCreator`. */
export const createRule = ESLintUtils.RuleCreator<PullbackRuleDocs>(
  (name) => `${DOCS_BASE_URL}${name}.md`,
);
