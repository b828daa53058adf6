import { ACTIVE, RULES, TANGENT_KIND } from './symbols.js';
import { holdsStructuralTangent, tangentRuleOf } from './tangent-arithmetic.js';
import { RuleDefinitionError } from './errors.js';
import {
  innermostOwner,
  soleOwner1,
  soleOwner2,
  stack as sharedStack,
} from './interpreter/stack.js';
import type { ExactRules, Frule, Partials, Rrule, Rules } from './rules.js';

/**
 * The interpreter stack through a module-local constant: V8 folds a local `const` into the
 * inlined fast path, leaving one load for the idle check, where an imported binding costs a
 * load through the module's import cell on every call.
 */
const stack = sharedStack;

/** Options of `differentiable`. */
export interface DifferentiableOptions {
  /** Name used in diagnostics; defaults to `fn.name`. */
  readonly name?: string;
  /** Indices of arguments with no tangent space (integers, strings, flags). */
  readonly nondiff?: readonly number[];
}

/** What rules-core records about a differentiable function. */
export interface DifferentiableRecord {
  /** The function as written, called directly when nothing is being differentiated. */
  readonly body: (...args: never[]) => unknown;
  /** Its name in diagnostics. */
  readonly name: string;
  /** Its forward rule, if any. */
  readonly frule: Frule<readonly never[], unknown> | undefined;
  /** Its reverse rule, if any. */
  readonly rrule: Rrule<readonly never[], unknown> | undefined;
  /** Its scalar partials, if it was declared with `scalarRule` or with `partials`. */
  readonly partials: Partials<readonly never[]> | undefined;
  /** Indices of arguments without a tangent space. */
  readonly nondiff: readonly number[];
  /**
   * True for a function made by `checkpoint`: reverse mode recomputes its intermediates in the
   * sweep (through its rrule); every other interpreter goes through its body.
   */
  readonly checkpoint?: boolean;
}

/** A function made by `differentiable`: same call signature, plus its record. */
export type DifferentiableFunction<
  F extends (...args: never[]) => unknown = (...args: never[]) => unknown,
> = F & { readonly [RULES]: DifferentiableRecord };

/**
 * Makes `fn` visible to pullback's engines. The result has `fn`'s signature, name and length.
 * With nothing being differentiated it calls `fn` directly; otherwise it hands the call to the
 * innermost interpreter owning one of its arguments, which uses the rule for its mode (or the
 * other mode's rule), or traces into `fn`'s body when there is none.
 *
 * @example
 * ```ts
 * const cube = differentiable((x: Real) => mul(x, mul(x, x)), {
 *   rrule: ([x]) => [cube(x), (dy) => [mul(dy, mul(3, square(x)))]],
 * });
 * ```
 */
export function differentiable<
  A extends readonly unknown[],
  Y,
  R extends Rules<A, Y> = Rules<A, Y>,
>(
  fn: (...args: A) => Y,
  rules?: R & ExactRules<A, Y, R>,
  options?: DifferentiableOptions,
): DifferentiableFunction<(...args: A) => Y> {
  return withRecord(
    makeRecord('differentiable', fn, rules, options),
  ) as unknown as DifferentiableFunction<(...args: A) => Y>;
}

/**
 * The dispatching wrapper of `record.body`, carrying `record`.
 * @internal
 */
export function withRecord(record: DifferentiableRecord): DifferentiableFunction {
  const body = record.body as unknown as (...args: unknown[]) => unknown;
  return attachRecord(wrap(body, body.length, record.name), record) as never;
}

/**
 * Checks the arguments of `differentiable`/`scalarRule`/... and builds the record.
 * @internal
 */
export function makeRecord(
  caller: string,
  fn: unknown,
  rules: unknown,
  options: DifferentiableOptions | undefined,
): DifferentiableRecord {
  if (typeof fn !== 'function') {
    throw new RuleDefinitionError(
      `${caller}(fn) expects a function as its first argument, got ${describe(fn)}.`,
    );
  }
  const fname = options?.name || fn.name || 'anonymous';
  if (rules !== undefined && (typeof rules !== 'object' || rules === null)) {
    throw new RuleDefinitionError(
      `${caller}(${fname}, rules): rules must be an object such as { frule, rrule }, got ${describe(rules)}.`,
    );
  }
  const given = rules as Rules<readonly never[], unknown> | undefined;
  for (const key of ['frule', 'rrule', 'partials'] as const) {
    const rule = given?.[key];
    if (rule !== undefined && typeof rule !== 'function') {
      throw new RuleDefinitionError(
        `${caller}(${fname}, rules): rules.${key} must be a function, got ${describe(rule)}.`,
      );
    }
  }
  return {
    body: fn as (...args: never[]) => unknown,
    name: fname,
    frule: given?.frule as DifferentiableRecord['frule'],
    rrule: given?.rrule as DifferentiableRecord['rrule'],
    partials: given?.partials as DifferentiableRecord['partials'],
    nondiff: options?.nondiff ?? [],
  };
}

/**
 * Gives `wrapper` the record, name and length of a differentiable function.
 * @internal
 */
export function attachRecord<F extends (...args: never[]) => unknown>(
  wrapper: F,
  record: DifferentiableRecord,
  length: number = (record.body as (...args: never[]) => unknown).length,
): DifferentiableFunction<F> {
  // Redefining `name` or `length` turns a function into a dictionary-mode object in V8, which
  // makes every later property load on it (the record, an engine's own tags) a hash lookup.
  // Wrappers are therefore created with the right name, and those of one or two parameters
  // (every hot function) with the right length; a wrapper taking rest arguments still gets
  // its length here.
  if (wrapper.name !== record.name) Object.defineProperty(wrapper, 'name', { value: record.name });
  if (wrapper.length !== length) Object.defineProperty(wrapper, 'length', { value: length });
  Object.defineProperty(wrapper, RULES, { value: record });
  return wrapper as DifferentiableFunction<F>;
}

/**
 * The slow path of every differentiable function: hands the call to the innermost interpreter
 * owning one of the arguments, or runs `body` when there is none. Finding an active value whose
 * interpreter has finished throws `EscapedActiveError` (from `innermostOwner`).
 * @internal
 */
export function callDifferentiable(
  self: unknown,
  body: (...args: never[]) => unknown,
  args: unknown[],
): unknown {
  if (args.length === 1) return callDifferentiable1(self, body, args[0]);
  if (args.length === 2) return callDifferentiable2(self, body, args[0], args[1]);
  return searched(self, body, args);
}

/**
 * The innermost owner among all arguments, searched through arrays and records. A call holding
 * a structural tangent (`zeroTangent`, `noTangent`, a thunk) goes to the function's tangent
 * rule when it has one (ChainRules' tangent arithmetic, see `tangent-arithmetic.ts`).
 */
function searched(self: unknown, body: (...args: never[]) => unknown, args: unknown[]): unknown {
  if (holdsStructuralTangent(args)) {
    const rule = tangentRuleOf(self);
    if (rule !== undefined) return rule(args);
  }
  const owner = innermostOwner(args);
  return owner === undefined
    ? (body as (...xs: unknown[]) => unknown)(...args)
    : owner.apply(self as DifferentiableFunction, args);
}

/**
 * `callDifferentiable` for a call of one argument: an active argument goes straight to its
 * interpreter's `apply1` when it has one (no argument array, no search).
 * @internal
 */
export function callDifferentiable1(
  self: unknown,
  body: (...args: never[]) => unknown,
  a: unknown,
): unknown {
  const o = soleOwner1(a);
  if (o !== undefined && o.apply1 !== undefined) return o.apply1(self as DifferentiableFunction, a);
  return searched(self, body, [a]);
}

/**
 * `callDifferentiable` for a call of two arguments, through `apply2` when the arguments are
 * numbers and values of a single interpreter.
 * @internal
 */
export function callDifferentiable2(
  self: unknown,
  body: (...args: never[]) => unknown,
  a: unknown,
  b: unknown,
): unknown {
  const o = soleOwner2(a, b);
  if (o !== undefined && o.apply2 !== undefined) {
    return o.apply2(self as DifferentiableFunction, a, b);
  }
  return searched(self, body, [a, b]);
}

/**
 * True for an active value or a structural tangent at the top level of an argument. With no
 * interpreter in flight the fast path only looks this deep: an active value there has escaped
 * its differentiation, and the slow path reports it; a tangent goes to the function's tangent
 * rule; searching inside arrays on every call would make reading a large array in a loop
 * quadratic. Numbers, the hot case, are decided by `typeof` alone.
 */
function isActiveArg(a: unknown): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const o = a as { [ACTIVE]?: unknown; [TANGENT_KIND]?: unknown };
  return o[ACTIVE] !== undefined || o[TANGENT_KIND] !== undefined;
}

/**
 * The dispatching wrapper. Arity-specialised versions avoid allocating a rest array on the
 * plain path, which is the hot path of generic code run without differentiation; they stay
 * small so V8 inlines them into the caller.
 */
function wrap(
  body: (...args: unknown[]) => unknown,
  arity: number,
  name: string,
): (...args: unknown[]) => unknown {
  // Each wrapper is named at birth (a computed key): see `attachRecord`.
  if (arity === 1) {
    const wrapped1 = {
      [name]: function (a: unknown): unknown {
        if (arguments.length === 1) {
          return stack.depth === 0 && !isActiveArg(a)
            ? body(a)
            : callDifferentiable1(wrapped1, body, a);
        }
        // eslint-disable-next-line prefer-rest-params
        return callDifferentiable(wrapped1, body, Array.prototype.slice.call(arguments));
      },
    }[name];
    return wrapped1;
  }
  if (arity === 2) {
    const wrapped2 = {
      [name]: function (a: unknown, b: unknown): unknown {
        if (arguments.length === 2) {
          return stack.depth === 0 && !isActiveArg(a) && !isActiveArg(b)
            ? body(a, b)
            : callDifferentiable2(wrapped2, body, a, b);
        }
        // eslint-disable-next-line prefer-rest-params
        return callDifferentiable(wrapped2, body, Array.prototype.slice.call(arguments));
      },
    }[name];
    return wrapped2;
  }
  const wrappedN = {
    [name]: function (...args: unknown[]): unknown {
      if (stack.depth === 0 && !args.some(isActiveArg)) return body(...args);
      return callDifferentiable(wrappedN, body, args);
    },
  }[name];
  return wrappedN;
}

/** The record of a function made by `differentiable` or `scalarRule`, else `undefined`. */
export function recordOf(f: unknown): DifferentiableRecord | undefined {
  return typeof f === 'function' ? (f as Partial<DifferentiableFunction>)[RULES] : undefined;
}

/** True when `f` was made by `differentiable`, `scalarRule` or `nonDifferentiable`. */
export function isDifferentiable(f: unknown): f is DifferentiableFunction {
  return recordOf(f) !== undefined;
}

/**
 * The rules declared for `f` (`{ frule, rrule, partials }`, each possibly missing), or
 * `undefined` when `f` was not made by `differentiable`.
 */
export function rulesOf<A extends readonly unknown[], Y>(
  f: (...args: A) => Y,
): Rules<A, Y> | undefined {
  const record = recordOf(f);
  if (record === undefined) return undefined;
  return {
    frule: record.frule as Frule<A, Y> | undefined,
    rrule: record.rrule as Rrule<A, Y> | undefined,
    partials: record.partials as Partials<A> | undefined,
  };
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
