import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticPropertyName } from './ast.js';

/** The imported name a call's callee refers to through `import { name } from specifier`. */
export function importedCallee(
  node: TSESTree.Node,
  variableOf: (id: TSESTree.Identifier) => TSESLint.Scope.Variable | null,
): { specifier: string; name: string } | undefined {
  const expr = skipTypeWrappers(node);
  if (expr.type === AST_NODE_TYPES.MemberExpression) {
    // `model.fn()` through `import * as model`.
    const inner = importedCallee(expr.object, variableOf);
    const member = staticPropertyName(expr);
    return inner?.name === '*' && member !== undefined
      ? { specifier: inner.specifier, name: member }
      : undefined;
  }
  if (expr.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = variableOf(expr)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.ImportBinding) return undefined;
  const declaration = def.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const specifier = declaration.source.value;
  const specifierNode = def.node;
  if (specifierNode.type === AST_NODE_TYPES.ImportNamespaceSpecifier)
    return { specifier, name: '*' };
  if (specifierNode.type === AST_NODE_TYPES.ImportSpecifier) {
    const name =
      specifierNode.imported.type === AST_NODE_TYPES.Identifier
        ? specifierNode.imported.name
        : specifierNode.imported.value;
    return { specifier, name };
  }
  return undefined;
}
