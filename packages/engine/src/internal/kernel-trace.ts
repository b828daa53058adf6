import {
  PRIMAL,
  recordOf,
  withInterpreter,
  type DifferentiableFunction,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core';
import { ActiveScalar } from './active-value.js';
import { primitiveOf, type Primitive } from './primitives.js';

/**
 * A `map`/`map2` kernel as straight-line code: run once on symbolic arguments, it leaves the
 * list of hot primitives it applied. A kernel is a scalar function applied to every element,
 * so when nothing it does depends on its arguments' values the same list holds for all of
 * them, and the engine can generate one loop for the whole array instead of running the
 * kernel per element on dual numbers.
 *
 * Anything that could make the list depend on values ends the trace: reading a value
 * (`primal`), coercing one, calling anything but a hot primitive or a function without rules
 * (which is traced through), or an argument of another differentiation (the kernel closes
 * over an active value). The caller then takes the per-element path.
 */

/** Where a step reads an operand: kernel argument `k`, step `k`'s value, or constant `k`. */
export type KernelRef =
  | { readonly kind: 'argument'; readonly k: number }
  | { readonly kind: 'step'; readonly k: number }
  | { readonly kind: 'constant'; readonly k: number };

/** One applied primitive. */
export interface KernelStep {
  readonly p: Primitive;
  readonly a: KernelRef;
  /** The second operand; none for a unary primitive. */
  readonly b: KernelRef | undefined;
}

/** The straight-line form of a kernel of `m` arguments. */
export interface KernelTrace {
  readonly m: number;
  readonly steps: readonly KernelStep[];
  /** The numbers the kernel used that are not its arguments (what it closes over, literals). */
  readonly constants: readonly number[];
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
class KernelTracer implements Interpreter {
  readonly mode = 'forward';
  level = -1;
  readonly steps: KernelStep[] = [];
  readonly constants: number[] = [];

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
    if (p !== undefined && args.length === p.arity) {
      const a = this.ref(args[0]);
      const b = p.arity === 2 ? this.ref(args[1]) : undefined;
      this.steps.push({ p, a, b });
      return new Symbolic(this, { kind: 'step', k: this.steps.length - 1 });
    }
    const rec = recordOf(f) as DifferentiableRecord;
    if (rec.frule === undefined && rec.rrule === undefined && rec.partials === undefined) {
      return rec.body(...(args as never[]));
    }
    throw new NotStraightLine();
  }
}

/**
 * The straight-line form of `f` over `m` scalar arguments, or `undefined` when the kernel is
 * not straight-line code over hot primitives. Whatever `f` throws while traced also gives
 * `undefined`: the per-element path runs it again on real values and reports it there.
 */
export function traceKernel(f: (...args: never[]) => unknown, m: number): KernelTrace | undefined {
  const tracer = new KernelTracer();
  try {
    const output = withInterpreter(tracer, () => {
      const args = Array.from({ length: m }, (_, k) => tracer.argument(k));
      return tracer.ref(f(...(args as never[])));
    });
    return { m, steps: tracer.steps, constants: tracer.constants, output };
  } catch {
    return undefined;
  }
}
