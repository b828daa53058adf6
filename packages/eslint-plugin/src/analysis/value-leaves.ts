import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticPropertyName, type FunctionNode } from './ast.js';
import type { Bindings } from './bindings.js';
import { TYPED_ARRAYS } from './annotations.js';
import { INACTIVE_RESULTS, INDEX_ARGUMENTS } from './pullback-names.js';

/** Properties that hold sizes, never values: reading them drops no derivative. */
export const SIZE_PROPERTIES: ReadonlySet<string> = new Set([
  'length',
  'rows',
  'cols',
  'byteLength',
  'byteOffset',
  'BYTES_PER_ELEMENT',
]);

/** Methods whose result is an index, a flag or a string, never one of the receiver's values. */
const NON_VALUE_METHODS: ReadonlySet<string> = new Set([
  'toFixed',
  'toPrecision',
  'toExponential',
  'toString',
  'toLocaleString',
  'valueOf',
  'indexOf',
  'lastIndexOf',
  'includes',
  'findIndex',
  'findLastIndex',
  'some',
  'every',
  'join',
  'keys',
  'has',
  'forEach',
]);

/** Globals whose calls return plain numbers, strings or flags (or, for `Math`, coerce). */
const COERCING_GLOBALS: ReadonlySet<string> = new Set([
  'Number',
  'String',
  'Boolean',
  'parseFloat',
  'parseInt',
  'isNaN',
  'isFinite',
  'BigInt',
  'Symbol',
  'Date',
  'Array',
]);

/** Conversions whose numeric result still depends on their argument's value. */
const NUMERIC_CONVERSIONS: ReadonlySet<string> = new Set(['Number', 'parseFloat', 'parseInt']);

/** Namespaces whose members return plain values. */
const PLAIN_NAMESPACES: ReadonlySet<string> = new Set([
  'Math',
  'JSON',
  'Date',
  'Number',
  'String',
  'performance',
  'crypto',
  'console',
]);

/** What a value is built from: a variable's identifier, or a field read as `this.name`. */
export type Leaf = TSESTree.Identifier | TSESTree.MemberExpression;

/**
 * The identifiers whose values an expression's value is built from — its "leaves". A value is
 * active or derived from the inputs exactly when one of its leaves is. Positions that only
 * steer (conditions, indices, comparisons), sizes (`x.length`) and results that carry no
 * derivative (`primal(x)`, and for activity `Number(x)`, `Math.sin(x)`) contribute nothing. A call to a
 * function of this file also takes the leaves of what that function returns.
 */
export class ValueLeaves {
  readonly #bindings: Bindings;
  readonly #numeric: boolean;
  readonly #returns: ReadonlyMap<FunctionNode, readonly TSESTree.Expression[]>;
  readonly #cache = new Map<TSESTree.Node, readonly Leaf[]>();
  readonly #inProgress = new Set<FunctionNode>();

  /**
   * With `numeric`, conversions that keep the number (`Math.exp(x)`, `Number(x)`, `+x`,
   * `x | 0`) pass their argument's leaves on: the value depends on the input even though a
   * derivative would not survive. Without it, they end the flow, as they do for activity.
   */
  constructor(
    bindings: Bindings,
    returns: ReadonlyMap<FunctionNode, readonly TSESTree.Expression[]>,
    numeric: boolean,
  ) {
    this.#bindings = bindings;
    this.#returns = returns;
    this.#numeric = numeric;
  }

  /** The leaves of `node`'s value. */
  of(node: TSESTree.Node): readonly Leaf[] {
    const cached = this.#cache.get(node);
    if (cached) return cached;
    const out: Leaf[] = [];
    this.#collect(node, out);
    this.#cache.set(node, out);
    return out;
  }

  /** The leaves of everything `fn` returns. */
  ofReturns(fn: FunctionNode): readonly Leaf[] {
    if (this.#inProgress.has(fn)) return [];
    this.#inProgress.add(fn);
    try {
      return (this.#returns.get(fn) ?? []).flatMap((value) => this.of(value));
    } finally {
      this.#inProgress.delete(fn);
    }
  }

  #collect(node: TSESTree.Node, out: Leaf[]): void {
    const expr = skipTypeWrappers(node);
    switch (expr.type) {
      case AST_NODE_TYPES.Identifier:
        out.push(expr);
        return;
      case AST_NODE_TYPES.MemberExpression: {
        const name = staticPropertyName(expr);
        if (name !== undefined && SIZE_PROPERTIES.has(name)) return;
        if (this.#bindings.slotOf(expr)) {
          out.push(expr);
          return;
        }
        this.#collect(expr.object, out);
        return;
      }
      case AST_NODE_TYPES.BinaryExpression:
        if (
          ['+', '-', '*', '/', '%', '**'].includes(expr.operator) ||
          (this.#numeric && ['|', '&', '^', '<<', '>>', '>>>'].includes(expr.operator))
        ) {
          this.#collect(expr.left, out);
          this.#collect(expr.right, out);
        }
        return;
      case AST_NODE_TYPES.LogicalExpression:
        this.#collect(expr.left, out);
        this.#collect(expr.right, out);
        return;
      case AST_NODE_TYPES.UnaryExpression:
        if (
          expr.operator === '-' ||
          (this.#numeric && (expr.operator === '+' || expr.operator === '~'))
        ) {
          this.#collect(expr.argument, out);
        }
        return;
      case AST_NODE_TYPES.ConditionalExpression:
        this.#collect(expr.consequent, out);
        this.#collect(expr.alternate, out);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (expr.operator !== '=') this.#collect(expr.left, out);
        this.#collect(expr.right, out);
        return;
      case AST_NODE_TYPES.SequenceExpression:
        this.#collect(expr.expressions[expr.expressions.length - 1], out);
        return;
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of expr.elements) {
          if (element)
            this.#collect(
              element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element,
              out,
            );
        }
        return;
      case AST_NODE_TYPES.ObjectExpression:
        for (const property of expr.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) this.#collect(property.argument, out);
          else this.#collect(property.value, out);
        }
        return;
      case AST_NODE_TYPES.AwaitExpression:
        this.#collect(expr.argument, out);
        return;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        this.#collectCall(expr, out);
        return;
      default:
        return;
    }
  }

  #collectCall(call: TSESTree.CallExpression | TSESTree.NewExpression, out: Leaf[]): void {
    const callee = skipTypeWrappers(call.callee);
    const pullbackName = this.#bindings.pullbackExport(callee);
    if (pullbackName !== undefined) {
      if (INACTIVE_RESULTS.has(pullbackName)) return;
      const indices = INDEX_ARGUMENTS.get(pullbackName) ?? [];
      call.arguments.forEach((argument, k) => {
        if (!indices.includes(k)) this.#collectArgument(argument, out);
      });
      return;
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (
        (COERCING_GLOBALS.has(callee.name) || TYPED_ARRAYS.has(callee.name)) &&
        this.#bindings.isGlobal(callee, callee.name)
      ) {
        if (this.#numeric && NUMERIC_CONVERSIONS.has(callee.name) && call.arguments[0]) {
          this.#collectArgument(call.arguments[0], out);
        }
        return;
      }
      const local = this.#bindings.functionOf(callee);
      if (local) out.push(...this.ofReturns(local));
      call.arguments.forEach((argument) => this.#collectArgument(argument, out));
      return;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const receiver = skipTypeWrappers(callee.object);
      const method = staticPropertyName(callee);
      if (
        receiver.type === AST_NODE_TYPES.Identifier &&
        this.#bindings.isGlobal(receiver, receiver.name)
      ) {
        // A Math function of an active value is reported where it is called; what it returns
        // is what its vocabulary counterpart will return once that is fixed: active.
        if (receiver.name === 'Math') {
          if (method !== 'random')
            call.arguments.forEach((argument) => this.#collectArgument(argument, out));
          return;
        }
        // `Float64Array.from(x)` holds x's numbers: no derivative, but the same values.
        if (
          TYPED_ARRAYS.has(receiver.name) &&
          this.#numeric &&
          (method === 'from' || method === 'of')
        ) {
          call.arguments.forEach((argument) => this.#collectArgument(argument, out));
          return;
        }
        if (PLAIN_NAMESPACES.has(receiver.name) || TYPED_ARRAYS.has(receiver.name)) return;
      }
      if (method !== undefined && NON_VALUE_METHODS.has(method)) return;
      const local = this.#bindings.functionOf(callee);
      if (local) out.push(...this.ofReturns(local));
      this.#collect(receiver, out);
    }
    call.arguments.forEach((argument) => this.#collectArgument(argument, out));
  }

  #collectArgument(argument: TSESTree.CallExpressionArgument, out: Leaf[]): void {
    const value = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
    const fn = this.#bindings.functionOf(value);
    // A callback's results become the call's values (`map(f, x)`, `x.map(f)`).
    if (fn) out.push(...this.ofReturns(fn));
    else this.#collect(value, out);
  }
}
