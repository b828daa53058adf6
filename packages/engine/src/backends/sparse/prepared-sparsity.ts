import type { FallbackEvent } from '../../fallback/events.js';
import type { ConcreteBackend } from '../dense-passes.js';
import type { FallbackLog } from '../../fallback/fallback-log.js';
import { primalDeep } from '../../tree/primal-deep.js';
import { flatten } from '../../tree/structure.js';
import type { UserFunction } from '../../interpreters/passes.js';
import { ArgumentsSnapshot } from '../../sparsity/arguments-snapshot.js';
import type { PassContext } from '../../interpreters/pass-context.js';
import {
  compressedHessian,
  compressedJacobian,
  planCompression,
  replayPlan,
  type Compression,
} from './compressed.js';
import type { SparseBackend } from './sparse-backend.js';

/**
 * The pattern and coloring of a prepared sparse Jacobian or Hessian, and when they may be
 * reused. The tracer's pattern holds where `f` takes the branches it took at detection, so a
 * call at another point reuses it only when:
 * - the extra arguments are the same values (JavaScript may branch on them unseen), and
 * - `f` recorded no branch outcome, or the point is the detection point itself, or a replay of
 *   `f` on cheap tracers (no index sets) gives every outcome again.
 * A `primal()` read cannot be replayed (JavaScript branches on the number where no tracer sees),
 * so a function that reads one is detected again at every new point. Each reason for detecting
 * again is reported once per prepared object (`onFallback`, `diagnostics`); it is never refused
 * under `fallback: 'error'`, since the result stays exact.
 */
export class PreparedSparsity {
  private plan: Compression;
  private point: Float64Array;
  private constants: ArgumentsSnapshot;
  /** How many times the pattern was detected, the preparation included. */
  detections = 1;

  constructor(
    private readonly f: UserFunction,
    private readonly backend: SparseBackend,
    x: unknown,
    rest: readonly unknown[],
    private readonly family: 'jacobian' | 'hessian',
    private readonly dense: ConcreteBackend,
    private readonly log: FallbackLog,
    private readonly operator: string,
  ) {
    this.plan = planCompression(f, backend, x, rest, family, dense, { operator, log });
    this.point = valuesOf(x);
    this.constants = new ArgumentsSnapshot(rest);
  }

  /** The current pattern, coloring and how they were found. */
  get compression(): Compression {
    return this.plan;
  }

  /** What the current pattern and coloring save, in a sentence. */
  get why(): string {
    return this.plan.why;
  }

  /** A compression that holds at `x` with these extra arguments: the current one, or a new one. */
  at(x: unknown, rest: readonly unknown[]): Compression {
    const why = this.staleness(x, rest);
    if (why === undefined) return this.plan;
    this.log.notice(`sparsity|${why.kind}`, {
      functionName: this.f.name || 'f',
      mode: 'sparsity',
      reason: `The sparsity pattern of this prepared ${this.family} was detected again, since ${why.text}.`,
      replacement: 'sparsity detection again',
      lintRule: why.kind === 'read' ? '@pullback/prefer-ifelse-when-prepared' : 'none',
      // Detection again is exact: nothing is estimated.
      location: undefined,
      errorEstimate: 0,
      reliable: true,
    } satisfies FallbackEvent);
    this.plan = planCompression(this.f, this.backend, x, rest, this.family, this.dense, {
      operator: this.operator,
      log: this.log,
    });
    this.point = valuesOf(x);
    this.constants = new ArgumentsSnapshot(rest);
    this.detections++;
    return this.plan;
  }

  /** Why the current pattern may not hold at `x`, or `undefined` when it does. */
  private staleness(
    x: unknown,
    rest: readonly unknown[],
  ): { kind: 'arguments' | 'read' | 'branch'; text: string } | undefined {
    if (!this.constants.matches(rest)) {
      return { kind: 'arguments', text: 'the extra arguments differ from those at detection' };
    }
    const record = this.plan.record;
    if (record.empty || samePoint(this.point, valuesOf(x))) return undefined;
    if (record.readsValues) {
      return {
        kind: 'read',
        text:
          'f reads a value with primal(), and JavaScript may branch on it where no tracer sees; ' +
          'write the branch with ifElse and the comparisons (gt, lt, …) so the pattern can be checked instead',
      };
    }
    const difference = replayPlan(this.f, x, rest, this.plan);
    return difference === undefined
      ? undefined
      : { kind: 'branch', text: `a branch of f changed: ${difference}` };
  }

  /** The compressed Jacobian at `x`, with the pattern and coloring kept when they still hold. */
  valueAndJacobian(x: unknown, rest: readonly unknown[], ctx: PassContext) {
    return compressedJacobian(this.f, this.backend, x, rest, ctx, this.at(x, rest));
  }

  /** The compressed Hessian (and the value and gradient) at `x`, likewise. */
  valueGradientAndHessian(x: unknown, rest: readonly unknown[], ctx: PassContext) {
    return compressedHessian(this.f, this.backend, x, rest, ctx, this.at(x, rest));
  }
}

/** Bit-for-bit equality of two points. */
function samePoint(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** The point's values, flattened (under an outer differentiation, their primals). */
function valuesOf(x: unknown): Float64Array {
  return flatten(primalDeep(x));
}
