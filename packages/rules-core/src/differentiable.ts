import { RULES } from './symbols.js';
import { RuleDefinitionError } from './errors.js';
import { innermostOwner, stack } from './interpreter.js';
import type { Frule, Partials, Rrule, Rules } from './rules.js';

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
export function differentiable<A extends readonly unknown[], Y>(
  fn: (...args: A) => Y,
  rules?: Rules<A, Y>,
  options?: DifferentiableOptions,
): DifferentiableFunction<(...args: A) => Y> {
  if (typeof fn !== 'function') {
    throw new RuleDefinitionError(
      `differentiable(fn) expects a function as its first argument, got ${describe(fn)}.`,
    );
  }
  if (rules !== undefined && (typeof rules !== 'object' || rules === null)) {
    throw new RuleDefinitionError(
      `differentiable(${fn.name || 'fn'}, rules): rules must be an object such as { frule, rrule }, got ${describe(rules)}.`,
    );
  }
  for (const key of ['frule', 'rrule', 'partials'] as const) {
    const rule = rules?.[key];
    if (rule !== undefined && typeof rule !== 'function') {
      throw new RuleDefinitionError(
        `differentiable(${fn.name || 'fn'}, rules): rules.${key} must be a function, got ${describe(rule)}.`,
      );
    }
  }
  const body = fn as unknown as (...args: unknown[]) => unknown;
  const wrapped = wrap(body, fn.length);
  const record: DifferentiableRecord = {
    body: fn as unknown as (...args: never[]) => unknown,
    name: options?.name ?? fn.name ?? 'anonymous',
    frule: rules?.frule as DifferentiableRecord['frule'],
    rrule: rules?.rrule as DifferentiableRecord['rrule'],
    partials: rules?.partials as DifferentiableRecord['partials'],
    nondiff: options?.nondiff ?? [],
  };
  Object.defineProperty(wrapped, 'name', { value: record.name });
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  Object.defineProperty(wrapped, RULES, { value: record });
  return wrapped as unknown as DifferentiableFunction<(...args: A) => Y>;
}

/**
 * The dispatching wrapper. Arity-specialised versions avoid allocating a rest array on the
 * plain-number path, which is the hot path of generic code run without differentiation.
 */
function wrap(
  body: (...args: unknown[]) => unknown,
  arity: number,
): (...args: unknown[]) => unknown {
  const dispatch = (self: unknown, args: unknown[]): unknown => {
    const owner = innermostOwner(args);
    return owner === undefined ? body(...args) : owner.apply(self as DifferentiableFunction, args);
  };
  if (arity === 1) {
    return function wrapped1(a: unknown): unknown {
      if (stack.interpreters.length === 0 && arguments.length === 1) return body(a);
      // eslint-disable-next-line prefer-rest-params
      return dispatch(wrapped1, Array.prototype.slice.call(arguments));
    };
  }
  if (arity === 2) {
    return function wrapped2(a: unknown, b: unknown): unknown {
      if (stack.interpreters.length === 0 && arguments.length === 2) return body(a, b);
      // eslint-disable-next-line prefer-rest-params
      return dispatch(wrapped2, Array.prototype.slice.call(arguments));
    };
  }
  return function wrappedN(...args: unknown[]): unknown {
    if (stack.interpreters.length === 0) return body(...args);
    return dispatch(wrappedN, args);
  };
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
