// Over 400 lines: one class, because every query the rules make shares its private flow state.
import {
  AST_NODE_TYPES,
  type ParserServicesWithTypeInformation,
  type TSESLint,
  type TSESTree,
} from '@typescript-eslint/utils';
import {
  callParameters,
  patternIdentifiers,
  skipTypeWrappers,
  staticPropertyName,
  valueParent,
  type FunctionNode,
} from './ast.js';
import type { AnnotationKind } from './annotations.js';
import { Bindings, type Slot } from './bindings.js';
import { Detection, type ExternalUses, type Root } from './detection.js';
import { indexFile, type FileIndex } from './file-index.js';
import { FlowGraph, STORING_METHODS } from './value-flow.js';
import { Narrowing } from './narrowing.js';
import { INACTIVE_RESULTS, INDEX_ARGUMENTS } from './pullback-names.js';
import { TypeOracle } from './type-oracle.js';
import { SIZE_PROPERTIES, ValueLeaves, type Leaf } from './value-leaves.js';
import { importedCallee } from './imports.js';
import { inputName } from './inputs.js';

/**
 * Which values flow from the inputs. `derived` counts every parameter that can receive a
 * number (storage that receives them drops derivatives); `active` respects annotations such as
 * `n: number`, which say the value is a plain number.
 */
type Mode = 'derived' | 'active';

const NUMERIC_CONVERSIONS: ReadonlySet<string> = new Set(['Number', 'parseFloat', 'parseInt']);

/**
 * Everything the rules ask about one file: where differentiable code is, which values may be
 * active, which are derived from the inputs and which reach the output. Built once per file
 * and shared by all of the plugin's rules.
 */
export class FileAnalysis {
  /** Scope lookups. */
  readonly bindings: Bindings;
  /** Type answers, when the file was parsed with type information. */
  readonly types: TypeOracle | undefined;
  readonly #index: FileIndex;
  readonly #detection: Detection;
  /** Leaves as activity sees them: conversions end the flow. */
  readonly #activeLeaves: ValueLeaves;
  /** Leaves as numeric dependence sees them: conversions keep it. */
  readonly #numericLeaves: ValueLeaves;
  readonly #narrowing: Narrowing;
  #flow: FlowGraph | undefined;
  readonly #solved = new Map<Mode, Set<Slot>>();
  #outputs: Set<Slot> | undefined;

  constructor(input: AnalysisInput) {
    const sourceCode = input.sourceCode;
    const program = sourceCode.ast;
    // Not getParserServices: it throws for other parsers (espree on .js files), and every rule
    // here works without types.
    const services = sourceCode.parserServices;
    this.types = TypeOracle.for(services as Partial<ParserServicesWithTypeInformation> | null);
    this.bindings = new Bindings(sourceCode.scopeManager as TSESLint.Scope.ScopeManager);
    this.#index = indexFile(program, sourceCode.visitorKeys);
    this.#detection = new Detection({
      program,
      sourceCode,
      bindings: this.bindings,
      index: this.#index,
      types: this.types,
      wholeFile: input.wholeFile,
      external: input.external,
    });
    this.#activeLeaves = new ValueLeaves(this.bindings, this.#index.returns, false);
    this.#numericLeaves = new ValueLeaves(this.bindings, this.#index.returns, true);
    this.#narrowing = new Narrowing(this.bindings, this.types);
  }

  /** True when the file has any differentiable code at all. */
  get hasDifferentiableCode(): boolean {
    return this.#detection.roots.size > 0;
  }

  /** True when `fn` is differentiable code. */
  isDifferentiable(fn: FunctionNode): boolean {
    return this.#detection.isDifferentiable(fn);
  }

  /** The nearest function around `node`, when it is differentiable code. */
  enclosingDifferentiable(node: TSESTree.Node): FunctionNode | undefined {
    return this.#detection.enclosingDifferentiable(node);
  }

  /** Why `fn` is differentiable code on its own account, if it is. */
  rootOf(fn: FunctionNode): Root | undefined {
    return this.#detection.roots.get(fn);
  }

  /** The values `fn` returns (an arrow's expression body counts), not those of nested functions. */
  returnsOf(fn: FunctionNode): readonly TSESTree.Expression[] {
    return this.#index.returns.get(fn) ?? [];
  }

  /**
   * May `node`'s value be active? From the flow of the differentiated parameters, whatever the
   * annotations say; types add what they know (`Real` is active), they never take it away.
   */
  mayBeActive(node: TSESTree.Node): boolean {
    return this.types?.mayBeActive(node) === true || this.#holds(node, 'active');
  }

  /** Is `node`'s value computed from the differentiable function's inputs? */
  isDerived(node: TSESTree.Node): boolean {
    return this.#holds(node, 'derived');
  }

  /** Is `variable` derived from the inputs? */
  isDerivedVariable(variable: Slot): boolean {
    return this.#solve('derived').has(variable);
  }

  /** The values `variable` may hold: initialisers, assignments, arguments bound to it. */
  sourcesOf(variable: Slot): readonly TSESTree.Node[] {
    return this.#graph().sources.get(variable) ?? [];
  }

  /** The values stored as elements into `variable`. */
  elementWrites(variable: Slot): readonly TSESTree.Node[] {
    return this.#graph().elementWrites.get(variable) ?? [];
  }

  /** Does `variable`'s value flow into what a differentiable function returns? */
  isOutputVariable(variable: Slot): boolean {
    return this.#outputVariables().has(variable);
  }

  /**
   * What this file's differentiable code calls from the module `matches` accepts: imported
   * functions by name, `Class.constructor` for `new Class(...)` and `Class.method` for methods
   * of its instances, each with the argument positions that may be active (`seeds`) and those
   * that receive an input of the differentiable code (`inputs`).
   */
  usesOfModule(matches: (specifier: string) => boolean): Map<string, ModuleUse> {
    const uses = new Map<string, ModuleUse>();
    const record = (name: string, call: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const use = uses.get(name) ?? { seeds: new Set<number>(), inputs: new Set<number>() };
      call.arguments.forEach((argument, k) => {
        const value = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
        if (this.mayBeActive(value)) use.seeds.add(k);
        const passed = skipTypeWrappers(value);
        const variable =
          argument.type !== AST_NODE_TYPES.SpreadElement &&
          passed.type === AST_NODE_TYPES.Identifier
            ? this.bindings.variableOf(passed)
            : null;
        if (variable && inputName(variable, this, NO_NAMES) !== undefined) use.inputs.add(k);
      });
      uses.set(name, use);
    };
    const variableOf = (id: TSESTree.Identifier) => this.bindings.variableOf(id);
    for (const call of this.#index.calls) {
      if (!this.enclosingDifferentiable(call)) continue;
      const direct = importedCallee(call.callee, variableOf);
      if (direct && direct.name !== '*' && matches(direct.specifier)) {
        record(
          call.type === AST_NODE_TYPES.NewExpression ? `${direct.name}.constructor` : direct.name,
          call,
        );
        continue;
      }
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
      const method = staticPropertyName(callee);
      const created = instanceCreation(skipTypeWrappers(callee.object), this.bindings);
      const cls = created ? importedCallee(created.callee, variableOf) : undefined;
      if (method !== undefined && cls && cls.name !== '*' && matches(cls.specifier))
        record(`${cls.name}.${method}`, call);
    }
    return uses;
  }

  /** Does the value of `node` flow into what its differentiable function returns? */
  reachesOutput(node: TSESTree.Node): boolean {
    const outputs = this.#outputVariables();
    const isOutput = (target: TSESTree.Node): boolean => {
      const variable = this.bindings.targetSlot(target);
      return variable !== null && outputs.has(variable);
    };
    let current: TSESTree.Node = node;
    for (;;) {
      const step = valueParent(current);
      if (!step) return false;
      const { child, parent } = step;
      switch (parent.type) {
        case AST_NODE_TYPES.ReturnStatement:
          return true;
        case AST_NODE_TYPES.ArrowFunctionExpression:
          return child === parent.body;
        case AST_NODE_TYPES.VariableDeclarator:
          return child === parent.init && patternIdentifiers(parent.id).some((id) => isOutput(id));
        case AST_NODE_TYPES.AssignmentExpression:
          if (child !== parent.right) return false;
          return skipTypeWrappers(parent.left).type === AST_NODE_TYPES.MemberExpression
            ? isOutput(parent.left)
            : patternIdentifiers(parent.left).some((id) => isOutput(id));
        case AST_NODE_TYPES.BinaryExpression:
          if (
            !['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>'].includes(
              parent.operator,
            )
          ) {
            return false;
          }
          break;
        case AST_NODE_TYPES.ConditionalExpression:
          if (child === parent.test) return false;
          break;
        case AST_NODE_TYPES.UnaryExpression:
          if (!['-', '+', '~'].includes(parent.operator)) return false;
          break;
        case AST_NODE_TYPES.Property:
          if (child !== parent.value) return false;
          break;
        case AST_NODE_TYPES.SequenceExpression:
          if (child !== parent.expressions.at(-1)) return false;
          break;
        case AST_NODE_TYPES.MemberExpression: {
          const name = staticPropertyName(parent);
          if (child !== parent.object || (name !== undefined && SIZE_PROPERTIES.has(name)))
            return false;
          break;
        }
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (child === parent.callee) return false;
          const k = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
          const name = this.bindings.pullbackExport(parent.callee);
          if (name !== undefined) {
            if (INACTIVE_RESULTS.has(name) || (INDEX_ARGUMENTS.get(name) ?? []).includes(k))
              return false;
            if (name === 'setAt') return k === 2 && isOutput(parent.arguments[0]);
            break;
          }
          const callee = skipTypeWrappers(parent.callee);
          if (callee.type === AST_NODE_TYPES.MemberExpression) {
            const method = staticPropertyName(callee);
            if (method !== undefined && STORING_METHODS.has(method)) return isOutput(callee.object);
            const receiver = skipTypeWrappers(callee.object);
            if (
              receiver.type === AST_NODE_TYPES.Identifier &&
              this.bindings.isGlobal(receiver, receiver.name)
            ) {
              // Math's functions coerce, but the number they return still depends on x.
              if (receiver.name === 'Math') break;
              return false;
            }
          }
          if (
            callee.type === AST_NODE_TYPES.Identifier &&
            this.bindings.isGlobal(callee, callee.name)
          ) {
            if (NUMERIC_CONVERSIONS.has(callee.name)) break;
            return false;
          }
          const local = this.bindings.functionOf(parent.callee);
          const param = local ? callParameters(local)[k] : undefined;
          if (param && !patternIdentifiers(param).some((id) => isOutput(id))) return false;
          break;
        }
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.ObjectExpression:
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.AwaitExpression:
          break;
        default:
          return false;
      }
      current = parent;
    }
  }

  #holds(node: TSESTree.Node, mode: Mode): boolean {
    const set = this.#solve(mode);
    return this.#leavesFor(mode)
      .of(node)
      .some((id) => this.#leafIn(id, set));
  }

  #leavesFor(mode: Mode): ValueLeaves {
    return mode === 'active' ? this.#activeLeaves : this.#numericLeaves;
  }

  #leafIn(leaf: Leaf, set: ReadonlySet<Slot>): boolean {
    const variable = this.bindings.slotOf(leaf);
    return (
      variable !== null &&
      set.has(variable) &&
      (leaf.type !== AST_NODE_TYPES.Identifier || !this.#narrowing.isPlainAt(leaf))
    );
  }

  #graph(): FlowGraph {
    this.#flow ??= new FlowGraph(
      this.bindings,
      this.#index,
      new Set(this.#index.functions.filter((fn) => this.isDifferentiable(fn))),
      (node) => this.enclosingDifferentiable(node) !== undefined,
    );
    return this.#flow;
  }

  #solve(mode: Mode): Set<Slot> {
    const known = this.#solved.get(mode);
    if (known) return known;
    const graph = this.#graph();
    const leaves = this.#leavesFor(mode);
    // A number annotation says nothing about what a parameter receives: a value that flows in
    // is active whatever it is typed. Only annotations that admit no number at all cut the flow.
    const allowed = (kind: AnnotationKind | undefined): boolean => kind !== 'non-numeric';
    const set = new Set<Slot>();
    for (const [variable, param] of graph.parameters) {
      const root = this.#detection.roots.get(param.fn);
      if (
        root &&
        (root.seeds === 'all' || root.seeds.has(param.index)) &&
        !root.nondifferentiable?.has(param.index) &&
        allowed(param.kind) &&
        // A seed typed as a number is differentiated when its value reaches the result; one
        // used only as an index or a count is an integer the caller passes.
        (param.kind !== 'plain-number' || mode === 'derived' || this.isOutputVariable(variable))
      )
        set.add(variable);
    }
    const candidates = [...graph.sources.keys()].filter(
      (variable) =>
        !set.has(variable) &&
        allowed(graph.parameters.get(variable)?.kind) &&
        allowed(graph.annotated.get(variable)),
    );
    for (let changed = true; changed;) {
      changed = false;
      for (const variable of candidates) {
        if (set.has(variable)) continue;
        const sources = graph.sources.get(variable) ?? [];
        if (sources.some((source) => leaves.of(source).some((id) => this.#leafIn(id, set)))) {
          set.add(variable);
          changed = true;
        }
      }
    }
    this.#solved.set(mode, set);
    return set;
  }

  #outputVariables(): Set<Slot> {
    if (this.#outputs) return this.#outputs;
    const graph = this.#graph();
    const outputs = new Set<Slot>();
    const work: Slot[] = [];
    const add = (ids: readonly Leaf[]): void => {
      for (const id of ids) {
        const variable = this.bindings.slotOf(id);
        if (variable && !outputs.has(variable)) {
          outputs.add(variable);
          work.push(variable);
        }
      }
    };
    for (const [fn, values] of this.#index.returns) {
      if (this.isDifferentiable(fn)) for (const value of values) add(this.#numericLeaves.of(value));
    }
    for (let variable = work.pop(); variable; variable = work.pop()) {
      for (const source of graph.sources.get(variable) ?? []) add(this.#numericLeaves.of(source));
    }
    this.#outputs = outputs;
    return outputs;
  }
}

/** How differentiable code of one file calls a function of another. */
export interface ModuleUse {
  /** Argument positions that may be active. */
  readonly seeds: Set<number>;
  /** Argument positions that receive an input of the differentiable code. */
  readonly inputs: Set<number>;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** What an analysis is built from: the parsed file, and what other files say about it. */
export interface AnalysisInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Every top-level function is differentiable code (`settings.pullback.differentiableFiles`). */
  readonly wholeFile: boolean;
  /** This file's functions that differentiable code in other files calls. */
  readonly external?: ExternalUses;
}

/** The `new C(...)` a `const` holds (`osc` in `const osc = new Oscillator(k)`). */
function instanceCreation(
  node: TSESTree.Node,
  bindings: Bindings,
): TSESTree.NewExpression | undefined {
  if (node.type === AST_NODE_TYPES.NewExpression) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = bindings.variableOf(node)?.defs[0];
  const init =
    def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init
      ? skipTypeWrappers(def.node.init)
      : undefined;
  return init?.type === AST_NODE_TYPES.NewExpression ? init : undefined;
}
