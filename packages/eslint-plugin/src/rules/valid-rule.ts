import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  arityOf,
  callParameters,
  functionName,
  skipTypeWrappers,
  type FunctionNode,
} from '../analysis/ast.js';
import { objectLiteralOf } from '../analysis/entry-arguments.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { analysisOf } from '../analysis/project.js';
import { createRule } from '../util/create-rule.js';

/** Options of `valid-rule`. */
export interface ValidRuleOptions {
  /** Check that destructured `args`/`tangents` name no more arguments than `fn` takes. */
  checkArgumentPatterns?: boolean;
}

/** Message ids of `valid-rule`. */
export type ValidRuleMessageId =
  | 'rruleReturn'
  | 'fruleReturn'
  | 'pullbackArity'
  | 'pullbackNotArray'
  | 'partialsArity'
  | 'partialsNotArray'
  | 'partialsParameters'
  | 'ruleParameters'
  | 'argumentPattern'
  | 'unknownRule';

/** Vocabulary functions that always return one number, whatever their arguments. */
const SCALAR_RESULTS: ReadonlySet<string> = new Set([
  'sum',
  'prod',
  'mean',
  'dot',
  'norm',
  'logsumexp',
  'at',
  'det',
  'logdet',
]);

/** What each rule receives, as rules-core calls it. */
const RULE_SIGNATURES = {
  frule: { max: 3, shape: 'frule(args, tangents, config)' },
  rrule: { max: 2, shape: 'rrule(args, config)' },
  pullback: { max: 1, shape: 'pullback(dy)' },
} as const;

/**
 * Checks the shape of rules where it can be seen without running them: `rrule` returns
 * `[y, pullback]` and the pullback one cotangent per argument of `fn`; `frule` returns
 * `[y, dy]`; `partials` returns one partial per argument and takes at most `fn`'s arguments
 * and `y`.
 */
export const validRule = createRule<[ValidRuleOptions], ValidRuleMessageId>({
  name: 'valid-rule',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require frule, rrule, pullbacks and partials to have the shapes rules-core expects',
      recommended: 'recommended',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkArgumentPatterns: {
            type: 'boolean',
            description:
              'Check that destructured args and tangents name no more arguments than fn takes.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkArgumentPatterns: true }],
    messages: {
      rruleReturn: 'An rrule must return [y, pullback]; this one returns {{found}}.',
      fruleReturn: 'An frule must return [y, dy]; this one returns {{found}}.',
      pullbackArity:
        'This pullback returns {{found}} cotangent(s), but {{fn}} takes {{expected}} argument(s): return one per argument, noTangent for arguments without a tangent space.',
      pullbackNotArray:
        'A pullback returns an array of cotangents, one per argument of {{fn}} (noTangent where there is none), not a single value.',
      partialsArity:
        'partials returns {{found}} partial derivative(s), but {{fn}} takes {{expected}} argument(s): return one per argument.',
      partialsNotArray:
        'partials returns an array with one partial derivative per argument of {{fn}}, not a single value.',
      partialsParameters:
        "partials is called with {{fn}}'s {{arity}} argument(s) and then the result y, but declares {{found}} parameters.",
      ruleParameters:
        'rules-core calls {{shape}}, but this {{rule}} declares {{found}} parameters.',
      argumentPattern:
        '{{fn}} takes {{expected}} argument(s), but this {{rule}} destructures {{found}} from its {{what}}.',
      unknownRule:
        "differentiable(fn, rules) understands frule, rrule and partials; '{{key}}' is ignored.",
    },
  },
  create(context, [options]) {
    const analysis = analysisOf(context);
    if (!analysis) return {};
    const sourceCode = context.sourceCode;

    return {
      CallExpression(node) {
        const name = analysis.bindings.pullbackExport(node.callee);
        if (name !== 'differentiable' && name !== 'scalarRule') return;
        const [fnArgument, second] = node.arguments;
        if (!fnArgument || fnArgument.type === AST_NODE_TYPES.SpreadElement) return;
        const fn = analysis.bindings.functionOf(fnArgument);
        const arity = fn ? arityOf(fn) : analysis.types?.arityOf(fnArgument);
        const fnName =
          (fn && functionName(fn)) ??
          (skipTypeWrappers(fnArgument).type === AST_NODE_TYPES.Identifier
            ? sourceCode.getText(fnArgument)
            : boundName(node)) ??
          'fn';
        const checker = new RuleShapes(
          context,
          analysis,
          fnName,
          arity,
          options.checkArgumentPatterns ?? true,
        );
        if (!second || second.type === AST_NODE_TYPES.SpreadElement) return;
        if (name === 'scalarRule') {
          const partials = analysis.bindings.functionOf(second);
          if (partials) checker.partials(partials);
          return;
        }
        const rules = objectLiteralOf(skipTypeWrappers(second), analysis.bindings);
        for (const property of rules?.properties ?? []) {
          if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
          const key =
            property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
          if (key === undefined) continue;
          if (key !== 'frule' && key !== 'rrule' && key !== 'partials') {
            context.report({ node: property.key, messageId: 'unknownRule', data: { key } });
            continue;
          }
          const rule = analysis.bindings.functionOf(property.value);
          if (rule) checker[key](rule);
        }
      },
    };
  },
});

type Context = Parameters<typeof validRule.create>[0];

/** The checks for the rules of one `fn`, whose arity may be unknown. */
class RuleShapes {
  constructor(
    private readonly context: Context,
    private readonly analysis: FileAnalysis,
    private readonly fn: string,
    private readonly arity: number | undefined,
    private readonly checkPatterns: boolean,
  ) {}

  frule(rule: FunctionNode): void {
    this.#parameters(rule, 'frule');
    const params = callParameters(rule);
    this.#argumentPattern(params[0], 'frule', 'args');
    this.#argumentPattern(params[1], 'frule', 'tangents');
    for (const value of this.analysis.returnsOf(rule)) {
      const shape = this.#shape(value);
      if (shape === 'unknown' || shape === 2) continue;
      this.context.report({
        node: value,
        messageId: 'fruleReturn',
        data: { found: describe(shape) },
      });
    }
  }

  rrule(rule: FunctionNode): void {
    this.#parameters(rule, 'rrule');
    this.#argumentPattern(callParameters(rule)[0], 'rrule', 'args');
    for (const value of this.analysis.returnsOf(rule)) {
      const shape = this.#shape(value);
      if (shape === 'unknown') continue;
      if (shape !== 2) {
        this.context.report({
          node: value,
          messageId: 'rruleReturn',
          data: { found: describe(shape) },
        });
        continue;
      }
      const element = (skipTypeWrappers(value) as TSESTree.ArrayExpression).elements[1];
      const pullback = element ? this.analysis.bindings.functionOf(element) : undefined;
      if (pullback) this.#pullback(pullback);
    }
  }

  partials(rule: FunctionNode): void {
    const params = callParameters(rule);
    if (this.arity !== undefined && !params.some((p) => p.type === AST_NODE_TYPES.RestElement)) {
      if (params.length > this.arity + 1) {
        this.context.report({
          node: params[this.arity + 1],
          messageId: 'partialsParameters',
          data: { fn: this.fn, arity: this.arity, found: params.length },
        });
      }
    }
    for (const value of this.analysis.returnsOf(rule)) {
      const shape = this.#shape(value);
      if (shape === 'unknown') continue;
      // A one-argument function's partials may be its one partial derivative (@scalar_rule).
      if (shape === 'not-array' && this.arity === 1) continue;
      if (shape === 'not-array') {
        this.context.report({ node: value, messageId: 'partialsNotArray', data: { fn: this.fn } });
      } else if (this.arity !== undefined && shape !== this.arity) {
        this.context.report({
          node: value,
          messageId: 'partialsArity',
          data: { fn: this.fn, found: shape, expected: this.arity },
        });
      }
    }
  }

  #pullback(pullback: FunctionNode): void {
    this.#parameters(pullback, 'pullback');
    for (const value of this.analysis.returnsOf(pullback)) {
      const shape = this.#shape(value);
      if (shape === 'unknown') continue;
      if (shape === 'not-array') {
        this.context.report({ node: value, messageId: 'pullbackNotArray', data: { fn: this.fn } });
      } else if (this.arity !== undefined && shape !== this.arity) {
        this.context.report({
          node: value,
          messageId: 'pullbackArity',
          data: { fn: this.fn, found: shape, expected: this.arity },
        });
      }
    }
  }

  /**
   * The shape of a returned value: from its syntax, else from the returns of the local helper
   * it calls, else from its type (a tuple's length; a number or an active scalar is no array).
   */
  #shape(value: TSESTree.Node, depth = 0): number | 'not-array' | 'unknown' {
    const syntactic = arrayShape(value);
    if (syntactic !== 'unknown' || depth > 4) return syntactic;
    const expr = skipTypeWrappers(value);
    if (expr.type === AST_NODE_TYPES.CallExpression) {
      const helper = this.analysis.bindings.functionOf(expr.callee);
      if (helper) {
        const shapes = new Set(
          this.analysis.returnsOf(helper).map((v) => this.#shape(v, depth + 1)),
        );
        if (shapes.size === 1) {
          const [only] = shapes;
          if (only !== 'unknown') return only;
        }
      }
      const name = this.analysis.bindings.pullbackExport(expr.callee);
      if (name !== undefined && SCALAR_RESULTS.has(name)) return 'not-array';
    }
    return this.analysis.types?.arrayShapeOf(expr) ?? 'unknown';
  }

  #parameters(rule: FunctionNode, kind: keyof typeof RULE_SIGNATURES): void {
    const params = callParameters(rule);
    const { max, shape } = RULE_SIGNATURES[kind];
    if (params.length <= max || params.some((p) => p.type === AST_NODE_TYPES.RestElement)) return;
    this.context.report({
      node: params[max],
      messageId: 'ruleParameters',
      data: { shape, rule: kind, found: params.length },
    });
  }

  #argumentPattern(
    param: TSESTree.Parameter | undefined,
    rule: 'frule' | 'rrule',
    what: string,
  ): void {
    if (!this.checkPatterns || this.arity === undefined || !param) return;
    const pattern = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (pattern.type !== AST_NODE_TYPES.ArrayPattern) return;
    if (pattern.elements.some((element) => element?.type === AST_NODE_TYPES.RestElement)) return;
    if (pattern.elements.length <= this.arity) return;
    this.context.report({
      node: pattern,
      messageId: 'argumentPattern',
      data: { fn: this.fn, expected: this.arity, rule, found: pattern.elements.length, what },
    });
  }
}

/** The name a call's result is bound to (`power` in `const power = differentiable(...)`). */
function boundName(call: TSESTree.CallExpression): string | undefined {
  const parent = call.parent;
  return parent.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.id.type === AST_NODE_TYPES.Identifier
    ? parent.id.name
    : undefined;
}

/**
 * The number of elements of an array literal (without spreads), `not-array` for an expression
 * that cannot be an array, `unknown` when it could be one.
 */
function arrayShape(node: TSESTree.Node): number | 'not-array' | 'unknown' {
  const expr = skipTypeWrappers(node);
  switch (expr.type) {
    case AST_NODE_TYPES.ArrayExpression:
      return expr.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement)
        ? 'unknown'
        : expr.elements.length;
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return 'not-array';
    default:
      return 'unknown';
  }
}

function describe(shape: number | 'not-array'): string {
  return shape === 'not-array' ? 'a single value' : `an array of ${shape} element(s)`;
}
