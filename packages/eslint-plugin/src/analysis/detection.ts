import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  callParameters,
  enclosingFunction,
  parameterAnnotation,
  type FunctionNode,
} from './ast.js';
import { typeReferenceNames } from './annotations.js';
import type { Bindings } from './bindings.js';
import type { FileIndex } from './file-index.js';
import {
  ENTRY_POINTS,
  OPAQUE_FUNCTION_ARGUMENTS,
  PULLBACK_SCOPE,
  REAL_TYPE_NAMES,
  type EntryKind,
} from './pullback-names.js';
import type { TypeOracle } from './type-oracle.js';
import {
  nondifferentiableArguments,
  rulesObjectMember,
  runsOnNumbersOnly,
} from './entry-arguments.js';

/** Why a function is differentiable code on its own account. */
export type RootReason = EntryKind | 'partials' | 'tag' | 'file' | 'real-parameters' | 'caller';

/**
 * This file's functions that differentiable code in other files calls, by name (`f`,
 * `Class.constructor`, `Class.method`), with the argument positions that may be active.
 */
export interface ExternalUses {
  readonly names: ReadonlyMap<string, ReadonlySet<number>>;
  /** The argument positions where a caller passes an input of its differentiable code. */
  readonly inputs?: ReadonlyMap<string, ReadonlySet<number>>;
}

/** A function that is differentiable code on its own account, and which arguments may be active. */
export interface Root {
  /** How it was found. */
  readonly reason: RootReason;
  /**
   * Which arguments may be active: `all`, or the listed positions (an operator's `x` is its
   * first argument; a function found by its `Real` parameters is differentiated in those).
   */
  readonly seeds: 'all' | ReadonlySet<number>;
  /**
   * Arguments declared to have no tangent space: listed in `options.nondiff`, or given
   * `noTangent` by the pullback of the function's `rrule`.
   */
  readonly nondifferentiable?: ReadonlySet<number>;
  /** For a function other files call: the arguments that are their callers' inputs. */
  readonly inputs?: ReadonlySet<number>;
}

/** What the detection needs to know about the file besides its AST. */
export interface DetectionInput {
  readonly program: TSESTree.Program;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly bindings: Bindings;
  readonly index: FileIndex;
  readonly types: TypeOracle | undefined;
  readonly wholeFile: boolean;
  readonly external?: ExternalUses;
}

/** The tag as a word of the comment, not inside a code span. */
const TAG = /(^|[\s*])@differentiable(?![\w-])/m;
const CODE_SPAN = /`[^`\n]*`/g;

const FIRST_ARGUMENT: ReadonlySet<number> = new Set([0]);

/**
 * Finds differentiable code: functions passed to pullback's entry points, tagged
 * `@differentiable`, in a configured file, or taking `Real`/`RealArray` parameters; then
 * everything they call in this file, transitively; functions nested in differentiable code
 * are differentiable code too.
 */
export class Detection {
  /** Functions that are differentiable code on their own account. */
  readonly roots = new Map<FunctionNode, Root>();
  /** Functions that are differentiable code because differentiable code calls them. */
  readonly called = new Set<FunctionNode>();
  readonly #memo = new Map<FunctionNode, boolean>();
  /** Bodies whose rules cover every mode, so the engine only ever runs them on plain numbers. */
  readonly #numbersOnly = new Set<FunctionNode>();
  #settled = false;

  constructor(input: DetectionInput) {
    const { program, index } = input;
    const importsPullback = program.body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration &&
        statement.source.value.startsWith(PULLBACK_SCOPE),
    );
    if (importsPullback) this.#findEntryPointArguments(input);
    if (input.sourceCode.text.includes('@differentiable')) {
      for (const fn of index.functions) {
        if (!this.roots.has(fn) && hasDifferentiableTag(fn, input.sourceCode)) {
          this.roots.set(fn, { reason: 'tag', seeds: 'all' });
        }
      }
    }
    if (input.external) {
      for (const fn of index.functions) {
        const seeds = this.roots.has(fn)
          ? undefined
          : input.external.names.get(exportedName(fn) ?? '');
        if (seeds) this.roots.set(fn, { reason: 'caller', seeds });
      }
    }
    if (input.wholeFile) {
      for (const fn of index.functions) {
        if (!this.roots.has(fn) && !enclosingFunction(fn))
          this.roots.set(fn, { reason: 'file', seeds: 'all' });
      }
    }
    // Types can find aliases of Real declared elsewhere, but asking costs: only where the file
    // uses pullback at all.
    if (importsPullback || (input.types && input.sourceCode.text.includes('Real'))) {
      const drivers = operatorCallers(input.bindings, index);
      for (const fn of index.functions) {
        if (this.roots.has(fn) || drivers.has(fn) || this.#numbersOnly.has(fn)) continue;
        const reals = realParameters(fn, input.bindings, input.types);
        if (reals.size > 0) this.roots.set(fn, { reason: 'real-parameters', seeds: reals });
      }
    }
    if (input.external?.inputs) this.#markExternalInputs(input.external.inputs, index);
    this.#followCalls(input.bindings, index);
    this.#settled = true;
  }

  /** True when `fn` is differentiable code. */
  isDifferentiable(fn: FunctionNode): boolean {
    if (this.#settled) {
      const known = this.#memo.get(fn);
      if (known !== undefined) return known;
    }
    const outer = enclosingFunction(fn);
    const answer =
      this.roots.has(fn) ||
      this.called.has(fn) ||
      (outer !== undefined && this.isDifferentiable(outer));
    if (this.#settled) this.#memo.set(fn, answer);
    return answer;
  }

  /** The nearest function around `node` when it is differentiable code. */
  enclosingDifferentiable(node: TSESTree.Node): FunctionNode | undefined {
    const fn = enclosingFunction(node);
    return fn && this.isDifferentiable(fn) ? fn : undefined;
  }

  /** Which parameters of the functions other files call receive their callers' inputs. */
  #markExternalInputs(inputs: ReadonlyMap<string, ReadonlySet<number>>, index: FileIndex): void {
    for (const fn of index.functions) {
      const root = this.roots.get(fn);
      const positions = root ? inputs.get(exportedName(fn) ?? '') : undefined;
      if (root && positions && positions.size > 0)
        this.roots.set(fn, { ...root, inputs: positions });
    }
  }

  #findEntryPointArguments({ bindings, index }: DetectionInput): void {
    for (const call of index.calls) {
      const name = bindings.pullbackExport(call.callee);
      const kind = name === undefined ? undefined : ENTRY_POINTS.get(name);
      if (!kind) continue;
      // scalarRule's fn is called on plain numbers only; its partials are the generic code.
      const argument = kind === 'scalarRule' ? call.arguments[1] : call.arguments[0];
      const fn = argument ? bindings.functionOf(argument) : undefined;
      const numbersOnly = fn !== undefined && runsOnNumbersOnly(kind, call, bindings);
      if (fn && numbersOnly) this.#numbersOnly.add(fn);
      if (fn && !numbersOnly) {
        this.roots.set(fn, {
          reason: kind,
          seeds: kind === 'operator' ? FIRST_ARGUMENT : 'all',
          nondifferentiable:
            kind === 'differentiable'
              ? nondifferentiableArguments(call, bindings, index)
              : undefined,
        });
      }
      if (kind === 'differentiable') {
        const partials = rulesObjectMember(call.arguments[1], 'partials', bindings);
        if (partials) this.roots.set(partials, { reason: 'partials', seeds: 'all' });
      }
    }
  }

  #followCalls(bindings: Bindings, index: FileIndex): void {
    const pending = new Set(index.calls);
    const mark = (fn: FunctionNode | undefined): boolean => {
      if (!fn || this.#numbersOnly.has(fn) || this.isDifferentiable(fn)) return false;
      this.called.add(fn);
      return true;
    };
    for (let changed = true; changed;) {
      changed = false;
      for (const call of pending) {
        if (!this.enclosingDifferentiable(call)) continue;
        pending.delete(call);
        const name = bindings.pullbackExport(call.callee);
        if (name === undefined) {
          const callee = call.type === AST_NODE_TYPES.NewExpression ? call : call.callee;
          changed = mark(bindings.functionOf(callee)) || changed;
        }
        if (name !== undefined && (ENTRY_POINTS.has(name) || OPAQUE_FUNCTION_ARGUMENTS.has(name)))
          continue;
        for (const argument of call.arguments) {
          const value =
            argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
          if (value.type === AST_NODE_TYPES.Identifier)
            changed = mark(bindings.functionOf(value)) || changed;
        }
      }
    }
  }
}

/**
 * The name other files import `fn` by: a top-level function or `const`, `Class.method` or
 * `Class.constructor` for a member of a top-level class.
 */
function exportedName(fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  const topLevel = (node: TSESTree.Node): boolean =>
    node.parent?.type === AST_NODE_TYPES.Program ||
    node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration)
    return fn.id && topLevel(fn) ? fn.id.name : undefined;
  if (
    parent.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.id.type === AST_NODE_TYPES.Identifier &&
    topLevel(parent.parent)
  )
    return parent.id.name;
  if (
    (parent.type === AST_NODE_TYPES.MethodDefinition ||
      parent.type === AST_NODE_TYPES.PropertyDefinition) &&
    parent.parent.parent.type === AST_NODE_TYPES.ClassDeclaration &&
    parent.parent.parent.id &&
    topLevel(parent.parent.parent)
  ) {
    const member =
      parent.type === AST_NODE_TYPES.MethodDefinition && parent.kind === 'constructor'
        ? 'constructor'
        : parent.key.type === AST_NODE_TYPES.Identifier
          ? parent.key.name
          : undefined;
    return member === undefined ? undefined : `${parent.parent.parent.id.name}.${member}`;
  }
  return undefined;
}

/** True when the JSDoc comment right before `fn`'s declaration carries `@differentiable`. */
function hasDifferentiableTag(
  fn: FunctionNode,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  let documented: TSESTree.Node = fn;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn) {
    documented = parent.parent;
  } else if (
    parent.type === AST_NODE_TYPES.MethodDefinition ||
    parent.type === AST_NODE_TYPES.PropertyDefinition ||
    (parent.type === AST_NODE_TYPES.Property && parent.value === fn)
  ) {
    documented = parent;
  }
  if (
    documented.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    documented.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  ) {
    documented = documented.parent;
  }
  const comment = sourceCode.getCommentsBefore(documented).at(-1);
  return (
    comment?.type === 'Block' &&
    comment.value.startsWith('*') &&
    TAG.test(comment.value.replace(CODE_SPAN, ''))
  );
}

/**
 * Functions that call an engine operator themselves: drivers such as a descent step, which
 * differentiate their `Real`-typed arguments through the operator and then work on the
 * numbers it returns. Their parameter types do not make them differentiable code (being called
 * from differentiable code still does: nested differentiation).
 */
function operatorCallers(bindings: Bindings, index: FileIndex): Set<FunctionNode> {
  const drivers = new Set<FunctionNode>();
  for (const call of index.calls) {
    const name = bindings.pullbackExport(call.callee);
    const fn =
      name !== undefined && ENTRY_POINTS.get(name) === 'operator'
        ? enclosingFunction(call)
        : undefined;
    if (fn) drivers.add(fn);
  }
  return drivers;
}

/** The positions of `fn`'s parameters typed `Real`, `RealArray` (or, with types, an alias of one). */
function realParameters(
  fn: FunctionNode,
  bindings: Bindings,
  types: TypeOracle | undefined,
): Set<number> {
  const positions = new Set<number>();
  callParameters(fn).forEach((param, index) => {
    const annotation = parameterAnnotation(param);
    if (!annotation) return;
    const names = typeReferenceNames(annotation);
    if (
      names.some((name) => namesRealType(name, bindings)) ||
      (types !== undefined && names.length > 0 && types.mayBeActive(param) === true)
    ) {
      positions.add(index);
    }
  });
  return positions;
}
/**
 * True when a type name is one of rules-core's `Real` types, imported from `@pullback/*`, or a
 * local alias of one (`type Angles = RealArray`).
 */
export function namesRealType(name: TSESTree.Identifier, bindings: Bindings, depth = 0): boolean {
  if (REAL_TYPE_NAMES.has(bindings.pullbackExport(name) ?? '')) return true;
  if (depth > 4) return false;
  const def = bindings.variableOf(name)?.defs[0];
  return (
    def?.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration &&
    typeReferenceNames(def.node.typeAnnotation).some((inner) =>
      namesRealType(inner, bindings, depth + 1),
    )
  );
}
