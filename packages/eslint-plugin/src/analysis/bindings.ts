import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  constructorOf,
  isFunctionNode,
  memberFunction,
  skipTypeWrappers,
  staticPropertyName,
  thisOwner,
  type FunctionNode,
  type ThisOwner,
} from './ast.js';
import { PULLBACK_SCOPE } from './pullback-names.js';

type Variable = TSESLint.Scope.Variable;

/** A field of a class instance or an object literal, read and written through `this.name`. */
export class FieldSlot {
  constructor(
    /** The class or object literal. */
    readonly owner: ThisOwner,
    /** The field's name. */
    readonly name: string,
  ) {}
}

/** Where a value lives: a variable, or a field reached through `this`. */
export type Slot = Variable | FieldSlot;

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Answers "what does this identifier refer to?" for one file, from ESLint's scope analysis. */
export class Bindings {
  readonly #variables = new Map<TSESTree.Identifier, Variable | null>();
  readonly #exports = new Map<Variable, string | undefined>();
  readonly #fields = new Map<ThisOwner, Map<string, FieldSlot>>();

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

  /** The field `owner.name`, one object per field. */
  field(owner: ThisOwner, name: string): FieldSlot {
    let fields = this.#fields.get(owner);
    if (!fields) {
      fields = new Map();
      this.#fields.set(owner, fields);
    }
    let slot = fields.get(name);
    if (!slot) {
      slot = new FieldSlot(owner, name);
      fields.set(name, slot);
    }
    return slot;
  }

  /**
   * The slot a value expression reads: a variable for an identifier, a field for `this.name`
   * inside a method of a class or object literal.
   */
  slotOf(node: TSESTree.Node): Slot | null {
    const expr = skipTypeWrappers(node);
    if (expr.type === AST_NODE_TYPES.Identifier) return this.variableOf(expr);
    if (expr.type === AST_NODE_TYPES.MemberExpression) {
      const object = skipTypeWrappers(expr.object);
      const name = staticPropertyName(expr) ?? privateName(expr);
      if (object.type === AST_NODE_TYPES.ThisExpression && name !== undefined) {
        const owner = thisOwner(object);
        return owner ? this.field(owner, name) : null;
      }
    }
    return null;
  }

  /**
   * The slot whose storage a member chain writes into (`y` for `y[i].a`, the field `w` for
   * `this.w[i]`).
   */
  targetSlot(node: TSESTree.Node): Slot | null {
    let current = skipTypeWrappers(node);
    while (current.type === AST_NODE_TYPES.MemberExpression) {
      const direct = this.slotOf(current);
      if (direct) return direct;
      current = skipTypeWrappers(current.object);
    }
    return current.type === AST_NODE_TYPES.Identifier ? this.variableOf(current) : null;
  }

  /**
   * The class `node` evaluates to when it is declared in this file, following `const` bindings.
   */
  classOf(node: TSESTree.Node, depth = 0): ClassNode | undefined {
    if (depth > 8) return undefined;
    const expr = skipTypeWrappers(node);
    if (expr.type === AST_NODE_TYPES.ClassExpression) return expr;
    if (expr.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return undefined;
    if (def.type === TSESLint.Scope.DefinitionType.ClassName) {
      return def.node.type === AST_NODE_TYPES.ClassDeclaration ||
        def.node.type === AST_NODE_TYPES.ClassExpression
        ? def.node
        : undefined;
    }
    if (
      def.type === TSESLint.Scope.DefinitionType.Variable &&
      def.node.init &&
      isConstant(variable)
    )
      return this.classOf(def.node.init, depth + 1);
    return undefined;
  }

  /**
   * The class or object literal an expression's value is an instance of, when this file says:
   * `this` in a method, a `const` holding an object literal or `new C(...)`, a variable or
   * parameter annotated with a class of this file.
   */
  ownerOf(node: TSESTree.Node, depth = 0): ThisOwner | undefined {
    if (depth > 8) return undefined;
    const expr = skipTypeWrappers(node);
    if (expr.type === AST_NODE_TYPES.ThisExpression) return thisOwner(expr);
    if (expr.type === AST_NODE_TYPES.ObjectExpression) return expr;
    if (expr.type === AST_NODE_TYPES.NewExpression) return this.classOf(expr.callee);
    if (expr.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return undefined;
    const annotation =
      def.name.type === AST_NODE_TYPES.Identifier
        ? def.name.typeAnnotation?.typeAnnotation
        : undefined;
    if (
      annotation?.type === AST_NODE_TYPES.TSTypeReference &&
      annotation.typeName.type === AST_NODE_TYPES.Identifier
    ) {
      const declared = this.classOf(annotation.typeName, depth + 1);
      if (declared) return declared;
    }
    if (
      def.type === TSESLint.Scope.DefinitionType.Variable &&
      def.node.init &&
      isConstant(variable)
    )
      return this.ownerOf(def.node.init, depth + 1);
    return undefined;
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
    if (expr.type === AST_NODE_TYPES.NewExpression) {
      const created = this.classOf(expr.callee);
      return created ? constructorOf(created) : undefined;
    }
    if (expr.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticPropertyName(expr) ?? privateName(expr);
      if (name === undefined) return undefined;
      const staticClass = this.classOf(expr.object);
      if (staticClass) return memberFunction(staticClass, name, true);
      const owner = this.ownerOf(expr.object);
      return owner ? memberFunction(owner, name) : undefined;
    }
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

/** `#name` for `this.#name`. */
function privateName(node: TSESTree.MemberExpression): string | undefined {
  return node.property.type === AST_NODE_TYPES.PrivateIdentifier
    ? `#${node.property.name}`
    : undefined;
}

/** True when `variable` is never written after its declaration. */
export function isConstant(variable: Variable | null | undefined): boolean {
  if (!variable) return false;
  return variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}
