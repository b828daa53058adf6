import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, skipTypeWrappers, staticPropertyName, type FunctionNode } from './ast.js';
import { PULLBACK_SCOPE } from './pullback-names.js';

type Variable = TSESLint.Scope.Variable;

/** Answers "what does this identifier refer to?" for one file, from ESLint's scope analysis. */
export class Bindings {
  readonly #variables = new Map<TSESTree.Identifier, Variable | null>();
  readonly #exports = new Map<Variable, string | undefined>();

  constructor(scopeManager: TSESLint.Scope.ScopeManager) {
    for (const scope of scopeManager.scopes) {
      for (const reference of scope.references) {
        this.#variables.set(reference.identifier as TSESTree.Identifier, reference.resolved);
      }
      for (const variable of scope.variables) {
        for (const identifier of variable.identifiers) this.#variables.set(identifier, variable);
      }
    }
  }

  /** The variable `identifier` reads, writes or declares; `null` for an undeclared global. */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    return this.#variables.get(identifier) ?? null;
  }

  /** True when `identifier` is the built-in global `name` (`Math`, `Number`, ...), not a local. */
  isGlobal(node: TSESTree.Node, name: string): boolean {
    if (node.type !== AST_NODE_TYPES.Identifier || node.name !== name) return false;
    const variable = this.variableOf(node);
    return variable === null || variable.defs.length === 0;
  }

  /**
   * The name pullback exports under which `node` is known (`gradient`, `add`), following
   * imports from `@pullback/*`, namespace members and local aliases; `*` for a namespace.
   */
  pullbackExport(node: TSESTree.Node, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    const expr = skipTypeWrappers(node);
    if (expr.type === AST_NODE_TYPES.Identifier) {
      const variable = this.variableOf(expr);
      return variable ? this.#exportOf(variable, depth) : undefined;
    }
    if (expr.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticPropertyName(expr);
      return name !== undefined && this.pullbackExport(expr.object, depth + 1) === '*'
        ? name
        : undefined;
    }
    return undefined;
  }

  /** The function `node` evaluates to when it is written in this file, following local bindings. */
  functionOf(node: TSESTree.Node, depth = 0): FunctionNode | undefined {
    if (depth > 8) return undefined;
    const expr = skipTypeWrappers(node);
    if (isFunctionNode(expr)) return expr;
    if (expr.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return undefined;
    if (def.type === TSESLint.Scope.DefinitionType.FunctionName && isFunctionNode(def.node))
      return def.node;
    if (
      def.type === TSESLint.Scope.DefinitionType.Variable &&
      def.node.id.type === AST_NODE_TYPES.Identifier &&
      def.node.init &&
      isConstant(variable)
    ) {
      return this.functionOf(def.node.init, depth + 1);
    }
    return undefined;
  }

  #exportOf(variable: Variable, depth: number): string | undefined {
    if (this.#exports.has(variable)) return this.#exports.get(variable);
    this.#exports.set(variable, undefined);
    const name = this.#resolveExport(variable, depth);
    this.#exports.set(variable, name);
    return name;
  }

  #resolveExport(variable: Variable, depth: number): string | undefined {
    if (variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
      const declaration = def.parent;
      if (
        declaration.type !== AST_NODE_TYPES.ImportDeclaration ||
        !declaration.source.value.startsWith(PULLBACK_SCOPE)
      ) {
        return undefined;
      }
      const specifier = def.node;
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return '*';
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return 'default';
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
        return specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : specifier.imported.value;
      }
      return undefined;
    }
    if (def.type !== TSESLint.Scope.DefinitionType.Variable || !isConstant(variable))
      return undefined;
    const declarator = def.node;
    if (!declarator.init) return undefined;
    if (declarator.id.type === AST_NODE_TYPES.Identifier) {
      return this.pullbackExport(declarator.init, depth + 1);
    }
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of declarator.id.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
        const value =
          property.value.type === AST_NODE_TYPES.AssignmentPattern
            ? property.value.left
            : property.value;
        if (value !== def.name) continue;
        const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
        return key !== undefined && this.pullbackExport(declarator.init, depth + 1) === '*'
          ? key
          : undefined;
      }
    }
    return undefined;
  }
}

/** True when `variable` is never written after its declaration. */
export function isConstant(variable: Variable | null | undefined): boolean {
  if (!variable) return false;
  return variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}
