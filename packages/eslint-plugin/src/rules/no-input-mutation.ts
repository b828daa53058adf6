import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  callParameters,
  enclosingFunction,
  memberRoot,
  patternIdentifiers,
  skipTypeWrappers,
  staticPropertyName,
  valueParent,
  type FunctionNode,
} from '../analysis/ast.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { analysisOf } from '../analysis/project.js';
import type { RootReason } from '../analysis/detection.js';
import { createRule } from '../util/create-rule.js';

type Variable = TSESLint.Scope.Variable;

/** Options of `no-input-mutation`. */
export interface NoInputMutationOptions {
  /** Parameter names that may be written (an output buffer by convention). */
  allowParameters?: string[];
}

/** Message ids of `no-input-mutation`. */
export type NoInputMutationMessageId = 'mutation' | 'useCopy';

const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
]);

/** Mutating methods with a copying counterpart. */
const COPYING_METHODS: ReadonlyMap<string, string> = new Map([
  ['sort', 'toSorted'],
  ['reverse', 'toReversed'],
]);

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
 * Reports writes to the inputs of differentiable functions, also where a helper receives the
 * input and writes into it. They corrupt the caller's data, and a black-box fallback (forward mode
 * or finite differences) re-runs the function on inputs it has already modified.
 */
export const noInputMutation = createRule<[NoInputMutationOptions], NoInputMutationMessageId>({
  name: 'no-input-mutation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing to the parameters of differentiable functions',
      recommended: 'recommended',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowParameters: {
            type: 'array',
            items: { type: 'string' },
            description: 'Names of parameters that may be written.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowParameters: [] }],
    hasSuggestions: true,
    messages: {
      mutation:
        "{{what}} mutates '{{name}}', an input of differentiable code: the caller's array changes under it, and a black-box fallback that re-runs the function sees the modified input. Work on a copy (similar(x) with setAt, or toSorted() for sort()) and return it.",
      useCopy: 'Use {{replacement}}(), which returns a new array and leaves the input alone.',
    },
  },
  create(context, [options]) {
    const analysis = analysisOf(context);
    if (!analysis?.hasDifferentiableCode) return {};
    const allowed = new Set(options.allowParameters ?? []);
    const sourceCode = context.sourceCode;
    const inputs = new Map<Variable, string>();

    /** The input `target` writes into, if its member chain starts at one. */
    const inputOf = (target: TSESTree.Node): string | undefined => {
      const root = memberRoot(target);
      const variable = root ? analysis.bindings.variableOf(root) : null;
      if (!variable) return undefined;
      if (!inputs.has(variable)) inputs.set(variable, inputName(variable, analysis, allowed) ?? '');
      return inputs.get(variable) || undefined;
    };

    const report = (
      node: TSESTree.Node,
      target: TSESTree.Node,
      what: string,
      suggest: TSESLint.SuggestionReportDescriptor<NoInputMutationMessageId>[] = [],
    ): void => {
      const name = inputOf(target);
      if (name !== undefined)
        context.report({ node, messageId: 'mutation', data: { what, name }, suggest });
    };

    return {
      AssignmentExpression(node) {
        const left = skipTypeWrappers(node.left);
        if (left.type === AST_NODE_TYPES.MemberExpression)
          report(node, left, `Assigning to ${sourceCode.getText(left)}`);
      },
      UpdateExpression(node) {
        const target = skipTypeWrappers(node.argument);
        if (target.type === AST_NODE_TYPES.MemberExpression)
          report(node, target, `'${node.operator}'`);
      },
      UnaryExpression(node) {
        const target = skipTypeWrappers(node.argument);
        if (node.operator === 'delete' && target.type === AST_NODE_TYPES.MemberExpression)
          report(node, target, "'delete'");
      },
      CallExpression(node) {
        const callee = skipTypeWrappers(node.callee);
        const [first] = node.arguments;
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const method = staticPropertyName(callee);
          if (method !== undefined && MUTATING_METHODS.has(method)) {
            const replacement = COPYING_METHODS.get(method);
            // toSorted() returns the copy: only a sort whose result is used can become one.
            const usesResult = node.parent.type !== AST_NODE_TYPES.ExpressionStatement;
            const property = callee.property;
            report(
              node,
              callee.object,
              `'${method}()'`,
              replacement && usesResult
                ? [
                    {
                      messageId: 'useCopy',
                      data: { replacement },
                      fix: (fixer) => fixer.replaceText(property, replacement),
                    },
                  ]
                : [],
            );
            return;
          }
          const receiver = skipTypeWrappers(callee.object);
          if (
            method === 'assign' &&
            receiver.type === AST_NODE_TYPES.Identifier &&
            analysis.bindings.isGlobal(receiver, 'Object') &&
            first &&
            first.type !== AST_NODE_TYPES.SpreadElement
          ) {
            report(node, first, "'Object.assign()'");
          }
          return;
        }
        if (
          analysis.bindings.pullbackExport(callee) === 'setAt' &&
          first &&
          first.type !== AST_NODE_TYPES.SpreadElement
        ) {
          report(node, first, "'setAt()'");
        }
      },
    };
  },
});

/**
 * The name of the parameter `variable` is (or aliases with `const y = x`) when it is an input of
 * an entry point of differentiable code and is never reassigned.
 */
function inputName(
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
    // argument at a direct call, not an element stored into it or a callback's accumulator).
    const position = callParameters(fn).findIndex((param) =>
      patternIdentifiers(param).includes(def.name as TSESTree.Identifier),
    );
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
