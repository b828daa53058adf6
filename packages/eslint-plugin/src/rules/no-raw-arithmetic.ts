import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { analysisOf } from '../analysis/project.js';
import { skipTypeWrappers } from '../analysis/ast.js';
import { ARITHMETIC_FUNCTIONS, CORE_MODULE, MATH_MODULE } from '../analysis/pullback-names.js';
import { argumentText, replaceWithImports } from '../fixes/replace-with-call.js';
import { planImports } from '../fixes/imports.js';
import { createRule } from '../util/create-rule.js';
import { FALLS_BACK } from '../util/messages.js';

/** Options of `no-raw-arithmetic`. */
export interface NoRawArithmeticOptions {
  /** Also report `<`, `>`, `<=`, `>=`, `==`, `!=` on values that may be active. */
  checkComparisons?: boolean;
}

/** Message ids of `no-raw-arithmetic`. */
export type NoRawArithmeticMessageId =
  'arithmetic' | 'noVocabulary' | 'negation' | 'compound' | 'increment' | 'comparison';

const RELATIONAL: ReadonlySet<string> = new Set(['<', '>', '<=', '>=']);
// Strict equality never converts: `x === 0` is simply false for an active x, the strong-zero
// test generic code relies on. Loose equality with a number calls valueOf.
const EQUALITY: ReadonlySet<string> = new Set(['==', '!=']);

/**
 * Reports JavaScript arithmetic on values that may be active. Operators see only numbers, so an
 * active value is coerced: the engine falls back to a black box and reports it (a derivative
 * would be lost if it did not).
 */
export const noRawArithmetic = createRule<[NoRawArithmeticOptions], NoRawArithmeticMessageId>({
  name: 'no-raw-arithmetic',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow JavaScript arithmetic on values that may be active',
      recommended: 'recommended',
    },
    fixable: 'code',
    schema: [
      {
        type: 'object',
        properties: {
          checkComparisons: {
            type: 'boolean',
            description:
              'Also report relational comparisons and loose equality of values that may be active.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkComparisons: true }],
    messages: {
      arithmetic: `'{{operator}}' on a value that may be active: JavaScript operators see only numbers, so ${FALLS_BACK}. Use {{name}}(a, b) from @pullback/rules-core/math.`,
      noVocabulary: `'{{operator}}' on a value that may be active: JavaScript operators see only numbers, so ${FALLS_BACK}. The math vocabulary has no '{{operator}}': apply it to primal(...) if the result needs no derivative.`,
      negation: `Unary '-' on a value that may be active: JavaScript operators see only numbers, so ${FALLS_BACK}. Use neg(x) from @pullback/rules-core/math.`,
      compound: `'{{operator}}' on a value that may be active: JavaScript operators see only numbers, so ${FALLS_BACK}. Write x = {{name}}(x, y) with the math vocabulary.`,
      increment: `'{{operator}}' on a value that may be active: JavaScript operators see only numbers, so ${FALLS_BACK}. Write x = {{name}}(x, 1) with the math vocabulary.`,
      comparison: `'{{operator}}' on a value that may be active converts it with valueOf, so ${FALLS_BACK}. Compare primals: primal(a) {{operator}} primal(b).`,
    },
  },
  create(context, [options]) {
    const analysis = analysisOf(context);
    if (!analysis?.hasDifferentiableCode) return {};
    const sourceCode = context.sourceCode;
    const active = (node: TSESTree.Node): boolean => analysis.mayBeActive(node);
    const inScope = (node: TSESTree.Node): boolean =>
      analysis.enclosingDifferentiable(node) !== undefined;

    const vocabularyCall = (target: TSESTree.Node, name: string, args: readonly string[]) =>
      replaceWithImports(
        sourceCode,
        target,
        target,
        [{ from: MATH_MODULE, name }],
        (local) => `${local(name)}(${args.join(', ')})`,
      );

    return {
      BinaryExpression(node) {
        if (node.left.type === AST_NODE_TYPES.PrivateIdentifier || !inScope(node)) return;
        const { left, right, operator } = node;
        if (RELATIONAL.has(operator) || EQUALITY.has(operator)) {
          if (!options.checkComparisons) return;
          if (EQUALITY.has(operator) && (isNullish(left) || isNullish(right))) return;
          reportComparison(context, analysis, node, left, right);
          return;
        }
        if (!['+', '-', '*', '/', '%', '**'].includes(operator)) return;
        if (operator === '+' && (isStringish(analysis, left) || isStringish(analysis, right)))
          return;
        if (!active(left) && !active(right)) return;
        const name = ARITHMETIC_FUNCTIONS.get(operator);
        if (name === undefined) {
          context.report({ node, messageId: 'noVocabulary', data: { operator } });
          return;
        }
        context.report({
          node,
          messageId: 'arithmetic',
          data: { operator, name },
          fix: vocabularyCall(node, name, [
            argumentText(sourceCode, left),
            argumentText(sourceCode, right),
          ]),
        });
      },
      UnaryExpression(node) {
        if (node.operator !== '-' || !inScope(node) || !active(node.argument)) return;
        context.report({
          node,
          messageId: 'negation',
          fix: vocabularyCall(node, 'neg', [argumentText(sourceCode, node.argument)]),
        });
      },
      AssignmentExpression(node) {
        const operator = node.operator;
        if (operator === '=' || !['+=', '-=', '*=', '/=', '%=', '**='].includes(operator)) return;
        if (!inScope(node) || (!active(node.left) && !active(node.right))) return;
        if (operator === '+=' && isStringish(analysis, node.right)) return;
        const name = ARITHMETIC_FUNCTIONS.get(operator.slice(0, -1));
        if (name === undefined) {
          context.report({ node, messageId: 'noVocabulary', data: { operator } });
          return;
        }
        const target = sourceCode.getText(node.left);
        context.report({
          node,
          messageId: 'compound',
          data: { operator, name },
          fix: isSimpleTarget(node.left)
            ? replaceWithImports(
                sourceCode,
                node,
                node,
                [{ from: MATH_MODULE, name }],
                (local) =>
                  `${target} = ${local(name)}(${target}, ${argumentText(sourceCode, node.right)})`,
              )
            : undefined,
        });
      },
      UpdateExpression(node) {
        if (!inScope(node) || !active(node.argument)) return;
        const name = node.operator === '++' ? 'add' : 'sub';
        const target = sourceCode.getText(node.argument);
        const statementLike =
          node.parent.type === AST_NODE_TYPES.ExpressionStatement ||
          (node.parent.type === AST_NODE_TYPES.ForStatement && node.parent.update === node);
        context.report({
          node,
          messageId: 'increment',
          data: { operator: node.operator, name },
          fix:
            statementLike && isSimpleTarget(node.argument)
              ? replaceWithImports(
                  sourceCode,
                  node,
                  node,
                  [{ from: MATH_MODULE, name }],
                  (local) => `${target} = ${local(name)}(${target}, 1)`,
                )
              : undefined,
        });
      },
    };
  },
});

function reportComparison(
  context: Readonly<TSESLint.RuleContext<NoRawArithmeticMessageId, [NoRawArithmeticOptions]>>,
  analysis: FileAnalysis,
  node: TSESTree.BinaryExpression,
  left: TSESTree.Expression,
  right: TSESTree.Expression,
): void {
  const activeOperands = [left, right].filter((operand) => analysis.mayBeActive(operand));
  if (activeOperands.length === 0) return;
  const sourceCode = context.sourceCode;
  const plan = planImports(sourceCode, node, [{ from: CORE_MODULE, name: 'primal' }]);
  context.report({
    node,
    messageId: 'comparison',
    data: { operator: node.operator },
    fix: plan
      ? (fixer) => [
          ...activeOperands.map((operand) =>
            fixer.replaceText(
              operand,
              `${plan.local('primal')}(${argumentText(sourceCode, operand)})`,
            ),
          ),
          ...plan.fix(fixer),
        ]
      : undefined,
  });
}

function isNullish(node: TSESTree.Node): boolean {
  const expr = skipTypeWrappers(node);
  return (
    (expr.type === AST_NODE_TYPES.Literal && expr.value === null) ||
    (expr.type === AST_NODE_TYPES.Identifier && expr.name === 'undefined')
  );
}

function isStringish(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const expr = skipTypeWrappers(node);
  if (expr.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (expr.type === AST_NODE_TYPES.Literal) return typeof expr.value === 'string';
  return analysis.types?.isStringLike(expr) ?? false;
}

/** An assignment target whose text can be repeated without running anything twice. */
function isSimpleTarget(node: TSESTree.Node): boolean {
  const expr = skipTypeWrappers(node);
  if (expr.type === AST_NODE_TYPES.Identifier) return true;
  if (expr.type !== AST_NODE_TYPES.MemberExpression) return false;
  const property = expr.property;
  const simpleKey =
    !expr.computed ||
    property.type === AST_NODE_TYPES.Identifier ||
    property.type === AST_NODE_TYPES.Literal;
  return (
    simpleKey && (expr.object.type === AST_NODE_TYPES.ThisExpression || isSimpleTarget(expr.object))
  );
}
