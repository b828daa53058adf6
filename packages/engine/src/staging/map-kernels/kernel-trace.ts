import {
  ActiveCoercionError,
  EscapedActiveError,
  PRIMAL,
  type DifferentiableFunction,
} from '@pullback/rules-core';
import {
  recordOf,
  withInterpreter,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core/interpreter';
import { ifElse } from '@pullback/rules-core/math';
import { ActiveScalar } from '../../values/active-value.js';
import { CoercionLog } from '../../fallback/coercions.js';
import { primitiveOf, type Primitive } from '../../primitives/primitives.js';

/**
 * A `map`/`map2` kernel as straight-line code: run on one element's values through symbolic
 * arguments, it leaves the list of hot primitives and scalar rules it applied, with the numbers
 * it used besides its arguments. That list is an exact record of the call for this element. A
 * kernel is a scalar function applied to every element, so when nothing it did depended on its
 * arguments' values (and the kernel is pure) the same list holds for all of them, and the engine
 * can generate one loop for the whole array instead of running the kernel per element on duals.
 *
 * Reading a value (`primal`, a comparison, `ifElse` on one) does not end the trace: the record
 * stays exact for this element and is marked `valueDependent`, so it serves this element only.
 * A call of `Math.random` marks it `random`: its numbers are drawn anew at each call. What ends
 * the trace: coercing a value, calling a function with rules that are neither partials nor
 * passive, or an argument of another differentiation (the kernel closes over an active value).
 */

/** Where a step reads an operand: kernel argument `k`, step `k`'s value, or constant `k`. */
export type KernelRef =
  | { readonly kind: 'argument'; readonly k: number }
  | { readonly kind: 'step'; readonly k: number }
  | { readonly kind: 'constant'; readonly k: number };

/**
 * One applied function: a hot primitive (`primitive`, generated inline from its expressions), or a
 * scalar rule (`rule`, an index into the trace's `rules`, called through its body and partials).
 */
export interface KernelStep {
  readonly primitive: Primitive | undefined;
  readonly rule: number | undefined;
  readonly args: readonly KernelRef[];
}

/** The straight-line form of a kernel of `arity` arguments, as it ran on one element. */
export interface KernelTrace {
  readonly arity: number;
  readonly steps: readonly KernelStep[];
  /** The numbers the kernel used that are not its arguments (what it closes over, literals). */
  readonly constants: readonly number[];
  /** The scalar rules (functions with `partials`) the steps call. */
  readonly rules: readonly DifferentiableRecord[];
  readonly output: KernelRef;
  /** The kernel read an argument's value, so its steps may differ from element to element. */
  readonly valueDependent: boolean;
  /** The kernel called `Math.random`: its constants differ from call to call. */
  readonly random: boolean;
}

/** Ends a trace; never escapes `traceKernel`. */
class NotStraightLine extends Error {}

/** A value during tracing: a reference, and this element's value (reading it is noted). */
class Symbolic extends ActiveScalar {
  constructor(
    readonly owner: KernelTracer,
    readonly ref: KernelRef,
    /** This element's value, for the engine's own use (`value` and `primal` note a read). */
    readonly tracedValue: number,
  ) {
    super();
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Symbolic', this.tracedValue];
  }
  get value(): number {
    return this.owner.valueRead(this.tracedValue);
  }
  override get [PRIMAL](): unknown {
    return this.owner.valueRead(this.tracedValue);
  }
}

/** The interpreter that records a kernel's steps. */
class KernelTracer extends CoercionLog implements Interpreter {
  readonly mode = 'forward';
  level = -1;
  readonly steps: KernelStep[] = [];
  readonly constants: number[] = [];
  readonly rules: DifferentiableRecord[] = [];
  valueDependent = false;
  /** Set when the trace is over: a value kept by the kernel past its call is dead. */
  finished = false;
  readonly escapedMessage =
    'A map/map2 kernel stored its argument (or a value computed from it) outside the kernel ' +
    '(in a variable it captures, as a running total or a recurrence between elements do), and ' +
    'it was used after the kernel returned. Kernels must be pure: return the values you need ' +
    'from the kernel, or write a recurrence as a loop over at(x, i) with setAt.';

  argument(k: number, value: number): Symbolic {
    return new Symbolic(this, { kind: 'argument', k }, value);
  }

  valueRead(value: number): number {
    if (this.finished) {
      throw new EscapedActiveError(this.escapedMessage);
    }
    this.valueDependent = true;
    return value;
  }

  ref(x: unknown): KernelRef {
    if (x instanceof Symbolic && x.owner === this) return x.ref;
    if (typeof x === 'number') {
      this.constants.push(x);
      return { kind: 'constant', k: this.constants.length - 1 };
    }
    throw new NotStraightLine();
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const p = primitiveOf(f);
    const rec = recordOf(f) as DifferentiableRecord;
    if (p !== undefined && args.length === p.arity) {
      const b = p.arity === 2 ? this.numberOf(args[1]) : 0;
      return this.step(p, undefined, args, p.f(this.numberOf(args[0]), b));
    }
    // Its partials are evaluated per element on numbers, so they may depend on values freely.
    if (rec.partials !== undefined) {
      const y = rec.body(...(args.map((a) => this.numberOf(a)) as never[]));
      if (typeof y !== 'number') throw new NotStraightLine();
      return this.step(undefined, this.rules.push(rec) - 1, args, y);
    }
    if (f === ifElse && typeof args[0] === 'boolean' && args.length === 3) {
      // A selection between two scalars: the record goes on with the operand chosen.
      const chosen = args[0] ? args[1] : args[2];
      if ((chosen instanceof Symbolic && chosen.owner === this) || typeof chosen === 'number') {
        return chosen;
      }
      throw new NotStraightLine();
    }
    // A function with no rule is traced through; a passive one (a comparison) strips its
    // arguments itself, which reads their values.
    const passive = args.every((_, i) => rec.nondiff.includes(i));
    if (passive || (rec.frule === undefined && rec.rrule === undefined)) {
      return rec.body(...(args as never[]));
    }
    throw new NotStraightLine();
  }

  /** The number behind an operand, without noting a read (the engine's own use). */
  private numberOf(x: unknown): number {
    if (x instanceof Symbolic && x.owner === this) return x.tracedValue;
    if (typeof x === 'number') return x;
    throw new NotStraightLine();
  }

  private step(
    p: Primitive | undefined,
    rule: number | undefined,
    args: readonly unknown[],
    y: number,
  ): Symbolic {
    this.steps.push({ primitive: p, rule, args: args.map((x) => this.ref(x)) });
    return new Symbolic(this, { kind: 'step', k: this.steps.length - 1 }, y);
  }
}

/**
 * The record of `f` called once on `values` (one per argument), or `undefined` when it is not
 * straight-line code over hot primitives, scalar rules and selections, or could not carry the
 * symbolic values (the caller then runs the kernel per element and reports what happens there).
 * Any other error the kernel throws is its own, and propagates as plain evaluation would.
 */
export function traceKernel(
  f: (...args: never[]) => unknown,
  values: readonly number[],
): KernelTrace | undefined {
  const tracer = new KernelTracer();
  // A trace inside a trace (a kernel calling map) keeps the outer one's hook.
  const outer = Math.random === drawingRandom;
  const drewBefore = drew;
  drew = false;
  if (!outer) {
    underlying = Math.random;
    Math.random = drawingRandom;
  }
  try {
    const output = withInterpreter(tracer, () => {
      const args = values.map((v, k) => tracer.argument(k, v));
      return tracer.ref(f(...(args as never[])));
    });
    // A coercion the kernel caught itself took a branch no symbolic value can stand for.
    if (tracer.coercions !== 0) return undefined;
    const { steps, constants, rules, valueDependent } = tracer;
    return { arity: values.length, steps, constants, rules, output, valueDependent, random: drew };
  } catch (error) {
    if (error instanceof NotStraightLine || error instanceof ActiveCoercionError) return undefined;
    throw error;
  } finally {
    if (!outer) Math.random = underlying;
    drew ||= drewBefore;
    tracer.finished = true;
  }
}

/**
 * `Math.random` while a kernel is traced: it notes the call and draws from the function it
 * replaced (a caller's stub included). One function for every trace, so replacing and restoring
 * it costs V8 two plain stores (a fresh closure per trace cost ~40 µs per trace in measurements).
 */
function drawingRandom(): number {
  drew = true;
  return underlying.call(Math);
}
let underlying: () => number = Math.random;
let drew = false;

/** True when two records are the same steps over the same constants (bit for bit). */
export function sameTrace(a: KernelTrace, b: KernelTrace): boolean {
  const sameRef = (r: KernelRef, q: KernelRef): boolean => r.kind === q.kind && r.k === q.k;
  return (
    a.arity === b.arity &&
    sameRef(a.output, b.output) &&
    a.steps.length === b.steps.length &&
    a.steps.every((s, j) => {
      const t = b.steps[j];
      const rule = (x: KernelTrace, k: number | undefined) =>
        k === undefined ? undefined : x.rules[k];
      return (
        s.primitive === t.primitive &&
        rule(a, s.rule) === rule(b, t.rule) &&
        s.args.length === t.args.length &&
        s.args.every((r, i) => sameRef(r, t.args[i]))
      );
    }) &&
    a.constants.length === b.constants.length &&
    a.constants.every((c, k) => Object.is(c, b.constants[k]))
  );
}
