import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  callParameters,
  constructorOf,
  keyName,
  parameterAnnotation,
  patternIdentifiers,
  skipTypeWrappers,
  staticPropertyName,
  type FunctionNode,
} from './ast.js';
import { classifyAnnotation, type AnnotationKind } from './annotations.js';
import { isFunctionNode, type ThisOwner } from './ast.js';
import type { Bindings, Slot } from './bindings.js';
import type { FileIndex } from './file-index.js';
import {
  ENTRY_POINTS,
  INDEX_ARGUMENTS,
  KERNEL_MAPPERS,
  OPAQUE_FUNCTION_ARGUMENTS,
} from './pullback-names.js';

/** A parameter binding of a differentiable function. */
export interface ParameterBinding {
  /** The function it belongs to. */
  readonly fn: FunctionNode;
  /** The position of the argument it is bound from. */
  readonly index: number;
  /** What its annotation admits. */
  readonly kind: AnnotationKind;
  /** The identifier that declares it. */
  readonly identifier: TSESTree.Identifier;
}

/** Methods of arrays that store their arguments into the receiver, and which arguments. */
export const STORING_METHODS: ReadonlyMap<
  string,
  (args: readonly TSESTree.CallExpressionArgument[]) => readonly TSESTree.CallExpressionArgument[]
> = new Map([
  ['push', (args) => args],
  ['unshift', (args) => args],
  ['splice', (args) => args.slice(2)],
  ['fill', (args) => args.slice(0, 1)],
  ['set', (args) => args.slice(0, 1)],
]);

/** Array methods whose callback receives the receiver's elements first. */
const ELEMENT_CALLBACKS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
]);

/**
 * Where each variable of differentiable code gets its values: initialisers, assignments,
 * elements stored into it, arguments bound to parameters at calls in this file and the
 * elements callbacks receive. Flow-insensitive: a variable holds anything it is ever given.
 */
export class FlowGraph {
  // The fields are annotated so the declarations name `TSESLint.Scope.Variable` (from a
  // dependency) rather than @typescript-eslint/scope-manager's type (an undeclared one).
  /** Expressions whose value each variable may hold. */
  readonly sources: Map<Slot, TSESTree.Node[]> = new Map();
  /** Expressions stored as elements into each variable (`y[i] = v`, `setAt(y, i, v)`, `y.push(v)`). */
  readonly elementWrites: Map<Slot, TSESTree.Node[]> = new Map();
  /** Parameters of differentiable functions. */
  readonly parameters: Map<Slot, ParameterBinding> = new Map();
  /** Local variables whose annotation admits no active value. */
  readonly annotated: Map<Slot, AnnotationKind> = new Map();

  readonly #bindings: Bindings;

  constructor(
    bindings: Bindings,
    index: FileIndex,
    differentiable: ReadonlySet<FunctionNode>,
    inDifferentiableCode: (node: TSESTree.Node) => boolean,
  ) {
    this.#bindings = bindings;
    for (const fn of differentiable) this.#addParameters(fn);
    for (const declarator of index.declarators) {
      if (!inDifferentiableCode(declarator)) continue;
      const kind = classifyAnnotation(
        declarator.id.type === AST_NODE_TYPES.Identifier
          ? declarator.id.typeAnnotation?.typeAnnotation
          : undefined,
      );
      for (const id of patternIdentifiers(declarator.id)) {
        const variable = bindings.variableOf(id);
        if (!variable) continue;
        if (kind !== 'generic') this.annotated.set(variable, kind);
        if (declarator.init) this.#add(this.sources, variable, declarator.init);
      }
      this.#addPatternDefaults(declarator.id);
    }
    for (const loop of index.forOfs) {
      if (!inDifferentiableCode(loop)) continue;
      const target =
        loop.left.type === AST_NODE_TYPES.VariableDeclaration
          ? loop.left.declarations[0]?.id
          : loop.left;
      if (target) this.#bindLoopTarget(target, loop.right);
    }
    for (const assignment of index.assignments) {
      if (!inDifferentiableCode(assignment)) continue;
      const left = skipTypeWrappers(assignment.left);
      if (left.type === AST_NODE_TYPES.MemberExpression) {
        this.#store(left, assignment.right);
      } else {
        this.#bindPattern(left, assignment.right);
      }
    }
    for (const call of index.calls) {
      if (inDifferentiableCode(call)) this.#addCall(call);
    }
    for (const owner of index.owners) this.#addFields(owner);
  }

  /**
   * The values fields start with: class property initialisers, constructor parameter
   * properties (`constructor(private k: number)`), object literal properties.
   */
  #addFields(owner: ThisOwner): void {
    if (owner.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of owner.properties) {
        if (property.type !== AST_NODE_TYPES.Property || isFunctionNode(property.value)) continue;
        const name = keyName(property.key, property.computed);
        if (name !== undefined)
          this.#add(this.sources, this.#bindings.field(owner, name), property.value);
      }
      return;
    }
    for (const member of owner.body.body) {
      if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.static || !member.value)
        continue;
      const name = keyName(member.key, member.computed);
      if (name !== undefined && !isFunctionNode(member.value))
        this.#add(this.sources, this.#bindings.field(owner, name), member.value);
    }
    for (const param of constructorOf(owner)?.params ?? []) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const [identifier] = patternIdentifiers(param.parameter);
      if (identifier)
        this.#add(this.sources, this.#bindings.field(owner, identifier.name), identifier);
    }
  }

  #addParameters(fn: FunctionNode): void {
    callParameters(fn).forEach((param, index) => {
      const kind = patternKind(param);
      for (const identifier of patternIdentifiers(param)) {
        const variable = this.#bindings.variableOf(identifier);
        if (variable) this.parameters.set(variable, { fn, index, kind, identifier });
      }
      this.#addPatternDefaults(param);
    });
  }

  #addPatternDefaults(pattern: TSESTree.Node): void {
    if (pattern.type === AST_NODE_TYPES.AssignmentPattern) {
      this.#bindPattern(pattern.left, pattern.right);
      this.#addPatternDefaults(pattern.left);
    } else if (pattern.type === AST_NODE_TYPES.ArrayPattern) {
      for (const element of pattern.elements) if (element) this.#addPatternDefaults(element);
    } else if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of pattern.properties) {
        this.#addPatternDefaults(
          property.type === AST_NODE_TYPES.Property ? property.value : property,
        );
      }
    }
  }

  #bindPattern(pattern: TSESTree.Node, value: TSESTree.Node): void {
    for (const id of patternIdentifiers(pattern)) {
      const variable = this.#bindings.variableOf(id);
      if (variable) this.#add(this.sources, variable, value);
    }
  }

  /**
   * `for (const [i, v] of x.entries())`: the index is a plain count, only the value comes from
   * `x`; any other iterable gives its elements to the whole target.
   */
  #bindLoopTarget(target: TSESTree.Node, iterable: TSESTree.Expression): void {
    const source = skipTypeWrappers(iterable);
    if (
      target.type === AST_NODE_TYPES.ArrayPattern &&
      source.type === AST_NODE_TYPES.CallExpression &&
      source.arguments.length === 0 &&
      source.callee.type === AST_NODE_TYPES.MemberExpression &&
      staticPropertyName(source.callee) === 'entries'
    ) {
      const value = target.elements[1];
      if (value) this.#bindPattern(value, source.callee.object);
      return;
    }
    this.#bindPattern(target, iterable);
  }

  #store(target: TSESTree.Node, value: TSESTree.Node): void {
    const variable = this.#bindings.targetSlot(target);
    if (!variable) return;
    this.#add(this.sources, variable, value);
    this.#add(this.elementWrites, variable, value);
  }

  #addCall(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const callee = skipTypeWrappers(call.callee);
    const args = call.arguments;
    const pullbackName = this.#bindings.pullbackExport(callee);
    if (pullbackName === 'setAt' && args.length >= 3) {
      this.#store(args[0], args[2]);
    }
    const method =
      callee.type === AST_NODE_TYPES.MemberExpression ? staticPropertyName(callee) : undefined;
    const storing = method !== undefined ? STORING_METHODS.get(method) : undefined;
    if (callee.type === AST_NODE_TYPES.MemberExpression && storing) {
      for (const stored of storing(args)) this.#store(callee.object, unspread(stored));
    }
    if (
      pullbackName !== undefined &&
      (ENTRY_POINTS.has(pullbackName) || OPAQUE_FUNCTION_ARGUMENTS.has(pullbackName))
    ) {
      return;
    }
    const local =
      pullbackName === undefined
        ? this.#bindings.functionOf(call.type === AST_NODE_TYPES.NewExpression ? call : callee)
        : undefined;
    if (local) this.#bindArguments(local, args);
    const indices = pullbackName !== undefined ? (INDEX_ARGUMENTS.get(pullbackName) ?? []) : [];
    args.forEach((argument, k) => {
      const callback = this.#bindings.functionOf(unspread(argument));
      if (!callback) return;
      const others = args.filter((other, j) => j !== k && !indices.includes(j)).map(unspread);
      const params = callParameters(callback);
      if (pullbackName !== undefined && KERNEL_MAPPERS.has(pullbackName) && k === 0) {
        params.forEach((param, j) => {
          const data = args[j + 1];
          if (data) this.#bindPattern(param, unspread(data));
        });
        return;
      }
      if (callee.type === AST_NODE_TYPES.MemberExpression && method !== undefined) {
        const receiver = callee.object;
        if (ELEMENT_CALLBACKS.has(method)) {
          if (params[0]) this.#bindPattern(params[0], receiver);
          if (params[2]) this.#bindPattern(params[2], receiver);
          return;
        }
        if (method === 'reduce' || method === 'reduceRight') {
          if (params[0]) {
            this.#bindPattern(params[0], receiver);
            if (args[1]) this.#bindPattern(params[0], unspread(args[1]));
          }
          if (params[1]) this.#bindPattern(params[1], receiver);
          if (params[3]) this.#bindPattern(params[3], receiver);
          return;
        }
        for (const param of params) {
          this.#bindPattern(param, receiver);
          for (const other of others) this.#bindPattern(param, other);
        }
        return;
      }
      for (const param of params) for (const other of others) this.#bindPattern(param, other);
    });
  }

  #bindArguments(fn: FunctionNode, args: readonly TSESTree.CallExpressionArgument[]): void {
    const params = callParameters(fn);
    const spreadAt = args.findIndex((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
    params.forEach((param, index) => {
      if (param.type === AST_NODE_TYPES.RestElement) {
        for (const argument of args.slice(index)) this.#bindPattern(param, unspread(argument));
        return;
      }
      const argument = args[index];
      if (argument && argument.type !== AST_NODE_TYPES.SpreadElement)
        this.#bindPattern(param, argument);
      if (spreadAt !== -1 && spreadAt <= index) this.#bindPattern(param, unspread(args[spreadAt]));
    });
  }

  #add(map: Map<Slot, TSESTree.Node[]>, variable: Slot, value: TSESTree.Node): void {
    const list = map.get(variable);
    if (list) list.push(value);
    else map.set(variable, [value]);
  }
}

function unspread(argument: TSESTree.CallExpressionArgument): TSESTree.Expression {
  return argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
}

/** A destructured parameter's annotation describes the container, not the bindings. */
function patternKind(param: TSESTree.Parameter): AnnotationKind {
  const kind = classifyAnnotation(parameterAnnotation(param));
  const binding = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  const direct =
    binding.type === AST_NODE_TYPES.Identifier || binding.type === AST_NODE_TYPES.RestElement;
  return direct || kind === 'non-numeric' ? kind : 'generic';
}
