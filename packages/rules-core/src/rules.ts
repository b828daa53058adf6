import type { Active, Real } from './active.js';
import type { Mode } from './interpreter/stack.js';
import type { AbstractZero, Cotangents, MaybeThunk, Tangent, Tangents, Thunk } from './tangent.js';

/**
 * What a rule may ask of the engine that runs it, so rules of higher-order functions (`map`,
 * an ODE solver) can differentiate the functions they were given.
 */
export interface RuleConfig {
  /** The mode of the interpreter running the rule. */
  readonly mode: Mode;
  /** Reverse-mode differentiates `g` at `args`: its value and a pullback. */
  rruleViaAD<A extends readonly unknown[], Y>(g: (...args: A) => Y, args: A): [Y, Pullback<A, Y>];
  /** Forward-mode differentiates `g` at `args` along `tangents`: its value and tangent. */
  fruleViaAD<A extends readonly unknown[], Y>(
    g: (...args: A) => Y,
    args: A,
    tangents: Tangents<A>,
  ): [Y, Tangent<Y>];
}

/**
 * A forward rule (ChainRules' `frule`): the value of `f(...args)` and its tangent, given one
 * tangent per argument. `zeroTangent`/`noTangent` may stand for any argument's tangent.
 */
export type Frule<A extends readonly unknown[], Y> = (
  args: A,
  tangents: Tangents<A>,
  config: RuleConfig,
) => [Y, Tangent<Y>];

/** Maps a cotangent of the output to one cotangent per argument (`noTangent` where none). */
export type Pullback<A extends readonly unknown[], Y> = (
  dy: MaybeThunk<Tangent<Y>>,
) => Cotangents<A>;

/** A reverse rule (ChainRules' `rrule`): the value of `f(...args)` and its pullback. */
export type Rrule<A extends readonly unknown[], Y> = (
  args: A,
  config: RuleConfig,
) => [Y, Pullback<A, Y>];

/**
 * The partial derivatives of a scalar function: called with the arguments and then the
 * result, returns one partial per argument. Written with the math vocabulary, so the rules
 * built from it are differentiable again.
 */
export type Partials<A extends readonly unknown[]> = (
  ...argsAndResult: [...A, Real]
) => readonly Real[];

/**
 * What `scalarRule` accepts as partials: `Partials<A>`, and for a function of one argument
 * also the one partial alone (Julia's `@scalar_rule(sin(x), cos(x))`).
 */
export type ScalarPartials<A extends readonly unknown[]> = A extends readonly [unknown]
  ? (...argsAndResult: [...A, Real]) => readonly Real[] | Real
  : Partials<A>;

/** The rules a differentiable function carries; any of them may be missing. */
export interface Rules<A extends readonly unknown[] = readonly never[], Y = unknown> {
  /** The forward rule. */
  readonly frule?: Frule<A, Y>;
  /** The reverse rule. */
  readonly rrule?: Rrule<A, Y>;
  /**
   * For scalar functions (and their elementwise broadcast): the partials the rules were built
   * from, so an engine can store numbers instead of closures.
   */
  readonly partials?: Partials<A>;
}

/** The object part of a tangent type: what a structural tangent mirrors, without zeros and thunks. */
export type Mirrored<T> = Exclude<T, AbstractZero | Thunk<unknown>>;

/**
 * `C`, a cotangent a pullback returns, with every field the primal's tangent `T` lacks turned to
 * `never`, at any depth: TypeScript checks no excess fields in a function's inferred result, so
 * `differentiable` compares them itself.
 */
export type NoExtraFields<C, T> = [T] extends [never]
  ? C
  : C extends AbstractZero | Thunk<unknown> | TangentLeaf
    ? C
    : [Extract<T, TangentLeaf>] extends [never]
      ? C extends object
        ? { [K in keyof C]: K extends keyof T ? NoExtraFields<C[K], Mirrored<T[K]>> : never }
        : C
      : C;

/** What a tangent is made of below the fields of records: reals and arrays. */
export type TangentLeaf = number | Active | readonly unknown[] | Float64Array;

/**
 * What `differentiable` requires of its rules beyond `Rules<A, Y>`: the cotangents the rrule's
 * pullback returns have no field the arguments lack (a misspelled `sigmaa` for `sigma` is an
 * error where it is written). `unknown` when there is nothing to check.
 */
export type ExactRules<A extends readonly unknown[], Y, R> = R extends {
  readonly rrule: (args: A, config: RuleConfig) => readonly [unknown, (dy: never) => infer C];
}
  ? {
      readonly rrule: (
        args: A,
        config: RuleConfig,
      ) => [
        Y,
        (dy: MaybeThunk<Tangent<Y>>) => {
          [K in keyof C]: K extends keyof A ? NoExtraFields<C[K], Mirrored<Tangent<A[K]>>> : C[K];
        },
      ];
    }
  : unknown;
