import {
  isAbstractZero,
  noTangent,
  unthunk,
  zeroTangent,
  type RuleConfig,
} from '@pullback/rules-core';
import type { DifferentiableRecord } from '@pullback/rules-core/interpreter';
import type { Call } from './program.js';
import { NotStaged } from './tracer.js';

type Rrule = (
  args: unknown[],
  config: RuleConfig,
) => [unknown, (dy: unknown) => readonly unknown[]];
type Frule = (args: unknown[], tangents: unknown[], config: RuleConfig) => [unknown, unknown];

/**
 * Where generated code calls a function through its rules. Its arguments arrive as fresh
 * copies (a rule can keep or change them freely), its pullbacks are kept on a stack until the
 * reverse sweep takes them back in reverse order, and what it returns is checked against what
 * the trace saw: anything else ends the compiled run, and the eager engine, which runs the
 * same rule and reports what is wrong with its output, takes over.
 */
export class CallSite {
  private readonly pullbacks: ((dy: unknown) => readonly unknown[])[] = [];
  /** The tangents generated code passes for arguments without one. */
  readonly zero = zeroTangent;
  readonly none = noTangent;

  constructor(
    private readonly rec: DifferentiableRecord,
    private readonly call: Call,
    private readonly config: (mode: 'forward' | 'reverse') => RuleConfig,
  ) {}

  /** Forgets pullbacks an interrupted run left behind. */
  reset(): void {
    this.pullbacks.length = 0;
  }

  /** The value at `args`, no derivative kept. */
  value(args: unknown[]): number | Float64Array {
    return this.checked(this.rec.body(...(args as never[])));
  }

  /** The value at `args` through the rrule, its pullback kept for the reverse sweep. */
  forward(args: unknown[]): number | Float64Array {
    const rrule = this.rec.rrule as Rrule | undefined;
    if (rrule === undefined) return this.value(args);
    const r = rrule(args, this.config('reverse'));
    if (!Array.isArray(r) || r.length !== 2 || typeof r[1] !== 'function') throw this.mismatch();
    this.pullbacks.push(r[1]);
    return this.checked(r[0]);
  }

  /**
   * The reverse sweep of the latest forward call: adds the cotangents of array arguments into
   * `adjoints[k]` (an argument's adjoint buffer, from its offset) and returns those of scalar
   * arguments (0 for the others).
   */
  backward(
    dy: number | Float64Array,
    adjoints: readonly (Float64Array | undefined)[],
  ): Float64Array {
    const pullback = this.pullbacks.pop();
    const scalars = new Float64Array(this.call.args.length);
    if (pullback === undefined) return scalars;
    const cts = pullback(dy);
    if (!Array.isArray(cts) || cts.length !== this.call.args.length) throw this.mismatch();
    this.call.args.forEach((arg, k) => {
      const ct = unthunk(cts[k]);
      if (ct === undefined || isAbstractZero(ct)) return;
      if (arg.kind === 'scalar') {
        if (typeof ct !== 'number') throw this.mismatch();
        scalars[k] = ct;
      } else if (arg.kind === 'array' || arg.kind === 'matrix') {
        const data =
          arg.kind === 'matrix' && typeof ct === 'object' && ct !== null && 'data' in ct
            ? unthunk((ct as { data: unknown }).data)
            : ct;
        if (isAbstractZero(data)) return;
        const values = data as ArrayLike<unknown>;
        if (typeof values !== 'object' || values === null || values.length !== arg.length)
          throw this.mismatch();
        const into = adjoints[k];
        if (into === undefined) return;
        for (let i = 0; i < arg.length; i++) {
          const v = values[i];
          if (typeof v !== 'number') throw this.mismatch();
          into[arg.offset + i] += v;
        }
      }
    });
    return scalars;
  }

  /** Forward mode, one frule call per lane: the value and each lane's tangent of the result. */
  jvp(
    args: unknown[],
    lanes: readonly unknown[][],
  ): { y: number | Float64Array; t: (number | Float64Array)[] } {
    const frule = this.rec.frule as Frule | undefined;
    if (frule === undefined) throw new NotStaged(`${this.rec.name} has no frule`);
    let y: number | Float64Array = 0;
    const t = lanes.map((tangents) => {
      const r = frule(args, tangents, this.config('forward'));
      if (!Array.isArray(r) || r.length !== 2) throw this.mismatch();
      y = this.checked(r[0]);
      const dy = unthunk(r[1]);
      if (isAbstractZero(dy)) return typeof y === 'number' ? 0 : new Float64Array(y.length);
      return this.checked(
        this.call.result.kind === 'matrix' && typeof dy === 'object' && dy !== null && 'data' in dy
          ? (dy as { data: unknown }).data
          : dy,
      );
    });
    if (lanes.length === 0) y = this.value(args);
    return { y, t };
  }

  /** `y` as the trace saw it (a number, or an array of the traced length), or the end of the run. */
  private checked(y: unknown): number | Float64Array {
    const result = this.call.result;
    if (result.kind === 'scalar') {
      if (typeof y !== 'number') throw this.mismatch();
      return y;
    }
    const data =
      result.kind === 'matrix' && typeof y === 'object' && y !== null && 'data' in y
        ? (y as { data: unknown }).data
        : y;
    if (
      typeof data !== 'object' ||
      data === null ||
      (data as ArrayLike<unknown>).length !== result.length
    )
      throw this.mismatch();
    const out = Float64Array.from(data as ArrayLike<number>);
    if (out.some((v, i) => typeof (data as ArrayLike<unknown>)[i] !== 'number'))
      throw this.mismatch();
    return out;
  }

  private mismatch(): NotStaged {
    return new NotStaged(
      `${this.rec.name}'s rules returned something other than at the traced point`,
    );
  }
}
