import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';
import type * as ts from 'typescript';
import { TYPED_ARRAYS } from './annotations.js';
import { REAL_TYPE_NAMES } from './pullback-names.js';

const activityByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.Type, boolean | undefined>>();

/**
 * Checkers that threw while answering: TypeScript's checker is not meant to fail, but when it
 * does (TypeScript 6 with typescript-estree's fallback program, see `TypeOracle.for`) its state
 * may be half-updated, so it is not asked again and the types say nothing for the rest of the
 * run. A lint rule must never crash ESLint on user code.
 */
const failedCheckers = new WeakSet<ts.TypeChecker>();

/**
 * TypeScript, loaded by the first oracle. It is an optional peer dependency: the untyped configs
 * lint without it, and an oracle exists only for a file parsed with type information, which
 * needs TypeScript installed.
 */
let TS: typeof ts;

/**
 * Answers questions from TypeScript's types when the file was parsed with type information.
 * `undefined` means "the types do not say" (`any`, `unknown`, an unconstrained type
 * parameter, or a checker that failed), and callers fall back to the flow of the function's
 * parameters, as without types.
 */
export class TypeOracle {
  readonly #services: ParserServicesWithTypeInformation;
  readonly #checker: ts.TypeChecker;
  readonly #activity: WeakMap<ts.Type, boolean | undefined>;

  /**
   * The oracle of a file's parser services, or `undefined` when they carry no program or one
   * that cannot tell pullback's types from others: a program that does not resolve imports.
   * typescript-estree builds one (`noResolve`, no current directory) when a file is parsed a
   * second time in a single run, as ESLint does after applying fixes; there every imported
   * name is unresolved, and TypeScript 6 crashes printing the resulting errors.
   */
  static for(
    services: Partial<ParserServicesWithTypeInformation> | undefined | null,
  ): TypeOracle | undefined {
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
    if (services.program.getCompilerOptions().noResolve) return undefined;
    return new TypeOracle(services as ParserServicesWithTypeInformation);
  }

  constructor(services: ParserServicesWithTypeInformation) {
    TS ??= createRequire(import.meta.url)('typescript') as typeof ts;
    this.#services = services;
    this.#checker = services.program.getTypeChecker();
    // Types belong to the program, not the file: every file of a project shares the answers.
    let activity = activityByChecker.get(this.#checker);
    if (!activity) {
      activity = new WeakMap();
      activityByChecker.set(this.#checker, activity);
    }
    this.#activity = activity;
  }

  /** May the value of `node` be an active value? */
  mayBeActive(node: TSESTree.Node): boolean | undefined {
    return this.#ask(node, (type) => this.#typeMayBeActive(type, 0));
  }

  /** Is `node` typed as one of the built-in typed arrays (or a union with one)? */
  isTypedArray(node: TSESTree.Node): boolean | undefined {
    return this.#ask(node, (type) => {
      if (type.flags & (TS.TypeFlags.Any | TS.TypeFlags.Unknown)) return undefined;
      return constituents(type).some((part) => {
        const name = part.getSymbol()?.getName();
        return name !== undefined && TYPED_ARRAYS.has(name);
      });
    });
  }

  /** Is `node` typed `number[]`? */
  isNumberArray(node: TSESTree.Node): boolean | undefined {
    return this.#ask(node, (type) => {
      if (!this.#checker.isArrayType(type)) return false;
      const [element] = this.#checker.getTypeArguments(type as ts.TypeReference);
      return element !== undefined && (element.flags & TS.TypeFlags.NumberLike) !== 0;
    });
  }

  /** Is `node` a plain number? */
  isNumberLike(node: TSESTree.Node): boolean | undefined {
    return this.#ask(node, (type) => (type.flags & TS.TypeFlags.NumberLike) !== 0);
  }

  /**
   * The number of elements of a value whose type is a fixed-length tuple, `not-array` for a
   * value that cannot be an array (numbers, active scalars, tangent markers), else `undefined`.
   */
  arrayShapeOf(node: TSESTree.Node): number | 'not-array' | undefined {
    return this.#ask(node, (type) => {
      if (type.flags & (TS.TypeFlags.Any | TS.TypeFlags.Unknown | TS.TypeFlags.TypeParameter))
        return undefined;
      if (this.#checker.isTupleType(type)) {
        const target = (type as ts.TypeReference).target as ts.TupleType;
        return target.hasRestElement || target.minLength !== target.fixedLength
          ? undefined
          : target.fixedLength;
      }
      const notArray = constituents(type).every((part) => {
        if (
          part.flags &
          (TS.TypeFlags.NumberLike | TS.TypeFlags.BooleanLike | TS.TypeFlags.StringLike)
        )
          return true;
        if (!(part.flags & TS.TypeFlags.Object)) return false;
        if (this.#checker.isArrayType(part) || this.#checker.isTupleType(part)) return false;
        return part.getProperty('length') === undefined && part.getNumberIndexType() === undefined;
      });
      return notArray ? 'not-array' : undefined;
    });
  }

  /** Is `node` a string (so `+` on it concatenates)? */
  isStringLike(node: TSESTree.Node): boolean | undefined {
    return this.#ask(node, (type) => (type.flags & TS.TypeFlags.StringLike) !== 0);
  }

  /** The number of arguments the function `node` evaluates to takes, when its type says. */
  arityOf(node: TSESTree.Node): number | undefined {
    return this.#ask(node, (type) => {
      const signatures = type.getCallSignatures();
      if (signatures.length !== 1) return undefined;
      const parameters = signatures[0].getParameters();
      const last = parameters.at(-1)?.valueDeclaration;
      if (last && TS.isParameter(last) && last.dotDotDotToken) return undefined;
      return parameters.length;
    });
  }

  /**
   * Asks a question about the type of `node`; `undefined` ("the types do not say") when the
   * checker throws, or threw before.
   */
  #ask<T>(node: TSESTree.Node, question: (type: ts.Type) => T): T | undefined {
    if (failedCheckers.has(this.#checker)) return undefined;
    try {
      return question(this.#services.getTypeAtLocation(node));
    } catch {
      failedCheckers.add(this.#checker);
      return undefined;
    }
  }

  /** `class Dual implements Active`, with `Active` rules-core's. */
  #implementsActive(declaration: ts.Declaration): boolean {
    if (!TS.isClassDeclaration(declaration) && !TS.isInterfaceDeclaration(declaration))
      return false;
    return (declaration.heritageClauses ?? []).some((clause) =>
      clause.types.some((heritage) => {
        const expression = heritage.expression;
        if (!TS.isIdentifier(expression) || !REAL_TYPE_NAMES.has(expression.text)) return false;
        let symbol = this.#checker.getSymbolAtLocation(expression);
        if (symbol && symbol.flags & TS.SymbolFlags.Alias)
          symbol = this.#checker.getAliasedSymbol(symbol);
        return symbol !== undefined && declaredInRulesCore(symbol);
      }),
    );
  }

  #typeMayBeActive(type: ts.Type, depth: number): boolean | undefined {
    if (this.#activity.has(type)) return this.#activity.get(type);
    this.#activity.set(type, false);
    const answer = this.#classify(type, depth);
    this.#activity.set(type, answer);
    return answer;
  }

  #classify(type: ts.Type, depth: number): boolean | undefined {
    if (depth > 6) return undefined;
    const alias = type.aliasSymbol;
    if (alias && REAL_TYPE_NAMES.has(alias.getName()) && declaredInRulesCore(alias)) return true;
    if (type.flags & (TS.TypeFlags.Any | TS.TypeFlags.Unknown)) return undefined;
    if (type.isUnionOrIntersection()) {
      let answer: boolean | undefined = false;
      for (const part of type.types) {
        const partAnswer = this.#typeMayBeActive(part, depth + 1);
        if (partAnswer === true) return true;
        if (partAnswer === undefined) answer = undefined;
      }
      return answer;
    }
    if (type.flags & TS.TypeFlags.TypeParameter) {
      const constraint = this.#checker.getBaseConstraintOfType(type);
      return constraint && constraint !== type
        ? this.#typeMayBeActive(constraint, depth + 1)
        : undefined;
    }
    if (!(type.flags & TS.TypeFlags.Object)) return false;
    const symbol = type.getSymbol();
    if (symbol && REAL_TYPE_NAMES.has(symbol.getName()) && declaredInRulesCore(symbol)) return true;
    // Engines' own active classes implement the protocol: `class Dual implements Active`.
    if (symbol?.declarations?.some((d) => this.#implementsActive(d))) return true;
    if (this.#checker.isArrayType(type) || this.#checker.isTupleType(type)) {
      return this.#checker
        .getTypeArguments(type as ts.TypeReference)
        .some((element) => this.#typeMayBeActive(element, depth + 1) === true);
    }
    return false;
  }
}

function constituents(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/**
 * True when `symbol` is declared by rules-core (its sources, its published declarations, or a
 * stand-in `rules-core.d.ts`): a user's own `type RealArray = Float64Array` is not ours.
 */
function declaredInRulesCore(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((declaration) =>
    RULES_CORE_FILE.test(declaration.getSourceFile().fileName),
  );
}

const RULES_CORE_FILE = /[\\/]rules-core(?:[\\/]|\.d\.ts$)/;
