import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, skipTypeWrappers, type FunctionNode } from '../analysis/ast.js';
import { analysisOf } from '../analysis/project.js';
import { MATH_MODULE } from '../analysis/pullback-names.js';
import { argumentText, replaceWithImports } from '../fixes/replace-with-call.js';
import { createRule } from '../util/create-rule.js';

/** Options of `prefer-ifelse-when-prepared`. */
export type PreferIfelseWhenPreparedOptions = Record<string, never>;

/** Message ids of `prefer-ifelse-when-prepared`. */
export type PreferIfelseWhenPreparedMessageId = 'branchOnPrimal' | 'useIfElse';

/** The comparison functions of the vocabulary: they return plain booleans. */
const COMPARISONS: ReadonlySet<string> = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

/** A relational operator and the comparison function that selects the same way. */
const COMPARISON_OF: ReadonlyMap<string, string> = new Map([
  ['<', 'lt'],
  ['<=', 'le'],
  ['>', 'gt'],
  ['>=', 'ge'],
  ['===', 'eq'],
  ['!==', 'ne'],
]);

/**
 * Reports JavaScript control flow on `primal(...)` or on a comparison function in functions
 * passed to `prepare*` (issue 13): compiled preparation traces one branch, so such a function
 * stays eager or is traced again whenever the branch changes. `ifElse` traces both sides.
 */
export const preferIfelseWhenPrepared = createRule<
  [PreferIfelseWhenPreparedOptions],
  PreferIfelseWhenPreparedMessageId
>({
  name: 'prefer-ifelse-when-prepared',
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Require ifElse instead of control flow on primal values in functions passed to prepare operators',
      recommended: 'strict',
    },
    hasSuggestions: true,
    schema: [{ type: 'object', properties: {}, additionalProperties: false }],
    defaultOptions: [{}],
    messages: {
      branchOnPrimal:
        'This {{what}} in a function passed to {{operator}} branches on {{reads}}, a plain value read from an active one: compiled preparation traces only the branch it takes, so the prepared object stays eager or is traced again whenever the branch changes. Select with ifElse(gt(a, b), x, y) from @pullback/rules-core/math, which traces both sides.',
      useIfElse: 'Select with {{replacement}}.',
    },
  },
  create(context) {
    const analysis = analysisOf(context);
    if (!analysis) return {};
    const sourceCode = context.sourceCode;

    /** What in `test` reads a plain value out of an active one: `primal()` or a comparison. */
    const primalRead = (test: TSESTree.Node): string | undefined => {
      let found: string | undefined;
      const visit = (node: TSESTree.Node): void => {
        if (found || isFunctionNode(node)) return;
        if (node.type === AST_NODE_TYPES.CallExpression) {
          const name = analysis.bindings.pullbackExport(node.callee);
          if (name === 'primal') found = 'primal()';
          else if (name !== undefined && COMPARISONS.has(name)) found = `${name}()`;
          if (found) return;
        }
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          for (const item of Array.isArray(child) ? child : [child])
            if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
        }
      };
      visit(test);
      return found;
    };

    /** `primal(a) > primal(b)` (or a number on one side) as `gt(a, b)`, for the suggestion. */
    const asComparison = (
      test: TSESTree.Node,
      local: (name: string) => string,
    ): string | undefined => {
      const expr = skipTypeWrappers(test);
      if (expr.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
      const name = COMPARISON_OF.get(expr.operator);
      if (!name || expr.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
      const unwrap = (side: TSESTree.Expression): string | undefined => {
        const e = skipTypeWrappers(side);
        if (e.type === AST_NODE_TYPES.Literal && typeof e.value === 'number') return e.raw;
        if (
          e.type === AST_NODE_TYPES.CallExpression &&
          analysis.bindings.pullbackExport(e.callee) === 'primal' &&
          e.arguments.length === 1
        )
          return argumentText(sourceCode, e.arguments[0]);
        return undefined;
      };
      const left = unwrap(expr.left);
      const right = unwrap(expr.right);
      return left !== undefined && right !== undefined
        ? `${local(name)}(${left}, ${right})`
        : undefined;
    };

    const check = (fn: FunctionNode, operator: string): void => {
      const visit = (node: TSESTree.Node): void => {
        let test: TSESTree.Node | undefined;
        let what = '';
        switch (node.type) {
          case AST_NODE_TYPES.IfStatement:
            test = node.test;
            what = 'if';
            break;
          case AST_NODE_TYPES.ConditionalExpression:
            test = node.test;
            what = 'conditional';
            break;
          case AST_NODE_TYPES.WhileStatement:
          case AST_NODE_TYPES.DoWhileStatement:
            test = node.test;
            what = 'loop';
            break;
          case AST_NODE_TYPES.ForStatement:
            test = node.test ?? undefined;
            what = 'loop';
            break;
          default:
            break;
        }
        const reads = test ? primalRead(test) : undefined;
        if (test && reads) {
          const suggest: TSESLint.SuggestionReportDescriptor<PreferIfelseWhenPreparedMessageId>[] =
            [];
          if (node.type === AST_NODE_TYPES.ConditionalExpression) {
            const comparison = asComparison(node.test, (n) => n);
            const name = comparison?.slice(0, comparison.indexOf('('));
            const fix =
              comparison && name
                ? replaceWithImports(
                    sourceCode,
                    node,
                    node,
                    [
                      { from: MATH_MODULE, name: 'ifElse' },
                      { from: MATH_MODULE, name },
                    ],
                    (local) =>
                      `${local('ifElse')}(${asComparison(node.test, local)}, ${argumentText(sourceCode, node.consequent)}, ${argumentText(sourceCode, node.alternate)})`,
                  )
                : undefined;
            if (fix && comparison)
              suggest.push({
                messageId: 'useIfElse',
                data: { replacement: `ifElse(${comparison}, …)` },
                fix,
              });
          }
          context.report({
            node: test,
            messageId: 'branchOnPrimal',
            data: { what, operator, reads },
            suggest,
          });
        }
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          for (const item of Array.isArray(child) ? child : [child])
            if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
        }
      };
      visit(fn.body);
    };

    return {
      CallExpression(node) {
        const operator = analysis.bindings.pullbackExport(node.callee);
        if (operator === undefined || !operator.startsWith('prepare')) return;
        const [first] = node.arguments;
        const fn =
          first && first.type !== AST_NODE_TYPES.SpreadElement
            ? analysis.bindings.functionOf(first)
            : undefined;
        if (fn) check(fn, operator);
      },
    };
  },
});
