import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  callParameters,
  enclosingFunction,
  memberRoot,
  patternIdentifiers,
  skipTypeWrappers,
  valueParent,
  type FunctionNode,
} from './ast.js';
import type { RootReason } from './detection.js';
import type { FileAnalysis } from './file-analysis.js';

type Variable = TSESLint.Scope.Variable;

/** Roots whose callers are the engine or the user: their parameters are someone else's data. */
const ENTRY_REASONS: ReadonlySet<RootReason> = new Set([
  'operator',
  'differentiable',
  'differentiateWith',
  'scalarRule',
  'partials',
  'tag',
  'file',
]);

/**
 * The name of the parameter `variable` is (or aliases with `const y = x`) when it is an input of
 * an entry point of differentiable code and is never reassigned.
 */
export function inputName(
  variable: Variable,
  analysis: FileAnalysis,
  allowed: ReadonlySet<string>,
  depth = 0,
): string | undefined {
  if (depth > 4 || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (variable.references.some((reference) => reference.isWrite() && !reference.init))
    return undefined;
  if (def.type === 'Parameter') {
    const fn = def.node as FunctionNode;
    const isParameter = callParameters(fn).some((param) =>
      patternIdentifiers(param).some((identifier) => identifier === def.name),
    );
    if (!isParameter || allowed.has(variable.name)) return undefined;
    const root = analysis.rootOf(fn);
    if (root && ENTRY_REASONS.has(root.reason)) return variable.name;
    // A helper's parameter is the input when differentiable code calls it with the input (an
    // argument at a direct call, not an element stored into it or a callback's accumulator),
    // here or in another file.
    const position = callParameters(fn).findIndex((param) =>
      patternIdentifiers(param).includes(def.name as TSESTree.Identifier),
    );
    if (root?.inputs?.has(position)) return variable.name;
    const passesInput = analysis.sourcesOf(variable).some((source) => {
      const step = valueParent(source);
      const call = step?.parent;
      if (
        (call?.type !== AST_NODE_TYPES.CallExpression &&
          call?.type !== AST_NODE_TYPES.NewExpression) ||
        call.arguments.indexOf(step?.child as TSESTree.CallExpressionArgument) !== position ||
        analysis.bindings.functionOf(call.callee) !== fn
      )
        return false;
      const expr = skipTypeWrappers(source);
      const origin =
        expr.type === AST_NODE_TYPES.Identifier ? analysis.bindings.variableOf(expr) : null;
      return origin !== null && inputName(origin, analysis, allowed, depth + 1) !== undefined;
    });
    return passesInput ? variable.name : undefined;
  }
  if (def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init) {
    const init = skipTypeWrappers(def.node.init);
    if (init.type !== AST_NODE_TYPES.Identifier && init.type !== AST_NODE_TYPES.MemberExpression)
      return undefined;
    const root = memberRoot(init);
    const aliased = root ? analysis.bindings.variableOf(root) : null;
    if (!aliased || !enclosingFunction(def.node)) return undefined;
    return aliased ? inputName(aliased, analysis, allowed, depth + 1) : undefined;
  }
  return undefined;
}
