import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticPropertyName } from './ast.js';
import { TYPED_ARRAYS, typeReferenceNames } from './annotations.js';
import type { FileAnalysis } from './file-analysis.js';
import { GENERIC_ALLOCATORS } from './pullback-names.js';

/** Methods of typed arrays that return a new typed array. */
const TYPED_ARRAY_PRODUCING_METHODS: ReadonlySet<string> = new Set([
  'slice',
  'subarray',
  'map',
  'filter',
  'toSorted',
  'toReversed',
  'with',
]);

/** A typed array allocation: `new Float64Array(...)`, `Float64Array.from(...)`, `.of(...)`. */
export interface TypedArrayAllocation {
  /** The constructor's name. */
  readonly type: string;
  /** `new`, `from` or `of`. */
  readonly form: 'new' | 'from' | 'of';
}

/** Recognises a typed array allocation whose constructor is the built-in global. */
export function typedArrayAllocation(
  node: TSESTree.Node,
  analysis: FileAnalysis,
): TypedArrayAllocation | undefined {
  const expr = skipTypeWrappers(node);
  if (expr.type === AST_NODE_TYPES.NewExpression) {
    const callee = skipTypeWrappers(expr.callee);
    return callee.type === AST_NODE_TYPES.Identifier &&
      TYPED_ARRAYS.has(callee.name) &&
      analysis.bindings.isGlobal(callee, callee.name)
      ? { type: callee.name, form: 'new' }
      : undefined;
  }
  if (expr.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(expr.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(callee);
  const receiver = skipTypeWrappers(callee.object);
  if (
    (method === 'from' || method === 'of') &&
    receiver.type === AST_NODE_TYPES.Identifier &&
    TYPED_ARRAYS.has(receiver.name) &&
    analysis.bindings.isGlobal(receiver, receiver.name)
  ) {
    return { type: receiver.name, form: method };
  }
  return undefined;
}

/**
 * May `node` be a typed array? From types when the file has them; otherwise from how the
 * variable was declared: annotated with a typed array or `RealArray` (which includes
 * `Float64Array`), or assigned a typed array, `similar(x)` or `zerosLike(x)` (which return a
 * plain `Float64Array` when nothing is active).
 */
export function mayBeTypedArray(node: TSESTree.Node, analysis: FileAnalysis, depth = 0): boolean {
  const typed = analysis.types?.isTypedArray(node);
  if (typed !== undefined) return typed;
  return syntacticallyTypedArray(node, analysis, depth);
}

function syntacticallyTypedArray(
  node: TSESTree.Node,
  analysis: FileAnalysis,
  depth: number,
): boolean {
  if (depth > 6) return false;
  const expr = skipTypeWrappers(node);
  if (typedArrayAllocation(expr, analysis)) return true;
  if (expr.type === AST_NODE_TYPES.CallExpression) {
    const name = analysis.bindings.pullbackExport(expr.callee);
    if (name !== undefined) return GENERIC_ALLOCATORS.has(name);
    const callee = skipTypeWrappers(expr.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = staticPropertyName(callee);
      return (
        method !== undefined &&
        TYPED_ARRAY_PRODUCING_METHODS.has(method) &&
        syntacticallyTypedArray(callee.object, analysis, depth + 1)
      );
    }
    return false;
  }
  if (expr.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = analysis.bindings.variableOf(expr);
  if (!variable) return false;
  for (const def of variable.defs) {
    const annotated =
      def.name.type === AST_NODE_TYPES.Identifier
        ? def.name.typeAnnotation?.typeAnnotation
        : undefined;
    if (
      annotated &&
      typeReferenceNames(annotated).some((name) => isTypedArrayTypeName(name, analysis))
    ) {
      return true;
    }
  }
  return variable.references.some(
    (reference) =>
      reference.writeExpr && syntacticallyTypedArray(reference.writeExpr, analysis, depth + 1),
  );
}

function isTypedArrayTypeName(name: TSESTree.Identifier, analysis: FileAnalysis): boolean {
  if (TYPED_ARRAYS.has(name.name) && analysis.bindings.isGlobal(name, name.name)) return true;
  return analysis.bindings.pullbackExport(name) === 'RealArray';
}
