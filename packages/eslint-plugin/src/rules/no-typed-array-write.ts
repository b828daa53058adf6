import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isElementAccess, skipTypeWrappers, staticPropertyName } from '../analysis/ast.js';
import { analysisOf } from '../analysis/project.js';
import { ARITHMETIC_FUNCTIONS, MATH_MODULE } from '../analysis/pullback-names.js';
import { mayBeTypedArray } from '../analysis/storage.js';
import { argumentText, replaceWithImports } from '../fixes/replace-with-call.js';
import { createRule } from '../util/create-rule.js';
import { FALLS_BACK } from '../util/messages.js';

/** Options of `no-typed-array-write`. */
export interface NoTypedArrayWriteOptions {
  /**
   * Report every write to a typed array in differentiable code, also of values that do not
   * come from the inputs (as Zygote forbids all mutation). By default only writes that can
   * drop a derivative are reported.
   */
  checkAllWrites?: boolean;
}

/** Message ids of `no-typed-array-write`. */
export type NoTypedArrayWriteMessageId =
  'indexWrite' | 'mutatingMethod' | 'useSetAt' | 'useNonMutating' | 'useWith';

const MUTATING_METHODS: ReadonlyMap<string, string> = new Map([
  ['set', 'build the values in similar(x) storage with setAt(y, i, v)'],
  ['fill', 'allocate with zerosLike(x) or similar(x) and write with setAt(y, i, v)'],
  ['copyWithin', 'build the values in similar(x) storage with setAt(y, i, v)'],
  ['sort', 'use toSorted(), which returns a new array'],
  ['reverse', 'use toReversed(), which returns a new array'],
]);

const NON_MUTATING: ReadonlyMap<string, string> = new Map([
  ['sort', 'toSorted'],
  ['reverse', 'toReversed'],
]);

/**
 * Reports writes into typed arrays in differentiable code: a `Float64Array` stores only plain
 * numbers (an active value is coerced, ForwardDiff's failure in the talk) and writes in place
 * are invisible to reverse mode (Zygote's).
 */
export const noTypedArrayWrite = createRule<[NoTypedArrayWriteOptions], NoTypedArrayWriteMessageId>(
  {
    name: 'no-typed-array-write',
    meta: {
      type: 'problem',
      docs: {
        description:
          'Disallow writing values derived from the inputs into typed arrays in differentiable code',
        recommended: 'recommended',
      },
      hasSuggestions: true,
      schema: [
        {
          type: 'object',
          properties: {
            checkAllWrites: {
              type: 'boolean',
              description:
                'Report every typed array write in differentiable code, not only those of derived values.',
            },
          },
          additionalProperties: false,
        },
      ],
      defaultOptions: [{ checkAllWrites: false }],
      messages: {
        indexWrite: `Writing into typed array '{{name}}' cannot keep a derivative (ForwardDiff's badcopy example): a typed array stores only plain numbers, so an active value is coerced and ${FALLS_BACK}. Allocate the storage with similar(x) and write with setAt(y, i, v).`,
        mutatingMethod: `'{{method}}()' mutates typed array '{{name}}' in place: a typed array holds only plain numbers, so an active value is coerced and ${FALLS_BACK}. Instead, {{alternative}}.`,
        useSetAt: 'Write with setAt(y, i, v) from @pullback/rules-core/math.',
        useNonMutating: 'Use {{replacement}}(), which returns a new array.',
        useWith: 'Replace the array with {{name}}.with(i, v) instead of writing into it.',
      },
    },
    create(context, [options]) {
      const analysis = analysisOf(context);
      if (!analysis?.hasDifferentiableCode) return {};
      const sourceCode = context.sourceCode;
      const inScope = (node: TSESTree.Node): boolean =>
        analysis.enclosingDifferentiable(node) !== undefined;
      const nameOf = (node: TSESTree.Node): string => sourceCode.getText(node);

      const reportElementWrite = (
        node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression,
        target: TSESTree.MemberExpression,
        derived: boolean,
      ): void => {
        if (!derived && !options.checkAllWrites) return;
        const suggest: TSESLint.SuggestionReportDescriptor<NoTypedArrayWriteMessageId>[] = [];
        const statement = node.parent.type === AST_NODE_TYPES.ExpressionStatement;
        const array = argumentText(sourceCode, target.object);
        const index = argumentText(sourceCode, target.property);
        const operator =
          node.type === AST_NODE_TYPES.UpdateExpression
            ? node.operator.slice(1) + '='
            : node.operator;
        const value =
          node.type === AST_NODE_TYPES.UpdateExpression
            ? '1'
            : argumentText(sourceCode, node.right);
        const combine =
          operator === '=' ? undefined : ARITHMETIC_FUNCTIONS.get(operator.slice(0, -1));
        if (statement && (operator === '=' || combine)) {
          const names = combine ? ['setAt', combine, 'at'] : ['setAt'];
          const fix = replaceWithImports(
            sourceCode,
            node,
            node,
            names.map((name) => ({ from: MATH_MODULE, name })),
            (local) =>
              combine
                ? `${local('setAt')}(${array}, ${index}, ${local(combine)}(${local('at')}(${array}, ${index}), ${value}))`
                : `${local('setAt')}(${array}, ${index}, ${value})`,
          );
          if (fix) suggest.push({ messageId: 'useSetAt', fix });
        }
        const object = skipTypeWrappers(target.object);
        if (
          !derived &&
          statement &&
          operator === '=' &&
          object.type === AST_NODE_TYPES.Identifier &&
          isLetBinding(analysis.bindings.variableOf(object))
        ) {
          suggest.push({
            messageId: 'useWith',
            data: { name: object.name },
            fix: (fixer) =>
              fixer.replaceText(node, `${object.name} = ${object.name}.with(${index}, ${value})`),
          });
        }
        context.report({
          node,
          messageId: 'indexWrite',
          data: { name: nameOf(target.object) },
          suggest,
        });
      };

      return {
        AssignmentExpression(node) {
          const left = skipTypeWrappers(node.left);
          if (!isElementAccess(left) || !inScope(node) || !mayBeTypedArray(left.object, analysis))
            return;
          const derived =
            analysis.isDerived(node.right) ||
            (node.operator !== '=' && analysis.isDerived(left.object));
          reportElementWrite(node, left, derived);
        },
        UpdateExpression(node) {
          const target = skipTypeWrappers(node.argument);
          if (
            !isElementAccess(target) ||
            !inScope(node) ||
            !mayBeTypedArray(target.object, analysis)
          )
            return;
          reportElementWrite(node, target, analysis.isDerived(target.object));
        },
        CallExpression(node) {
          const callee = skipTypeWrappers(node.callee);
          if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
          const method = staticPropertyName(callee);
          const alternative = method !== undefined ? MUTATING_METHODS.get(method) : undefined;
          if (method === undefined || alternative === undefined || !inScope(node)) return;
          if (!mayBeTypedArray(callee.object, analysis)) return;
          const stored = method === 'set' || method === 'fill' ? node.arguments[0] : undefined;
          const derived = stored ? analysis.isDerived(stored) : analysis.isDerived(callee.object);
          if (!derived && !options.checkAllWrites) return;
          const replacement = NON_MUTATING.get(method);
          const property = callee.property;
          context.report({
            node,
            messageId: 'mutatingMethod',
            data: { method, name: nameOf(callee.object), alternative },
            suggest: replacement
              ? [
                  {
                    messageId: 'useNonMutating',
                    data: { replacement },
                    fix: (fixer) => fixer.replaceText(property, replacement),
                  },
                ]
              : [],
          });
        },
      };
    },
  },
);

/** A variable declared with `let` or `var`, which a non-mutating update can rebind. */
function isLetBinding(variable: TSESLint.Scope.Variable | null): boolean {
  const def = variable?.defs[0];
  return def?.type === TSESLint.Scope.DefinitionType.Variable && def.parent.kind !== 'const';
}
