import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, skipTypeWrappers } from './ast.js';
import type { Bindings } from './bindings.js';
import { TYPED_ARRAYS } from './annotations.js';
import type { TypeOracle } from './type-oracle.js';

type Variable = TSESLint.Scope.Variable;

/**
 * Without type information, recognises the guards generic code uses for its fast path on
 * plain numbers, so `if (typeof a === 'number') return a + b;` is not reported:
 * `typeof v === 'number'`, `!isActive(v)`, `v instanceof Float64Array`, combined with
 * `!`, `&&`, `||`, in `if`, `?:`, `&&`/`||` operands and early exits (`if (...) return`).
 */
export class Narrowing {
  readonly #bindings: Bindings;
  readonly #types: TypeOracle | undefined;
  readonly #cache = new Map<TSESTree.Identifier, boolean>();

  /**
   * With `types`, a read whose type is a plain number while its declaration may hold active
   * values counts as narrowed too (TypeScript followed a guard the syntax check does not know).
   */
  constructor(bindings: Bindings, types: TypeOracle | undefined) {
    this.#bindings = bindings;
    this.#types = types;
  }

  /** True when, where `identifier` is read, a guard has established it holds plain numbers. */
  isPlainAt(identifier: TSESTree.Identifier): boolean {
    const cached = this.#cache.get(identifier);
    if (cached !== undefined) return cached;
    const variable = this.#bindings.variableOf(identifier);
    const answer =
      variable !== null &&
      (this.#guarded(identifier, variable) || this.#narrowedByTypes(identifier, variable));
    this.#cache.set(identifier, answer);
    return answer;
  }

  #guarded(identifier: TSESTree.Identifier, variable: Variable): boolean {
    let child: TSESTree.Node = identifier;
    for (
      let parent: TSESTree.Node | undefined = child.parent;
      parent;
      child = parent, parent = parent.parent
    ) {
      switch (parent.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          if (child === parent.consequent && this.#whenTrue(parent.test, variable)) return true;
          if (child === parent.alternate && this.#whenFalse(parent.test, variable)) return true;
          break;
        case AST_NODE_TYPES.LogicalExpression:
          if (child === parent.right) {
            if (parent.operator === '&&' && this.#whenTrue(parent.left, variable)) return true;
            if (parent.operator === '||' && this.#whenFalse(parent.left, variable)) return true;
          }
          break;
        case AST_NODE_TYPES.BlockStatement:
        case AST_NODE_TYPES.Program:
        case AST_NODE_TYPES.StaticBlock:
          if (this.#earlierExitGuards(parent.body, child, variable)) return true;
          break;
        case AST_NODE_TYPES.SwitchCase:
          if (this.#earlierExitGuards(parent.consequent, child, variable)) return true;
          break;
        default:
          break;
      }
      if (isFunctionNode(parent)) return false;
    }
    return false;
  }

  #narrowedByTypes(identifier: TSESTree.Identifier, variable: Variable): boolean {
    const declared = variable.identifiers[0];
    if (!this.#types || !declared || declared === identifier) return false;
    return (
      this.#types.mayBeActive(identifier) === false && this.#types.mayBeActive(declared) !== false
    );
  }

  #earlierExitGuards(
    statements: readonly TSESTree.Node[],
    child: TSESTree.Node,
    variable: Variable,
  ): boolean {
    for (const statement of statements) {
      if (statement === child) return false;
      if (
        statement.type === AST_NODE_TYPES.IfStatement &&
        !statement.alternate &&
        alwaysExits(statement.consequent) &&
        this.#whenFalse(statement.test, variable)
      ) {
        return true;
      }
      if (
        statement.type === AST_NODE_TYPES.ForOfStatement &&
        this.#checksEveryElement(statement, variable)
      ) {
        return true;
      }
    }
    return false;
  }

  /** `for (const v of x) if (typeof v !== 'number') return ...;`: past it, `x` holds numbers. */
  #checksEveryElement(loop: TSESTree.ForOfStatement, variable: Variable): boolean {
    if (!this.#isVariable(loop.right, variable)) return false;
    const element =
      loop.left.type === AST_NODE_TYPES.VariableDeclaration
        ? loop.left.declarations[0]?.id
        : loop.left;
    const elementVariable =
      element?.type === AST_NODE_TYPES.Identifier ? this.#bindings.variableOf(element) : null;
    if (!elementVariable) return false;
    const body = loop.body.type === AST_NODE_TYPES.BlockStatement ? loop.body.body : [loop.body];
    return body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.IfStatement &&
        !statement.alternate &&
        leavesFunction(statement.consequent) &&
        this.#whenFalse(statement.test, elementVariable),
    );
  }

  /** Does `test` being true imply `variable` holds plain numbers? */
  #whenTrue(test: TSESTree.Node, variable: Variable): boolean {
    const node = skipTypeWrappers(test);
    switch (node.type) {
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator === 'instanceof') {
          return (
            this.#isVariable(node.left, variable) &&
            node.right.type === AST_NODE_TYPES.Identifier &&
            TYPED_ARRAYS.has(node.right.name) &&
            this.#bindings.isGlobal(node.right, node.right.name)
          );
        }
        return (
          this.#typeofNumber(node, variable) === (node.operator === '===' || node.operator === '==')
        );
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator === '!' && this.#whenFalse(node.argument, variable);
      case AST_NODE_TYPES.LogicalExpression:
        if (node.operator === '&&') {
          return this.#whenTrue(node.left, variable) || this.#whenTrue(node.right, variable);
        }
        if (node.operator === '||') {
          return this.#whenTrue(node.left, variable) && this.#whenTrue(node.right, variable);
        }
        return false;
      default:
        return false;
    }
  }

  /** Does `test` being false imply `variable` holds plain numbers? */
  #whenFalse(test: TSESTree.Node, variable: Variable): boolean {
    const node = skipTypeWrappers(test);
    switch (node.type) {
      case AST_NODE_TYPES.BinaryExpression:
        return (
          this.#typeofNumber(node, variable) === (node.operator === '!==' || node.operator === '!=')
        );
      case AST_NODE_TYPES.CallExpression:
        return (
          this.#bindings.pullbackExport(node.callee) === 'isActive' &&
          node.arguments.length === 1 &&
          this.#isVariable(node.arguments[0], variable)
        );
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator === '!' && this.#whenTrue(node.argument, variable);
      case AST_NODE_TYPES.LogicalExpression:
        if (node.operator === '||') {
          return this.#whenFalse(node.left, variable) || this.#whenFalse(node.right, variable);
        }
        if (node.operator === '&&') {
          return this.#whenFalse(node.left, variable) && this.#whenFalse(node.right, variable);
        }
        return false;
      default:
        return false;
    }
  }

  /** `true` when `node` compares `typeof variable` with `'number'`, else `undefined`. */
  #typeofNumber(node: TSESTree.BinaryExpression, variable: Variable): true | undefined {
    if (!['===', '==', '!==', '!='].includes(node.operator)) return undefined;
    const pairs: [TSESTree.Node, TSESTree.Node][] = [
      [node.left, node.right],
      [node.right, node.left],
    ];
    for (const [operand, other] of pairs) {
      if (
        operand.type === AST_NODE_TYPES.UnaryExpression &&
        operand.operator === 'typeof' &&
        this.#isVariable(operand.argument, variable) &&
        other.type === AST_NODE_TYPES.Literal &&
        other.value === 'number'
      ) {
        return true;
      }
    }
    return undefined;
  }

  #isVariable(node: TSESTree.Node, variable: Variable): boolean {
    const expr = skipTypeWrappers(node);
    return expr.type === AST_NODE_TYPES.Identifier && this.#bindings.variableOf(expr) === variable;
  }
}

function alwaysExits(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body.at(-1);
      return last !== undefined && alwaysExits(last);
    }
    default:
      return false;
  }
}

function leavesFunction(statement: TSESTree.Statement): boolean {
  if (
    statement.type === AST_NODE_TYPES.ReturnStatement ||
    statement.type === AST_NODE_TYPES.ThrowStatement
  ) {
    return true;
  }
  const last = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body.at(-1) : undefined;
  return last !== undefined && leavesFunction(last);
}
