import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { memberRoot, skipTypeWrappers, staticPropertyName } from '../analysis/ast.js';
import { inputName } from '../analysis/inputs.js';
import { analysisOf } from '../analysis/project.js';
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
