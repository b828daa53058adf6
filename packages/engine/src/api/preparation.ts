import { planSecondOrder, type Family } from '../backends/auto.js';
import { compressing } from '../backends/sparse/sparse-backend.js';
import {
  backendName,
  defaultChunkSize,
  givenChunkSize,
  notCompiledBecause,
  type Backend,
} from '../backends/backend.js';
import { secondOrder } from '../backends/second-order.js';
import { PreparedSparsity } from '../backends/sparse/prepared-sparsity.js';
import { PreparationMismatchError } from '../errors.js';
import type { FallbackEvent } from '../fallback/events.js';
import type { PassContext } from '../interpreters/pass-context.js';
import type { UserFunction } from '../interpreters/passes.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import { CompiledPath } from '../staging/compiled-path.js';
import type { Compilation } from '../staging/staged-preparation.js';
import { sizeOf, structureOf } from '../tree/structure.js';
import { describeStructure, sameStructure, type Structure } from '../tree/structure.js';
import { withScratch } from './cache.js';
import { begin } from './context.js';
import { plan } from './plan.js';
import { matchesStructure } from '../tree/matches.js';
import { ExtraArgumentKinds } from './strict-rest.js';
import type { Differentiand } from './types.js';

/** What every prepared object has besides its operator methods. */
export interface Prepared {
  /** The fallbacks seen so far, one per function. */
  readonly diagnostics: readonly FallbackEvent[];
  /** Sentences saying which backend runs and why (what `auto()` chose, for instance), and whether `f` was compiled. */
  explain(): string;
  /**
   * What compiling `f` did: by default a preparation traces `f` once at the preparation point
   * and runs generated code (`compiled: true`); `reason` says why it runs eagerly instead.
   */
  readonly compilation: Compilation;
  /** The generated code, or `undefined` when nothing was compiled. */
  source(): string | undefined;
}

export type { Compilation };

/**
 * The eager answer of a prepared method at `x` (and its second argument `a`: a tangent, a
 * cotangent, a direction; `undefined` for methods without one), with the call's extra
 * arguments `args`. Always right.
 */
export type EagerAnswer<T> = (x: unknown, a: unknown, args: readonly unknown[]) => T;

/** The compiled answer of a prepared method, or `undefined` when this call must run eagerly. */
export type CompiledAnswer<T> = (
  ops: CompiledOperators,
  x: unknown,
  a: unknown,
  args: readonly unknown[],
) => T | undefined;

/** No extra arguments given: the preparation's apply. */
const NONE: readonly unknown[] = Object.freeze([]);

/** Everything about a preparation that does not depend on the point. */
export class Preparation {
  readonly ctx: PassContext;
  readonly structure: Structure;
  readonly backend: Backend;
  readonly why: string;
  /** For `sparse` Jacobians and Hessians: the pattern and coloring, found again only when they may not hold. */
  readonly sparsity: PreparedSparsity | undefined;
  /** The compiled path, with the eager engine behind it. */
  readonly compiled: CompiledPath;
  /** The extra arguments given at preparation, caches replaced by their scratch storage. */
  readonly rest: readonly unknown[];
  /** The function that made this preparation, for messages: `prepareGradient`, ... */
  readonly preparer: string;
  private readonly restKinds: ExtraArgumentKinds;
  /**
   * The call running (its point, second argument, extra arguments and answers), read by the
   * callbacks below, which are made once so that a call allocates no closures. A call made
   * while another runs (`f` or a rule calling this prepared object again) saves and restores
   * them around itself.
   */
  private callX: unknown = undefined;
  private callA: unknown = undefined;
  private callArgs: readonly unknown[] = NONE;
  private callEager: EagerAnswer<unknown> | undefined = undefined;
  private callCompiled: CompiledAnswer<unknown> | undefined = undefined;
  /** The one-element array of extra arguments a call with one of them runs with. */
  private readonly one: unknown[] = [undefined];
  constructor(
    readonly family: Family,
    readonly f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
  ) {
    this.preparer = `prepare${family[0].toUpperCase()}${family.slice(1)}`;
    // Each cache gets its scratch storage here, once, and keeps it for every call.
    this.rest = withScratch(rest);
    rest = this.rest;
    this.restKinds = new ExtraArgumentKinds(this.preparer, this.rest);
    this.ctx = begin(backend, x, this.preparer);
    this.structure = structureOf(x);
    const sparse = compressing(backend);
    if (sparse !== undefined && (family === 'jacobian' || family === 'hessian')) {
      const dense =
        family === 'jacobian'
          ? plan(f, sparse.dense, family, x, rest, this.preparer).backend
          : planSecondOrder(sparse.dense, family).outer;
      this.sparsity = new PreparedSparsity(
        f as UserFunction,
        sparse,
        x,
        rest,
        family,
        dense,
        this.ctx.log,
        this.preparer,
      );
      this.backend = backend;
      this.why = this.sparsity.why;
    } else if (family === 'hvp' || family === 'hessian' || family === 'secondDerivative') {
      const p = planSecondOrder(backend, family);
      this.backend = secondOrder(p.outer, p.inner, {
        fallback: backend.fallback,
        onFallback: backend.onFallback,
      });
      this.why = p.why;
    } else {
      const p = plan(f, backend, family, x, rest, this.preparer);
      this.backend = p.backend;
      this.why = p.why;
    }
    this.compiled = new CompiledPath(
      f as UserFunction,
      x,
      rest,
      (mode) => this.ctx.config(mode),
      notCompiledBecause(backend, this.backend),
    );
  }

  /**
   * Generates the kernel the prepared operator's main method runs (`mode`, `lanes` directions,
   * with or without the value), so its code exists when `prepare…` returns.
   */
  generate(mode: 'forward' | 'reverse', lanes: number, withValue: boolean): void {
    this.compiled.generate(sizeOf(this.structure), mode, lanes, withValue);
  }

  /** Directions in the first pass of a chunked Jacobian or Hessian (the chunk, at most n, at least 1). */
  firstChunk(): number {
    return Math.max(1, Math.min(this.chunk(), sizeOf(this.structure)));
  }

  /**
   * Forward-mode columns per pass (the backend's chunk size, else ForwardDiff's choice for
   * `lanes` directions, by default one per input).
   */
  chunk(lanes: number = sizeOf(this.structure)): number {
    return givenChunkSize(this.backend) ?? defaultChunkSize(lanes);
  }

  /**
   * Directions per generated pass for a batch: the chunk size the backend was given, else one.
   * Generated code has no per-operation overhead for lanes to share, and wider lanes measured
   * slower than one direction at a time (Rosenbrock, n = 1e4: 8 lanes 1.1–5x the 8 calls).
   */
  compiledLanes(): number {
    return givenChunkSize(this.backend) ?? 1;
  }

  /**
   * Runs the prepared method `method` at `x` (and `a`) with the extra arguments `rest` (none: the
   * preparation's): checks that `x` is shaped like the preparation point and the extra arguments
   * like the preparation's (`PreparationMismatchError` otherwise), and names the method in
   * messages. With `compiled`, the compiled path answers when it can (`eager` otherwise, always
   * right). Nothing is allocated here once warm: a prepared call costs its answer alone.
   */
  run<T>(
    method: string,
    x: unknown,
    a: unknown,
    rest: readonly unknown[],
    eager: EagerAnswer<T>,
    compiled?: CompiledAnswer<T>,
  ): T {
    if (!matchesStructure(x, this.structure)) this.requireStructure(method, x);
    const args = this.args(rest);
    this.restKinds.check(method, args);
    const { callX, callA, callArgs, callEager, callCompiled } = this;
    this.callX = x;
    this.callA = a;
    this.callArgs = args;
    this.callEager = eager;
    this.callCompiled = compiled;
    try {
      return this.ctx.call(method, this.body) as T;
    } finally {
      // Restored (to nothing after the outermost call: no reference to the caller's values is kept).
      this.callX = callX;
      this.callA = callA;
      this.callArgs = callArgs;
      this.callEager = callEager;
      this.callCompiled = callCompiled;
    }
  }

  /** `run` with one extra argument, given without an array. */
  run1<T>(
    method: string,
    x: unknown,
    a: unknown,
    r0: unknown,
    eager: EagerAnswer<T>,
    compiled?: CompiledAnswer<T>,
  ): T {
    const { one } = this;
    const outer = one[0];
    one[0] = r0;
    try {
      return this.run(method, x, a, one, eager, compiled);
    } finally {
      one[0] = outer;
    }
  }

  /**
   * A prepared method `(x, ...rest)`: the extra arguments reach `run` without an array when there
   * are none or one (V8 allocates no rest array that is only counted and indexed).
   */
  method<T>(
    method: string,
    eager: EagerAnswer<T>,
    compiled?: CompiledAnswer<T>,
  ): (x: unknown, ...rest: unknown[]) => T {
    return (x, ...r) =>
      r.length === 0
        ? this.run(method, x, undefined, NONE, eager, compiled)
        : r.length === 1
          ? this.run1(method, x, undefined, r[0], eager, compiled)
          : this.run(method, x, undefined, r, eager, compiled);
  }

  /** A prepared method `(x, a, ...rest)`, as `method`. */
  method2<T>(
    method: string,
    eager: EagerAnswer<T>,
    compiled?: CompiledAnswer<T>,
  ): (x: unknown, a: unknown, ...rest: unknown[]) => T {
    return (x, a, ...r) =>
      r.length === 0
        ? this.run(method, x, a, NONE, eager, compiled)
        : r.length === 1
          ? this.run1(method, x, a, r[0], eager, compiled)
          : this.run(method, x, a, r, eager, compiled);
  }

  /** The eager answer of the call running. */
  private readonly viaEager = (): unknown =>
    (this.callEager as EagerAnswer<unknown>)(this.callX, this.callA, this.callArgs);

  /** The compiled answer of the call running. */
  private readonly viaCompiled = (ops: CompiledOperators): unknown =>
    (this.callCompiled as CompiledAnswer<unknown>)(ops, this.callX, this.callA, this.callArgs);

  /** The call running, as the pass context runs it. */
  private readonly body = (): unknown =>
    this.callCompiled === undefined
      ? this.viaEager()
      : this.compiled.run(this.callX, this.callArgs, this.viaCompiled, this.viaEager);

  /** Throws `PreparationMismatchError` (or what `structureOf` throws) unless `x` is shaped like the preparation point. */
  private requireStructure(method: string, x: unknown): void {
    const s = structureOf(x, 'x', method);
    if (!sameStructure(s, this.structure)) {
      throw new PreparationMismatchError(
        `${method}: this ${this.family} preparation was made for ${describeStructure(this.structure)}, but was called with ${describeStructure(s)}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
  }

  /** The extra arguments of a call: those given, else those of the preparation. */
  args(rest: readonly unknown[]): readonly unknown[] {
    return rest.length > 0 ? withScratch(rest) : this.rest;
  }

  common(): Prepared {
    const { ctx, compiled } = this;
    const text = `${this.why} Prepared for x: ${describeStructure(this.structure)}; backend ${backendName(this.backend)}.`;
    return {
      get diagnostics() {
        return ctx.log.events;
      },
      explain: () => `${text} ${compiled.explain()}`,
      get compilation() {
        return compiled.compilation;
      },
      source: () => compiled.source(),
    };
  }
}

/**
 * The extra arguments of a prepared method: those of the preparation's type, or none (the
 * preparation's own are used then).
 */
export type RestOrNone<Rest extends readonly unknown[]> = Rest | [];
