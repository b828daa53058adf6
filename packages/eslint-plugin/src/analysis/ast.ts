import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** A function with a body: what can be differentiable code. */
export type FunctionNode =
  TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** True for function declarations, function expressions and arrows. */
export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/** The nearest function around `node`, not counting `node` itself. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** A class or an object literal: what `this` refers to in its methods. */
export type ThisOwner =
  TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.ObjectExpression;

/**
 * The class or object literal whose methods' `this` `node` is in: arrows see through to the
 * enclosing method, a method of a class body or an object literal gives its owner.
 */
export function thisOwner(node: TSESTree.Node): ThisOwner | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (
      current.type === AST_NODE_TYPES.PropertyDefinition ||
      current.type === AST_NODE_TYPES.StaticBlock
    ) {
      return current.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    }
    if (
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionDeclaration
    ) {
      const holder = current.parent;
      if (holder.type === AST_NODE_TYPES.MethodDefinition) {
        return holder.parent.parent as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
      }
      if (
        holder.type === AST_NODE_TYPES.Property &&
        holder.parent.type === AST_NODE_TYPES.ObjectExpression
      ) {
        return holder.parent;
      }
      return undefined;
    }
  }
  return undefined;
}

/** The name of a class member or object property key, when it is an identifier or a string. */
export function keyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  if (!computed && key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  return undefined;
}

/** The function stored under `name` in a class body or an object literal (methods, arrows in fields). */
export function memberFunction(
  owner: ThisOwner,
  name: string,
  isStatic = false,
): FunctionNode | undefined {
  if (owner.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of owner.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      if (keyName(property.key, property.computed) === name && isFunctionNode(property.value))
        return property.value;
    }
    return undefined;
  }
  for (const member of owner.body.body) {
    if (
      (member.type === AST_NODE_TYPES.MethodDefinition ||
        member.type === AST_NODE_TYPES.PropertyDefinition) &&
      member.static === isStatic &&
      keyName(member.key, member.computed) === name &&
      member.value &&
      isFunctionNode(member.value)
    ) {
      return member.value;
    }
  }
  return undefined;
}

/** The constructor of a class body, if it declares one. */
export function constructorOf(
  owner: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): TSESTree.FunctionExpression | undefined {
  for (const member of owner.body.body) {
    if (
      member.type === AST_NODE_TYPES.MethodDefinition &&
      member.kind === 'constructor' &&
      member.value.type === AST_NODE_TYPES.FunctionExpression
    )
      return member.value;
  }
  return undefined;
}

/** The expression under TypeScript-only wrappers (`as`, `!`, `satisfies`, `<T>`), which do not change values. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The parent of `node`, skipping TypeScript-only wrappers, and the child it was reached from. */
export function valueParent(
  node: TSESTree.Node,
): { child: TSESTree.Node; parent: TSESTree.Node } | undefined {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return parent ? { child, parent } : undefined;
}

/** The name of a member's property when it is statically known (`a.b`, `a['b']`). */
export function staticPropertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.computed && node.property.type === AST_NODE_TYPES.Literal) {
    return typeof node.property.value === 'string' ? node.property.value : undefined;
  }
  return undefined;
}

/** `a[i]` with a computed key that is not a string: an element access. */
export function isElementAccess(node: TSESTree.Node): node is TSESTree.MemberExpression {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.computed &&
    !(node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string')
  );
}

/** The identifier at the root of a member chain (`a` in `a.b[c].d`), if the chain starts with one. */
export function memberRoot(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression)
    current = skipTypeWrappers(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/** Every identifier a binding pattern declares (`a`, `[a, b]`, `{ a, b: [c] }`, `...d`, `e = 1`). */
export function patternIdentifiers(pattern: TSESTree.Node): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  const visit = (node: TSESTree.Node | null): void => {
    if (!node) return;
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        found.push(node);
        break;
      case AST_NODE_TYPES.ArrayPattern:
        node.elements.forEach(visit);
        break;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of node.properties) {
          visit(property.type === AST_NODE_TYPES.RestElement ? property : property.value);
        }
        break;
      case AST_NODE_TYPES.RestElement:
        visit(node.argument);
        break;
      case AST_NODE_TYPES.AssignmentPattern:
        visit(node.left);
        break;
      case AST_NODE_TYPES.TSParameterProperty:
        visit(node.parameter);
        break;
      default:
        break;
    }
  };
  visit(pattern);
  return found;
}

/** The type annotation written on a parameter, whatever its shape. */
export function parameterAnnotation(param: TSESTree.Parameter): TSESTree.TypeNode | undefined {
  switch (param.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ArrayPattern:
    case AST_NODE_TYPES.ObjectPattern:
    case AST_NODE_TYPES.RestElement:
      return param.typeAnnotation?.typeAnnotation;
    case AST_NODE_TYPES.AssignmentPattern:
      return param.left.typeAnnotation?.typeAnnotation;
    case AST_NODE_TYPES.TSParameterProperty:
      return parameterAnnotation(param.parameter);
    default:
      return undefined;
  }
}

/** The parameters that receive arguments (TypeScript's `this` parameter receives none). */
export function callParameters(fn: FunctionNode): TSESTree.Parameter[] {
  return fn.params.filter(
    (param) => !(param.type === AST_NODE_TYPES.Identifier && param.name === 'this'),
  );
}

/** How many arguments `fn` takes, or `undefined` when a rest parameter makes it open-ended. */
export function arityOf(fn: FunctionNode): number | undefined {
  const params = callParameters(fn);
  return params.some((param) => param.type === AST_NODE_TYPES.RestElement)
    ? undefined
    : params.length;
}

/** A readable name for a function, for messages. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (
    parent.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.id.type === AST_NODE_TYPES.Identifier
  ) {
    return parent.id.name;
  }
  if (
    (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.MethodDefinition) &&
    parent.key.type === AST_NODE_TYPES.Identifier
  ) {
    return parent.key.name;
  }
  return undefined;
}
