import { ACTIVE, STACK } from '../symbols.js';
import { EscapedActiveError, type ActiveCoercionError } from '../errors.js';
import type { Active } from '../active.js';
import type { DifferentiableFunction } from '../differentiable.js';

/** What an interpreter does: `'forward'`, `'reverse'`, `'sparsity'`, or an engine's own mode. */
export type Mode = 'forward' | 'reverse' | 'sparsity' | (string & {});

/**
 * The contract between rules-core and an engine. An engine pushes an interpreter while it
 * differentiates; every call of a `differentiable` function that has one of the interpreter's
 * values among its arguments is handed to `apply`, innermost (highest level) interpreter first.
 *
 * `apply` decides how to run the call: with the function's rule for its mode, with the other
 * mode's rule, or by calling `f.body` on its active arguments (tracing). When it runs a rule on
 * the primals one level down, those may still hold active values of lower levels; calling
 * `f(...)` again re-dispatches them to the next interpreter, which is how levels nest.
 */
export interface Interpreter {
  /** The kind of differentiation this interpreter performs. */
  readonly mode: Mode;
  /** Position on the stack, assigned by `pushInterpreter`; higher is more inner. */
  level: number;
  /** Runs a call of `f` whose arguments hold at least one value this interpreter owns. */
  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown;
  /**
   * Optional: `apply(f, [a])` for a one-argument call whose argument is this interpreter's own
   * value. It must do exactly what `apply` does; it exists so that an engine's hottest path
   * (one scalar operation) needs no argument array and no owner search.
   */
  apply1?(f: DifferentiableFunction, a: unknown): unknown;
  /**
   * Optional: `apply(f, [a, b])` for a two-argument call where every argument is a number or
   * this interpreter's own value (at least one is). Same contract as `apply1`.
   */
  apply2?(f: DifferentiableFunction, a: unknown, b: unknown): unknown;
  /**
   * Optional: told of every coercion of one of this interpreter's values, just before the
   * `ActiveCoercionError` is thrown. User code may catch that error and carry on with a
   * derivative silently lost; an engine that records it here can still fall back at the
   * boundary the body returns through.
   */
  coerced?(error: ActiveCoercionError): void;
  /**
   * Optional: what to tell the user when one of this interpreter's values is used after it
   * finished, where the engine knows better than the general message (a `map` kernel's trace
   * knows the kernel stored it in a variable it captures).
   */
  readonly escapedMessage?: string;
}

/** The in-flight state, one per process whatever the number of rules-core copies. */
interface InterpreterStack {
  readonly interpreters: Interpreter[];
  /**
   * `interpreters.length`, kept as a plain field: the idle check on the hot path of every
   * vocabulary function is then a single load (measured ~20% of a scalar `add` otherwise).
   */
  depth: number;
}

const registry = globalThis as typeof globalThis & { [STACK]?: InterpreterStack };
/** The shared stack. Read through a module constant so the idle check is one property load. */
export const stack: InterpreterStack = (registry[STACK] ??= { interpreters: [], depth: 0 });
// A stack created by an older copy of rules-core may predate `depth`.
if (typeof stack.depth !== 'number') stack.depth = stack.interpreters.length;

/** Puts `interpreter` on top of the stack and gives it its level. */
export function pushInterpreter(interpreter: Interpreter): void {
  interpreter.level = stack.interpreters.length;
  stack.interpreters.push(interpreter);
  stack.depth = stack.interpreters.length;
}

/** Removes `interpreter`, which must be the innermost one (levels are strictly nested). */
export function popInterpreter(interpreter: Interpreter): void {
  const top = stack.interpreters[stack.interpreters.length - 1];
  if (top !== interpreter) {
    throw new EscapedActiveError(
      'Interpreters must be removed innermost first; a differentiation was left unfinished.',
    );
  }
  stack.interpreters.pop();
  stack.depth = stack.interpreters.length;
}

/** Runs `body` with `interpreter` in flight, removing it afterwards even when `body` throws. */
export function withInterpreter<T>(interpreter: Interpreter, body: () => T): T {
  pushInterpreter(interpreter);
  try {
    return body();
  } finally {
    popInterpreter(interpreter);
  }
}

/** The interpreters in flight, outermost first. */
export function interpretersInFlight(): readonly Interpreter[] {
  return stack.interpreters;
}

/**
 * The innermost interpreter owning an active value anywhere in `args` (numbers, arrays and
 * plain objects are searched; typed arrays and functions hold no active values), or
 * `undefined` when every argument is passive. Throws `EscapedActiveError` for an active value
 * whose interpreter is no longer in flight.
 */
export function innermostOwner(args: readonly unknown[]): Interpreter | undefined {
  const search: OwnerSearch = { best: undefined, top: stack.interpreters.length - 1 };
  // Top-level arguments first: when one belongs to the innermost interpreter nothing can beat
  // it, and the (possibly long) arrays among the arguments need not be searched at all.
  for (let i = 0; i < args.length; i++) {
    const owner = ownerOf(args[i]);
    if (owner !== undefined) consider(search, owner);
  }
  for (let i = 0; i < args.length && !done(search); i++) visit(search, args[i]);
  return search.best;
}

/**
 * The interpreter owning `a`, when `a` is an active value whose interpreter is in flight:
 * the one argument of a call then decides alone (the fast entry `apply1`).
 * @internal
 */
export function soleOwner1(a: unknown): Interpreter | undefined {
  const o = ownerOf(a);
  return o !== undefined && stack.interpreters[o.level] === o ? o : undefined;
}

/**
 * The interpreter owning every active value among `a` and `b`, when both are numbers or
 * active values of one interpreter in flight (at least one active); otherwise `undefined` and
 * the full search decides. A `b` that is an array, say, may hold values of a deeper level.
 * @internal
 */
export function soleOwner2(a: unknown, b: unknown): Interpreter | undefined {
  const oa = ownerOf(a);
  let o: Interpreter | undefined;
  if (oa !== undefined) {
    if (typeof b !== 'number' && ownerOf(b) !== oa) return undefined;
    o = oa;
  } else {
    if (typeof a !== 'number') return undefined;
    o = ownerOf(b);
    if (o === undefined) return undefined;
  }
  return stack.interpreters[o.level] === o ? o : undefined;
}

interface OwnerSearch {
  best: Interpreter | undefined;
  readonly top: number;
}

function done(search: OwnerSearch): boolean {
  return search.best !== undefined && search.best.level === search.top;
}

function ownerOf(v: unknown): Interpreter | undefined {
  return typeof v === 'object' && v !== null ? (v as Partial<Active>)[ACTIVE] : undefined;
}

function consider(search: OwnerSearch, owner: Interpreter): void {
  if (stack.interpreters[owner.level] !== owner) {
    throw new EscapedActiveError(
      owner.escapedMessage ??
        'An active value was used after the differentiation that created it had finished ' +
          '(was it stored outside the function being differentiated?). Return it from the ' +
          'function instead, or store `primal(x)`.',
    );
  }
  if (search.best === undefined || owner.level > search.best.level) search.best = owner;
}

function visit(search: OwnerSearch, v: unknown): void {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return;
  const owner = (v as Partial<Active>)[ACTIVE];
  if (owner !== undefined) {
    consider(search, owner);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && !done(search); i++) visit(search, v[i]);
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    for (const key in v) {
      visit(search, (v as Record<string, unknown>)[key]);
      if (done(search)) return;
    }
  }
}
