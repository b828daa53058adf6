import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticPropertyName } from '../analysis/ast.js';
import { analysisOf } from '../analysis/project.js';
import {
  CORE_MODULE,
  MATH_MODULE,
  MATH_VOCABULARY,
  PIECEWISE_CONSTANT,
} from '../analysis/pullback-names.js';
import { argumentText, replaceWithImports } from '../fixes/replace-with-call.js';
import type { ImportRequest } from '../fixes/imports.js';
import { createRule } from '../util/create-rule.js';

/** Options of `no-nondifferentiable-math`. */
export interface NoNondifferentiableMathOptions {
  /** Report `Math.random()`, `Date.now()`, `performance.now()`, `new Date()` and `crypto` in differentiable code. */
  checkNondeterminism?: boolean;
}

/** Message ids of `no-nondifferentiable-math`. */
export type NoNondifferentiableMathMessageId =
  'zeroDerivative' | 'nondeterministic' | 'wrapInStopGradient';

/** Calls whose value changes from one run to the next, keyed `namespace.member`. */
const NONDETERMINISTIC: ReadonlySet<string> = new Set([
  'Math.random',
  'Date.now',
  'performance.now',
  'crypto.getRandomValues',
  'crypto.randomUUID',
]);

/**
 * Reports `floor`, `ceil`, `round`, `trunc` and `sign` of values that may be active whose
 * result reaches the output (the derivative is zero almost everywhere, so the gradient
 * through them silently vanishes), and sources of nondeterminism in differentiable code, which
 * break fallbacks that re-run the function.
 */
export const noNondifferentiableMath = createRule<
  [NoNondifferentiableMathOptions],
  NoNondifferentiableMathMessageId
>({
  name: 'no-nondifferentiable-math',
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Disallow piecewise-constant math on active values and nondeterminism in differentiable code',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkNondeterminism: {
            type: 'boolean',
            description:
              'Report Math.random(), Date.now() and other nondeterministic calls in differentiable code.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkNondeterminism: true }],
    messages: {
      zeroDerivative:
        '{{name}}() of a value that may be active has derivative zero almost everywhere, and its result reaches the output: the gradient through it is silently zero. If that is intended, say so with stopGradient(...).',
      nondeterministic:
        '{{name}} in differentiable code: a fallback re-runs the function (black-box forward mode or finite differences) and would see different values. Pass the value in as an argument instead.',
      wrapInStopGradient: 'Wrap in stopGradient(...) to state that no derivative flows here.',
    },
  },
  create(context, [options]) {
    const analysis = analysisOf(context);
    if (!analysis?.hasDifferentiableCode) return {};
    const sourceCode = context.sourceCode;

    const reportNondeterminism = (node: TSESTree.Node, name: string): void => {
      if (!options.checkNondeterminism || !analysis.enclosingDifferentiable(node)) return;
      context.report({ node, messageId: 'nondeterministic', data: { name } });
    };

    return {
      NewExpression(node) {
        const callee = skipTypeWrappers(node.callee);
        if (
          callee.type === AST_NODE_TYPES.Identifier &&
          analysis.bindings.isGlobal(callee, 'Date')
        ) {
          if (node.arguments.length === 0) reportNondeterminism(node, 'new Date()');
        }
      },
      CallExpression(node) {
        const callee = skipTypeWrappers(node.callee);
        const vocabularyName = analysis.bindings.pullbackExport(callee);
        let name: string | undefined;
        let fromMath = false;
        if (vocabularyName !== undefined && PIECEWISE_CONSTANT.has(vocabularyName)) {
          name = vocabularyName;
        } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const member = staticPropertyName(callee);
          const receiver = skipTypeWrappers(callee.object);
          if (member === undefined || receiver.type !== AST_NODE_TYPES.Identifier) return;
          if (!analysis.bindings.isGlobal(receiver, receiver.name)) return;
          const qualified = `${receiver.name}.${member}`;
          if (NONDETERMINISTIC.has(qualified)) {
            reportNondeterminism(node, `${qualified}()`);
            return;
          }
          if (receiver.name !== 'Math' || !PIECEWISE_CONSTANT.has(member)) return;
          name = member;
          fromMath = true;
        }
        const [argument] = node.arguments;
        if (name === undefined || !argument || argument.type === AST_NODE_TYPES.SpreadElement)
          return;
        if (!analysis.enclosingDifferentiable(node) || !analysis.mayBeActive(argument)) return;
        if (!analysis.reachesOutput(node)) return;
        const display = fromMath ? `Math.${name}` : sourceCode.getText(node.callee);
        // Math's version coerces; the vocabulary's is the same function without the coercion.
        const useVocabulary = fromMath && MATH_VOCABULARY.has(name);
        const requests: ImportRequest[] = [{ from: CORE_MODULE, name: 'stopGradient' }];
        if (useVocabulary) requests.push({ from: MATH_MODULE, name });
        const fix = replaceWithImports(sourceCode, node, node, requests, (local) => {
          const inner = useVocabulary
            ? `${local(name)}(${node.arguments.map((a) => argumentText(sourceCode, a)).join(', ')})`
            : sourceCode.getText(node);
          return `${local('stopGradient')}(${inner})`;
        });
        context.report({
          node,
          messageId: 'zeroDerivative',
          data: { name: display },
          suggest:
            fix && (!fromMath || useVocabulary) ? [{ messageId: 'wrapInStopGradient', fix }] : [],
        });
      },
    };
  },
});
