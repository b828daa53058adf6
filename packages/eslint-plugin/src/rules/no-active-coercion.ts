import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticPropertyName } from '../analysis/ast.js';
import { analysisOf } from '../analysis/project.js';
import {
  CORE_MODULE,
  KERNEL_MAPPERS,
  MATH_MODULE,
  MATH_VOCABULARY,
} from '../analysis/pullback-names.js';
import { argumentText, replaceWithImports } from '../fixes/replace-with-call.js';
import { planImports } from '../fixes/imports.js';
import { createRule } from '../util/create-rule.js';
import { FALLS_BACK } from '../util/messages.js';

/** Options of `no-active-coercion`. */
export interface NoActiveCoercionOptions {
  /** Report `Math.*` calls on values that may be active. */
  checkMath?: boolean;
}

/** Message ids of `no-active-coercion`. */
export type NoActiveCoercionMessageId =
  | 'toNumber'
  | 'toString'
  | 'conversionMethod'
  | 'conversionReference'
  | 'mathCall'
  | 'mathCallNoVocabulary'
  | 'mathReference'
  | 'mathReferenceNoVocabulary'
  | 'bitwise'
  | 'useVocabulary'
  | 'usePrimal';

const CONVERSIONS: ReadonlySet<string> = new Set([
  'Number',
  'parseFloat',
  'parseInt',
  'isNaN',
  'isFinite',
  'String',
]);
const CONVERSION_METHODS: ReadonlySet<string> = new Set([
  'valueOf',
  'toFixed',
  'toPrecision',
  'toExponential',
  'toString',
  'toLocaleString',
]);
/** Array methods whose first argument is called on the receiver's elements. */
const CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'map',
  'forEach',
  'filter',
  'some',
  'every',
  'find',
  'findLast',
  'flatMap',
  'reduce',
  'reduceRight',
]);
const BITWISE: ReadonlySet<string> = new Set(['|', '&', '^', '<<', '>>', '>>>']);

type Suggestions = TSESLint.SuggestionReportDescriptor<NoActiveCoercionMessageId>[];

/**
 * Reports conversions of values that may be active to numbers or strings: `Number(x)`, `+x`,
 * `parseFloat`, `String(x)`, template literals, `.valueOf()`, `.toFixed()`, `Math.*` and
 * bitwise operators, and `Math` functions and conversions passed where they receive active
 * values (`w.map(Math.exp)`, `raw.map(Number)`). On an active value each makes the engine fall
 * back to a black box (or throw, with `fallback: 'error'`); if it did not, the derivative would
 * silently vanish, the worst bug pullback can have.
 */
export const noActiveCoercion = createRule<[NoActiveCoercionOptions], NoActiveCoercionMessageId>({
  name: 'no-active-coercion',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow converting values that may be active to numbers or strings',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkMath: {
            type: 'boolean',
            description: 'Report Math.* calls on values that may be active.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkMath: true }],
    messages: {
      toNumber: `{{what}} converts a value that may be active to a number: ${FALLS_BACK}. Keep the derivative with the math vocabulary, or write primal(x) to drop it on purpose.`,
      toString: `{{what}} converts a value that may be active to a string: ${FALLS_BACK}. Print primal(x) instead.`,
      conversionMethod: `'.{{method}}()' on a value that may be active converts it: ${FALLS_BACK}. Call it on primal(x) to drop the derivative on purpose.`,
      mathCall: `Math.{{name}} converts its arguments to numbers, and this one may be active: ${FALLS_BACK}. Use {{name}} from @pullback/rules-core/math.`,
      mathCallNoVocabulary: `Math.{{name}} converts its arguments to numbers, and this one may be active: ${FALLS_BACK}. The math vocabulary has no {{name}}: apply it to primal(x) if no derivative is needed.`,
      conversionReference: `{{name}} is passed as a function that receives values that may be active, and converts them to {{what}}: ${FALLS_BACK}. Keep the values as they are, or pass primal (from @pullback/rules-core) to drop the derivative on purpose.`,
      mathReference: `Math.{{name}} is passed as a function that receives values that may be active, and converts them to numbers: ${FALLS_BACK}. Pass {{name}} from @pullback/rules-core/math instead.`,
      mathReferenceNoVocabulary: `Math.{{name}} is passed as a function that receives values that may be active, and converts them to numbers: ${FALLS_BACK}. The math vocabulary has no {{name}}: write a kernel with the vocabulary.`,
      bitwise: `'{{operator}}' converts a value that may be active to a 32-bit integer: ${FALLS_BACK}. Apply it to primal(x) if no derivative is needed.`,
      useVocabulary:
        'Use {{name}}(...) from @pullback/rules-core/math, which keeps the derivative.',
      usePrimal: 'Use primal(...) to drop the derivative on purpose.',
    },
  },
  create(context, [options]) {
    const analysis = analysisOf(context);
    if (!analysis?.hasDifferentiableCode) return {};
    const sourceCode = context.sourceCode;
    const inScope = (node: TSESTree.Node): boolean =>
      analysis.enclosingDifferentiable(node) !== undefined;
    const active = (node: TSESTree.Node): boolean => analysis.mayBeActive(node);

    /**
     * A suggestion that drops the derivative on purpose: wraps each of `operands` in
     * `primal(...)`, or, given `whole`, replaces `whole` with `primal(operand)`.
     */
    const primalSuggestion = (
      operands: readonly TSESTree.Node[],
      whole?: TSESTree.Node,
    ): Suggestions => {
      const plan = planImports(sourceCode, operands[0], [{ from: CORE_MODULE, name: 'primal' }]);
      if (!plan) return [];
      const wrapped = (operand: TSESTree.Node): string =>
        `${plan.local('primal')}(${argumentText(sourceCode, operand)})`;
      return [
        {
          messageId: 'usePrimal',
          fix: (fixer) => [
            ...(whole
              ? [fixer.replaceText(whole, wrapped(operands[0]))]
              : operands.map((operand) => fixer.replaceText(operand, wrapped(operand)))),
            ...plan.fix(fixer),
          ],
        },
      ];
    };

    const isGlobalCall = (
      callee: TSESTree.Node,
      names: ReadonlySet<string>,
    ): callee is TSESTree.Identifier =>
      callee.type === AST_NODE_TYPES.Identifier &&
      names.has(callee.name) &&
      analysis.bindings.isGlobal(callee, callee.name);

    /**
     * How `node`, an argument, is called on values that may be active: as the kernel of `map`
     * or `map2` from the vocabulary, or as the callback of an array method on an active array.
     */
    const callbackReceiver = (node: TSESTree.Node): 'kernel' | 'array-method' | undefined => {
      const call = node.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== node) return;
      const mapper = analysis.bindings.pullbackExport(call.callee);
      if (mapper !== undefined) {
        return KERNEL_MAPPERS.has(mapper) && call.arguments.slice(1).some((data) => active(data))
          ? 'kernel'
          : undefined;
      }
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const method = staticPropertyName(callee);
      return method !== undefined && CALLBACK_METHODS.has(method) && active(callee.object)
        ? 'array-method'
        : undefined;
    };

    return {
      CallExpression(node) {
        if (!inScope(node)) return;
        const callee = skipTypeWrappers(node.callee);
        const [first] = node.arguments;
        if (isGlobalCall(callee, CONVERSIONS)) {
          if (!first || first.type === AST_NODE_TYPES.SpreadElement || !active(first)) return;
          const what = `${callee.name}(x)`;
          const replacesCall = callee.name === 'Number' || callee.name === 'parseFloat';
          const suggest = primalSuggestion([first], replacesCall ? node : undefined);
          context.report({
            node,
            messageId: callee.name === 'String' ? 'toString' : 'toNumber',
            data: { what },
            suggest,
          });
          return;
        }
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = staticPropertyName(callee);
        if (method === undefined) return;
        const receiver = skipTypeWrappers(callee.object);
        if (analysis.bindings.isGlobal(receiver, 'Math')) {
          if (!options.checkMath) return;
          // `Math.max(...x)` converts every element of x.
          const activeArgs = node.arguments.flatMap((argument) =>
            argument.type === AST_NODE_TYPES.SpreadElement
              ? active(argument.argument)
                ? [argument.argument]
                : []
              : active(argument)
                ? [argument]
                : [],
          );
          if (activeArgs.length === 0) return;
          reportMath(node, method, activeArgs);
          return;
        }
        if (CONVERSION_METHODS.has(method) && active(callee.object)) {
          const suggest = primalSuggestion(
            [callee.object],
            method === 'valueOf' ? node : undefined,
          );
          context.report({ node, messageId: 'conversionMethod', data: { method }, suggest });
        }
      },
      UnaryExpression(node) {
        if (
          (node.operator !== '+' && node.operator !== '~') ||
          !inScope(node) ||
          !active(node.argument)
        )
          return;
        if (node.operator === '~') {
          context.report({
            node,
            messageId: 'bitwise',
            data: { operator: '~' },
            suggest: primalSuggestion([node.argument]),
          });
          return;
        }
        context.report({
          node,
          messageId: 'toNumber',
          data: { what: 'Unary +' },
          suggest: primalSuggestion([node.argument], node),
        });
      },
      BinaryExpression(node) {
        if (node.left.type === AST_NODE_TYPES.PrivateIdentifier || !inScope(node)) return;
        const { left, right, operator } = node;
        if (BITWISE.has(operator)) {
          const operands = [left, right].filter(active);
          if (operands.length === 0) return;
          context.report({
            node,
            messageId: 'bitwise',
            data: { operator },
            suggest: primalSuggestion(operands),
          });
          return;
        }
        if (operator !== '+') return;
        const stringy = (side: TSESTree.Node): boolean => {
          const expr = skipTypeWrappers(side);
          return (
            expr.type === AST_NODE_TYPES.TemplateLiteral ||
            (expr.type === AST_NODE_TYPES.Literal && typeof expr.value === 'string') ||
            (analysis.types?.isStringLike(expr) ?? false)
          );
        };
        const operand = stringy(left) ? right : stringy(right) ? left : undefined;
        if (!operand || !active(operand)) return;
        context.report({
          node: operand,
          messageId: 'toString',
          data: { what: 'String concatenation' },
          suggest: primalSuggestion([operand]),
        });
      },
      Identifier(node) {
        // `raw.map(Number)`: a conversion passed as the function that receives the elements.
        if (!CONVERSIONS.has(node.name) || !analysis.bindings.isGlobal(node, node.name)) return;
        if (!inScope(node)) return;
        const receiver = callbackReceiver(node);
        if (!receiver) return;
        const plan =
          node.name === 'Number' || node.name === 'parseFloat'
            ? planImports(sourceCode, node, [{ from: CORE_MODULE, name: 'primal' }])
            : undefined;
        context.report({
          node,
          messageId: 'conversionReference',
          data: { name: node.name, what: node.name === 'String' ? 'strings' : 'numbers' },
          suggest: plan
            ? [
                {
                  messageId: 'usePrimal',
                  fix: (fixer) => [
                    fixer.replaceText(node, plan.local('primal')),
                    ...plan.fix(fixer),
                  ],
                },
              ]
            : [],
        });
      },
      MemberExpression(node) {
        const receiver = skipTypeWrappers(node.object);
        const name = staticPropertyName(node);
        if (name === undefined || !analysis.bindings.isGlobal(receiver, 'Math')) return;
        if (!options.checkMath || !inScope(node)) return;
        const kind = callbackReceiver(node);
        if (!kind) return;
        const arrayMethod = kind === 'array-method';
        const vocabulary = MATH_VOCABULARY.has(name);
        const fix = vocabulary
          ? replaceWithImports(sourceCode, node, node, [{ from: MATH_MODULE, name }], (local) =>
              !arrayMethod
                ? local(name)
                : MATH_VOCABULARY.get(name) === 2
                  ? `(a, b) => ${local(name)}(a, b)`
                  : `(v) => ${local(name)}(v)`,
            )
          : undefined;
        context.report({
          node,
          messageId: vocabulary ? 'mathReference' : 'mathReferenceNoVocabulary',
          data: { name },
          suggest: fix ? [{ messageId: 'useVocabulary', data: { name }, fix }] : [],
        });
      },
      TemplateLiteral(node) {
        if (node.parent.type === AST_NODE_TYPES.TaggedTemplateExpression || !inScope(node)) return;
        for (const expression of node.expressions) {
          if (!active(expression)) continue;
          context.report({
            node: expression,
            messageId: 'toString',
            data: { what: 'A template literal' },
            suggest: primalSuggestion([expression]),
          });
        }
      },
    };

    function reportMath(
      node: TSESTree.CallExpression,
      name: string,
      activeArgs: readonly TSESTree.Node[],
    ): void {
      const arity = MATH_VOCABULARY.get(name);
      const args = node.arguments.map((argument) => argumentText(sourceCode, argument));
      const suggest: Suggestions = [];
      if (arity === node.arguments.length) {
        const fix = replaceWithImports(
          sourceCode,
          node,
          node,
          [{ from: MATH_MODULE, name }],
          (local) => `${local(name)}(${args.join(', ')})`,
        );
        if (fix) suggest.push({ messageId: 'useVocabulary', data: { name }, fix });
      }
      suggest.push(...primalSuggestion(activeArgs));
      context.report({
        node,
        messageId: arity === undefined ? 'mathCallNoVocabulary' : 'mathCall',
        data: { name },
        suggest,
      });
    }
  },
});
