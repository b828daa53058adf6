import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, type FunctionNode, type ThisOwner } from './ast.js';

/** The nodes of one file that the analyses look at, gathered in a single traversal. */
export interface FileIndex {
  /** Every function with a body. */
  readonly functions: readonly FunctionNode[];
  /** Calls and `new` expressions. */
  readonly calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
  /** Assignments of every operator. */
  readonly assignments: readonly TSESTree.AssignmentExpression[];
  /** `++` and `--`. */
  readonly updates: readonly TSESTree.UpdateExpression[];
  /** Variable declarators. */
  readonly declarators: readonly TSESTree.VariableDeclarator[];
  /** `for (... of ...)` loops. */
  readonly forOfs: readonly TSESTree.ForOfStatement[];
  /** Classes and object literals: the owners of fields read through `this`. */
  readonly owners: readonly ThisOwner[];
  /** The values each function returns (an arrow's expression body counts). */
  readonly returns: ReadonlyMap<FunctionNode, readonly TSESTree.Expression[]>;
}

/** Walks `program` once with ESLint's visitor keys. */
export function indexFile(
  program: TSESTree.Program,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): FileIndex {
  const functions: FunctionNode[] = [];
  const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  const assignments: TSESTree.AssignmentExpression[] = [];
  const updates: TSESTree.UpdateExpression[] = [];
  const declarators: TSESTree.VariableDeclarator[] = [];
  const forOfs: TSESTree.ForOfStatement[] = [];
  const owners: ThisOwner[] = [];
  const returns = new Map<FunctionNode, TSESTree.Expression[]>();
  const functionStack: FunctionNode[] = [];

  const visit = (node: TSESTree.Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        calls.push(node);
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        assignments.push(node);
        break;
      case AST_NODE_TYPES.UpdateExpression:
        updates.push(node);
        break;
      case AST_NODE_TYPES.VariableDeclarator:
        declarators.push(node);
        break;
      case AST_NODE_TYPES.ForOfStatement:
        forOfs.push(node);
        break;
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
      case AST_NODE_TYPES.ObjectExpression:
        owners.push(node);
        break;
      case AST_NODE_TYPES.ReturnStatement: {
        const owner = functionStack.at(-1);
        if (owner && node.argument) returns.get(owner)?.push(node.argument);
        break;
      }
      default:
        break;
    }
    const isFunction = isFunctionNode(node);
    if (isFunction) {
      functions.push(node);
      returns.set(
        node,
        node.body && node.body.type !== AST_NODE_TYPES.BlockStatement ? [node.body] : [],
      );
      functionStack.push(node);
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child as (TSESTree.Node | null)[]) if (item) visit(item);
      } else if (child && typeof child === 'object') {
        visit(child as TSESTree.Node);
      }
    }
    if (isFunction) functionStack.pop();
  };
  visit(program);
  return { functions, calls, assignments, updates, declarators, forOfs, owners, returns };
}
