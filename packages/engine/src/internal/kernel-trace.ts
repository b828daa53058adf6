import {
  PRIMAL,
  recordOf,
  withInterpreter,
  type DifferentiableFunction,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core';
import { ActiveScalar } from './active-value.js';
import { CoercionLog } from './coercions.js';
import { primitiveOf, type Primitive } from './primitives.js';

/**
 * A `map`/`map2` kernel as straight-line code: run once on symbolic arguments, it leaves the
 * list of hot primitives and scalar rules it applied. A kernel is a scalar function applied to every element,
 * so when nothing it does depends on its arguments' values the same list holds for all of
 * them, and the engine can generate one loop for the whole array instead of running the
 * kernel per element on dual numbers.
 *
 * Anything that could make the list depend on values ends the trace: reading a value
 * (`primal`), coercing one, calling anything but a hot primitive, a scalar rule or a function
 * without rules (which is traced through), or an argument of another differentiation (the
 * kernel closes over an active value). The caller then takes the per-element path.
 */

/** Where a step reads an operand: kernel argument `k`, step `k`'s value, or constant `k`. */
export type KernelRef =
  | { readonly kind: 'argument'; readonly k: number }
  | { readonly kind: 'step'; readonly k: number }
  | { readonly kind: 'constant'; readonly k: number };

/**
 * One applied function: a hot primitive (`p`, generated inline from its expressions), or a
 * scalar rule (`rule`, an index into the trace's `rules`, called through its body and partials).
 */
export interface KernelStep {
  readonly p: Primitive | undefined;
  readonly rule: number | undefined;
  readonly args: readonly KernelRef[];
}

/** The straight-line form of a kernel of `m` arguments. */
export interface KernelTrace {
  readonly m: number;
  readonly steps: readonly KernelStep[];
  /** The numbers the kernel used that are not its arguments (what it closes over, literals). */
  readonly constants: readonly number[];
  /** The scalar rules (functions with `partials`) the steps call. */
  readonly rules: readonly DifferentiableRecord[];
  readonly output: KernelRef;
}

/** Ends a trace; never escapes `traceKernel`. */
class NotStraightLine extends Error {}

/** A value during tracing: a reference, and no number at all. */
class Symbolic extends ActiveScalar {
  constructor(
    readonly o: KernelTracer,
    readonly ref: KernelRef,
  ) {
    super();
  }
  get v(): number {
    return this.o.valueRead();
  }
  override get [PRIMAL](): unknown {
    return this.o.valueRead();
  }
}

/** The interpreter that records a kernel's steps. */
class KernelTracer extends CoercionLog implements Interpreter {
  readonly mode = 'forward';
  level = -1;
  readonly steps: KernelStep[] = [];
  readonly constants: number[] = [];
  readonly rules: DifferentiableRecord[] = [];

  argument(k: number): Symbolic {
    return new Symbolic(this, { kind: 'argument', k });
  }

  valueRead(): never {
    throw new NotStraightLine();
  }

  ref(x: unknown): KernelRef {
    if (x instanceof Symbolic && x.o === this) return x.ref;
    if (typeof x === 'number') {
      this.constants.push(x);
      return { kind: 'constant', k: this.constants.length - 1 };
    }
    throw new NotStraightLine();
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const p = primitiveOf(f);
    const rec = recordOf(f) as DifferentiableRecord;
    if (p !== undefined && args.length === p.arity) return this.step(p, undefined, args);
    // Its partials are evaluated per element on numbers, so they may depend on values freely.
    if (rec.partials !== undefined) return this.step(undefined, this.rules.push(rec) - 1, args);
    if (rec.frule === undefined && rec.rrule === undefined) return rec.body(...(args as never[]));
    throw new NotStraightLine();
  }

  private step(p: Primitive | undefined, rule: number | undefined, args: readonly unknown[]) {
    this.steps.push({ p, rule, args: args.map((x) => this.ref(x)) });
    return new Symbolic(this, { kind: 'step', k: this.steps.length - 1 });
  }
}

/**
 * The straight-line form of `f` over `m` scalar arguments, or `undefined` when the kernel is
 * not straight-line code over hot primitives and scalar rules. Whatever `f` throws while
 * traced also gives `undefined`: the per-element path runs it again on real values and
 * reports it there.
 */
export function traceKernel(f: (...args: never[]) => unknown, m: number): KernelTrace | undefined {
  const tracer = new KernelTracer();
  try {
    const output = withInterpreter(tracer, () => {
      const args = Array.from({ length: m }, (_, k) => tracer.argument(k));
      return tracer.ref(f(...(args as never[])));
    });
    // A coercion the kernel caught itself took a branch no symbolic value can stand for.
    if (tracer.coercions !== 0) return undefined;
    const { steps, constants, rules } = tracer;
    return { m, steps, constants, rules, output };
  } catch {
    return undefined;
  }
}
