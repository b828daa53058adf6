import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** The built-in typed arrays: each stores plain numbers only. */
export const TYPED_ARRAYS: ReadonlySet<string> = new Set([
  'Float64Array',
  'Float32Array',
  'Float16Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
]);

/**
 * What a type annotation says about the values it admits:
 * `generic` may hold active values (or says nothing), `plain-number` admits only numbers or
 * number storage, `non-numeric` admits no numbers at all (strings, flags, callbacks).
 */
export type AnnotationKind = 'generic' | 'plain-number' | 'non-numeric';

/** Classifies an annotation; a missing one is `generic`. */
export function classifyAnnotation(node: TSESTree.TypeNode | undefined): AnnotationKind {
  if (!node) return 'generic';
  switch (node.type) {
    case AST_NODE_TYPES.TSNumberKeyword:
      return 'plain-number';
    case AST_NODE_TYPES.TSLiteralType:
      return node.literal.type === AST_NODE_TYPES.Literal && typeof node.literal.value === 'number'
        ? 'plain-number'
        : 'non-numeric';
    case AST_NODE_TYPES.TSStringKeyword:
    case AST_NODE_TYPES.TSBooleanKeyword:
    case AST_NODE_TYPES.TSBigIntKeyword:
    case AST_NODE_TYPES.TSSymbolKeyword:
    case AST_NODE_TYPES.TSVoidKeyword:
    case AST_NODE_TYPES.TSUndefinedKeyword:
    case AST_NODE_TYPES.TSNullKeyword:
    case AST_NODE_TYPES.TSNeverKeyword:
    case AST_NODE_TYPES.TSTemplateLiteralType:
    case AST_NODE_TYPES.TSFunctionType:
    case AST_NODE_TYPES.TSConstructorType:
      return 'non-numeric';
    // An array admits what its elements admit: `string[]` holds no number.
    case AST_NODE_TYPES.TSArrayType:
      return classifyAnnotation(node.elementType);
    case AST_NODE_TYPES.TSTypeOperator:
      return node.operator === 'readonly' ? classifyAnnotation(node.typeAnnotation) : 'generic';
    case AST_NODE_TYPES.TSTypeReference: {
      const name =
        node.typeName.type === AST_NODE_TYPES.Identifier ? node.typeName.name : undefined;
      if (name !== undefined && TYPED_ARRAYS.has(name)) return 'plain-number';
      const [element] = node.typeArguments?.params ?? [];
      if ((name === 'Array' || name === 'ReadonlyArray') && element)
        return classifyAnnotation(element);
      return 'generic';
    }
    case AST_NODE_TYPES.TSUnionType: {
      const kinds = node.types.map(classifyAnnotation);
      if (kinds.every((kind) => kind === 'non-numeric')) return 'non-numeric';
      return kinds.includes('generic') ? 'generic' : 'plain-number';
    }
    default:
      return 'generic';
  }
}

/**
 * The generic type to write instead of a plain-number annotation that `prefer-generic-types`
 * reports: `Real` for `number`, `RealArray` for number arrays and `Float64Array`.
 */
export function genericReplacement(node: TSESTree.TypeNode): 'Real' | 'RealArray' | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.TSNumberKeyword:
      return 'Real';
    case AST_NODE_TYPES.TSArrayType:
      return node.elementType.type === AST_NODE_TYPES.TSNumberKeyword ? 'RealArray' : undefined;
    case AST_NODE_TYPES.TSTypeOperator:
      return node.operator === 'readonly' &&
        node.typeAnnotation?.type === AST_NODE_TYPES.TSArrayType &&
        node.typeAnnotation.elementType.type === AST_NODE_TYPES.TSNumberKeyword
        ? 'RealArray'
        : undefined;
    case AST_NODE_TYPES.TSTypeReference: {
      if (node.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
      const name = node.typeName.name;
      if (name === 'Float64Array' || name === 'Float32Array') return 'RealArray';
      const [element] = node.typeArguments?.params ?? [];
      return (name === 'Array' || name === 'ReadonlyArray') &&
        element?.type === AST_NODE_TYPES.TSNumberKeyword
        ? 'RealArray'
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Every type reference inside an annotation (`Real` in `readonly Real[] | undefined`). */
export function typeReferenceNames(node: TSESTree.TypeNode): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  const visit = (type: TSESTree.TypeNode): void => {
    switch (type.type) {
      case AST_NODE_TYPES.TSTypeReference:
        if (type.typeName.type === AST_NODE_TYPES.Identifier) found.push(type.typeName);
        type.typeArguments?.params.forEach(visit);
        break;
      case AST_NODE_TYPES.TSArrayType:
        visit(type.elementType);
        break;
      case AST_NODE_TYPES.TSTypeOperator:
        if (type.typeAnnotation) visit(type.typeAnnotation);
        break;
      case AST_NODE_TYPES.TSUnionType:
      case AST_NODE_TYPES.TSIntersectionType:
        type.types.forEach(visit);
        break;
      case AST_NODE_TYPES.TSTupleType:
        type.elementTypes.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(node);
  return found;
}
