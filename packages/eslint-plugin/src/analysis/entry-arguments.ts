/**
 * What the arguments of pullback's entry points say about the function they receive: the rules
 * object of `differentiable(fn, rules, options)`, its `nondiff` option, the backend of
 * `differentiateWith`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, type FunctionNode } from './ast.js';
import type { Bindings } from './bindings.js';
import type { FileIndex } from './file-index.js';
import type { EntryKind } from './pullback-names.js';

/**
 * True when the function an entry point receives only ever runs on plain numbers: a
 * `differentiable(fn, rules)` whose rules cover both modes (an frule and an rrule, or partials,
 * from which rules-core derives both), and a `differentiateWith(fn, finiteDifferences())`.
 */
export function runsOnNumbersOnly(
  kind: EntryKind,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  bindings: Bindings,
): boolean {
  const second = call.arguments[1];
  if (!second || second.type === AST_NODE_TYPES.SpreadElement) return false;
  if (kind === 'differentiateWith') {
    const backend = skipTypeWrappers(second);
    return (
      backend.type === AST_NODE_TYPES.CallExpression &&
      bindings.pullbackExport(backend.callee) === 'finiteDifferences'
    );
  }
  if (kind !== 'differentiable') return false;
  const has = (key: string): boolean => rulesObjectMember(second, key, bindings) !== undefined;
  return (has('frule') && has('rrule')) || has('partials');
}

/** The function stored under `key` in a rules object literal (`{ partials }`, `{ rrule: ... }`). */
export function rulesObjectMember(
  node: TSESTree.Node | undefined,
  key: string,
  bindings: Bindings,
): FunctionNode | undefined {
  const object = node ? objectLiteralOf(node, bindings) : undefined;
  const property = object?.properties.find(
    (candidate): candidate is TSESTree.Property =>
      candidate.type === AST_NODE_TYPES.Property &&
      !candidate.computed &&
      candidate.key.type === AST_NODE_TYPES.Identifier &&
      candidate.key.name === key,
  );
  return property ? bindings.functionOf(property.value) : undefined;
}

/** The object literal `node` evaluates to, following a `const` binding. */
export function objectLiteralOf(
  node: TSESTree.Node,
  bindings: Bindings,
): TSESTree.ObjectExpression | undefined {
  if (node.type === AST_NODE_TYPES.ObjectExpression) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = bindings.variableOf(node)?.defs[0];
  return def?.node.type === AST_NODE_TYPES.VariableDeclarator &&
    def.node.init?.type === AST_NODE_TYPES.ObjectExpression
    ? def.node.init
    : undefined;
}

/**
 * The arguments of `differentiable(fn, rules, options)` that have no tangent space: the indices
 * in `options.nondiff`, and the positions where the rrule's pullback returns `noTangent`.
 */
export function nondifferentiableArguments(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  bindings: Bindings,
  index: FileIndex,
): ReadonlySet<number> {
  const found = new Set<number>();
  const [, rules, options] = call.arguments;
  const nondiff = options ? objectLiteralOf(options, bindings)?.properties : undefined;
  for (const property of nondiff ?? []) {
    if (
      property.type === AST_NODE_TYPES.Property &&
      property.key.type === AST_NODE_TYPES.Identifier &&
      property.key.name === 'nondiff' &&
      property.value.type === AST_NODE_TYPES.ArrayExpression
    ) {
      for (const element of property.value.elements) {
        if (element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'number')
          found.add(element.value);
      }
    }
  }
  const rrule = rulesObjectMember(rules, 'rrule', bindings);
  for (const value of rrule ? (index.returns.get(rrule) ?? []) : []) {
    if (value.type !== AST_NODE_TYPES.ArrayExpression) continue;
    const back = value.elements[1];
    const pullback =
      back && back.type !== AST_NODE_TYPES.SpreadElement ? bindings.functionOf(back) : undefined;
    for (const cotangents of pullback ? (index.returns.get(pullback) ?? []) : []) {
      if (cotangents.type !== AST_NODE_TYPES.ArrayExpression) continue;
      cotangents.elements.forEach((element, k) => {
        if (
          element &&
          element.type !== AST_NODE_TYPES.SpreadElement &&
          bindings.pullbackExport(element) === 'noTangent'
        ) {
          found.add(k);
        }
      });
    }
  }
  return found;
}
