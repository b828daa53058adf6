import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { planImports, type ImportRequest } from './imports.js';

/** The source text of `node` as a call argument (a comma expression needs parentheses). */
export function argumentText(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
): string {
  const text = sourceCode.getText(node);
  return node.type === AST_NODE_TYPES.SequenceExpression ? `(${text})` : text;
}

/**
 * A fix that replaces `target` with text built from the local names of `requests`, importing
 * whichever are missing; `undefined` when a needed name is taken at `target`.
 */
export function replaceWithImports(
  sourceCode: Readonly<TSESLint.SourceCode>,
  target: TSESTree.Node | TSESTree.Token,
  useSite: TSESTree.Node,
  requests: readonly ImportRequest[],
  build: (local: (name: string) => string) => string,
): TSESLint.ReportFixFunction | undefined {
  const plan = planImports(sourceCode, useSite, requests);
  if (!plan) return undefined;
  return (fixer) => [fixer.replaceText(target, build(plan.local)), ...plan.fix(fixer)];
}
