import type { Matrix, Real } from '@pullback/rules-core';
import {
  backendName,
  compileDisabled,
  defaultChunkSize,
  secondOrder,
  type Backend,
} from '../backends/backend.js';
import { CompiledPath, type Eligibility } from '../staging/compiled-path.js';
import type { CompiledOperators } from '../staging/compiled-operators.js';
import type { Compilation } from '../staging/staged-preparation.js';
import { PreparationMismatchError } from '../errors.js';
import type { FallbackEvent } from '../fallback/events.js';
import { planSecondOrder, type Family } from '../backends/auto.js';
import {
  describeStructure,
  sameStructure,
  sizeOf,
  structureOf,
  type Structure,
} from '../tree/structure.js';
import { copyValue, unshared } from '../tree/fresh.js';
import type { PassContext } from '../interpreters/pass-context.js';
import { begin } from './context.js';
import { compressedHessian, compressedJacobian } from '../backends/sparse/compressed.js';
import { PreparedSparsity } from '../backends/sparse/prepared-sparsity.js';
import type { UserFunction } from '../interpreters/passes.js';
import { firstOrder, plan } from './first-order.js';
import { secondOrderOps } from './second-order.js';
import { isTangentBatch, type TangentBatch } from './tangents.js';
import { withScratch } from './cache.js';
import { requireSameRest } from './strict-rest.js';
import type {
  DerivativeMatrix,
  Differentiand,
  ExtraArguments,
  Input,
  Like,
  MatrixFor,
  OneReal,
  RealStructure,
  SparseDerivativeMatrix,
  Value,
} from './types.js';
import { labelHessian, labelJacobian } from './matrix-paths.js';

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

/** Everything about a preparation that does not depend on the point. */
class Preparation {
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
  constructor(
    readonly family: Family,
    readonly f: Differentiand,
    backend: Backend,
    x: unknown,
    rest: readonly unknown[],
  ) {
    // Each cache gets its scratch storage here, once, and keeps it for every call.
    this.rest = withScratch(rest);
    rest = this.rest;
    this.ctx = begin(backend, x, this.preparer);
    this.structure = structureOf(x);
    if (backend.kind === 'sparse' && (family === 'jacobian' || family === 'hessian')) {
      const dense =
        family === 'jacobian'
          ? plan(f, backend.dense, family, x, rest, this.preparer).backend
          : planSecondOrder(backend.dense, family).outer;
      this.sparsity = new PreparedSparsity(
        f as UserFunction,
        backend,
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
      eligibility(backend, this.backend),
    );
  }

  /**
   * Forward-mode columns per pass (the backend's chunk size, else ForwardDiff's choice for
   * `lanes` directions, by default one per input).
   */
  chunk(lanes: number = sizeOf(this.structure)): number {
    const b = this.backend;
    const forward =
      b.kind === 'forward'
        ? b
        : b.kind === 'secondOrder' && b.outer.kind === 'forward'
          ? b.outer
          : undefined;
    return forward?.chunkSize ?? defaultChunkSize(lanes);
  }

  /**
   * Directions per generated pass for a batch: the chunk size the backend was given, else one.
   * Generated code has no per-operation overhead for lanes to share, and wider lanes measured
   * slower than one direction at a time (Rosenbrock, n = 1e4: 8 lanes 1.1–5x the 8 calls).
   */
  compiledLanes(): number {
    const b = this.backend;
    const forward = b.kind === 'forward' ? b : b.kind === 'secondOrder' ? b.outer : undefined;
    return forward?.kind === 'forward' ? (forward.chunkSize ?? 1) : 1;
  }

  /** The function that made this preparation, for messages: `prepareGradient`, ... */
  get preparer(): string {
    return `prepare${this.family[0].toUpperCase()}${this.family.slice(1)}`;
  }

  /**
   * Runs the prepared method `method` at `x`: checks that `x` is shaped like the preparation
   * point (`PreparationMismatchError` otherwise), and names the method in messages. With
   * `compiled`, the compiled path answers when it can (`eager` otherwise, always right).
   */
  run<T>(
    method: string,
    x: unknown,
    eager: () => T,
    compiled?: (ops: CompiledOperators, args: readonly unknown[]) => T | undefined,
    rest: readonly unknown[] = [],
  ): T {
    const s = this.shapeOf(x, method);
    if (!sameStructure(s, this.structure)) {
      throw new PreparationMismatchError(
        `${method}: this ${this.family} preparation was made for ${describeStructure(this.structure)}, but was called with ${describeStructure(s)}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    requireSameRest(method, this.preparer, this.rest, this.args(rest));
    if (compiled === undefined) return this.ctx.call(method, eager);
    const args = this.args(rest);
    return this.ctx.call(method, () =>
      this.compiled.run(x, args, (ops) => compiled(ops, args), eager),
    );
  }

  /** The structure of `x`; an input no operator accepts is an `UnsupportedInputError`. */
  private shapeOf(x: unknown, method: string): Structure {
    return structureOf(x, 'x', method);
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

/** Why a preparation with `given` (resolved to `resolved`) is not compiled; `undefined` when it is. */
function eligibility(given: Backend, resolved: Backend): Eligibility {
  if (compileDisabled(given)) return 'compile: false was given';
  if (resolved.kind === 'sparse') return 'sparse backends run their compressed passes eagerly';
  const modes = resolved.kind === 'secondOrder' ? [resolved.outer, resolved.inner] : [resolved];
  if (modes.some((b) => b.kind === 'finiteDifferences')) {
    return 'finiteDifferences() evaluates f as written, with nothing to compile';
  }
  return undefined;
}

/**
 * The extra arguments of a prepared method: those of the preparation's type, or none (the
 * preparation's own are used then).
 */
export type RestOrNone<Rest extends readonly unknown[]> = Rest | [];

/** A prepared `gradient`: reuse it for new points of the same shape. */
export interface GradientPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /** The gradient at `x`, in `x`'s structure; `rest` as `gradient`'s extra arguments. */
  gradient(x: Like<X>, ...rest: RestOrNone<Rest>): Like<X>;
  /** `f(x)` and the gradient, from one pass. */
  valueAndGradient(x: Like<X>, ...rest: RestOrNone<Rest>): [Real, Like<X>];
}

/** Prepares `gradient` of `f` (which returns one real) for inputs shaped like `x`. */
export function prepareGradient<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): GradientPrep<X, Rest> {
  const p = new Preparation('gradient', f, backend, x, rest);
  const at = (method: string, x: Like<X>, r: readonly unknown[]): [Real, Like<X>] =>
    p.run(
      method,
      x,
      () => firstOrder.valueAndGradient(f, p.backend, x, p.args(r), p.ctx) as [Real, Like<X>],
      (ops, args) => ops.valueAndGradient(x, args) as [Real, Like<X>] | undefined,
      r,
    );
  return Object.assign(p.common(), {
    valueAndGradient: (x: Like<X>, ...r: RestOrNone<Rest>) => at('valueAndGradient', x, r),
    // Its own compiled path: a kernel that skips what only the value needs.
    gradient: (x: Like<X>, ...r: RestOrNone<Rest>) =>
      p.run(
        'gradient',
        x,
        () => firstOrder.valueAndGradient(f, p.backend, x, p.args(r), p.ctx)[1] as Like<X>,
        (ops, args) => ops.gradient(x, args) as Like<X> | undefined,
        r,
      ),
  });
}

/** A prepared `derivative`. */
export interface DerivativePrep<Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /** The derivative at the number `x`, in `f(x)`'s structure. */
  derivative(x: Real, ...rest: RestOrNone<Rest>): Value;
  /** `f(x)` and the derivative, from one pass. */
  valueAndDerivative(x: Real, ...rest: RestOrNone<Rest>): [Value, Value];
}

/** Prepares `derivative` of a function of one real. */
export function prepareDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): DerivativePrep<Rest> {
  const p = new Preparation('derivative', f, backend, x, rest);
  const at = (method: string, x: Real, r: readonly unknown[]): [Value, Value] =>
    p.run(
      method,
      x,
      () => firstOrder.valueAndDerivative(f, p.backend, x, p.args(r), p.ctx),
      (ops, args) => ops.valueAndDerivative(x, args) as [Value, Value] | undefined,
      r,
    );
  return Object.assign(p.common(), {
    valueAndDerivative: (x: Real, ...r: RestOrNone<Rest>) => at('valueAndDerivative', x, r),
    derivative: (x: Real, ...r: RestOrNone<Rest>) => at('derivative', x, r)[1],
  });
}

/** A prepared `jacobian` (`M` is the matrix type: dense, or CSR for a `sparse(...)` backend). */
export interface JacobianPrep<
  X,
  Rest extends readonly unknown[] = unknown[],
  M = DerivativeMatrix,
> extends Prepared {
  /** The Jacobian at `x`: rows over `f(x)`'s flattened components, columns over `x`'s. */
  jacobian(x: Like<X>, ...rest: RestOrNone<Rest>): M;
  /** `f(x)` and the Jacobian. */
  valueAndJacobian(x: Like<X>, ...rest: RestOrNone<Rest>): [Value, M];
}

/** Prepares `jacobian` of `f` for inputs shaped like `x` (`auto()` picks the mode here, once). */
export function prepareJacobian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): JacobianPrep<X, Rest, MatrixFor<B>> {
  type Result = [Value, DerivativeMatrix | SparseDerivativeMatrix];
  const p = new Preparation('jacobian', f, backend, x, rest);
  const valueAndJacobian = (x: Like<X>, r: readonly unknown[]): Result => {
    if (p.backend.kind === 'sparse' && p.sparsity !== undefined) {
      const rest = p.args(r);
      const { y, jacobian } = compressedJacobian(
        p.f as UserFunction,
        p.backend,
        x,
        rest,
        p.ctx,
        p.sparsity.at(x, rest),
      );
      return [copyValue(y) as Value, jacobian];
    }
    return firstOrder.valueAndJacobian(f, p.backend, x, p.args(r), p.ctx);
  };
  const direction = p.backend.kind === 'forward' ? 'forward' : 'reverse';
  const at = (method: string, x: Like<X>, r: readonly unknown[]): [Value, MatrixFor<B>] =>
    p.run(
      method,
      x,
      () => valueAndJacobian(x, r),
      (ops, args) => {
        const result = ops.valueAndJacobian(x, args, direction, p.chunk()) as
          [Value, Matrix<Float64Array>] | undefined;
        return result && [result[0], labelJacobian(result[1], result[0], x)];
      },
      r,
    ) as [Value, MatrixFor<B>];
  return Object.assign(p.common(), {
    valueAndJacobian: (x: Like<X>, ...r: RestOrNone<Rest>) => at('valueAndJacobian', x, r),
    jacobian: (x: Like<X>, ...r: RestOrNone<Rest>) => at('jacobian', x, r)[1],
  });
}

/** A prepared `pushforward`. */
export interface PushforwardPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /**
   * The Jacobian-vector product along `tx` (shaped like `x`), in `f(x)`'s structure; given a
   * batch `tangents(t1, t2, …)`, one product per direction, from one chunked pass.
   */
  pushforward(x: Like<X>, tx: TangentBatch<Like<X>>, ...rest: RestOrNone<Rest>): Value[];
  pushforward(x: Like<X>, tx: Like<X>, ...rest: RestOrNone<Rest>): Value;
  /** `f(x)` and the pushforward of `tx` (or of each direction of a batch), from one pass. */
  valueAndPushforward(
    x: Like<X>,
    tx: TangentBatch<Like<X>>,
    ...rest: RestOrNone<Rest>
  ): [Value, Value[]];
  valueAndPushforward(x: Like<X>, tx: Like<X>, ...rest: RestOrNone<Rest>): [Value, Value];
}

/** Prepares `pushforward` of `f` for inputs shaped like `x`. */
export function preparePushforward<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): PushforwardPrep<X, Rest> {
  const p = new Preparation('pushforward', f, backend, x, rest);
  const at = (
    method: string,
    x: Like<X>,
    tx: unknown,
    r: readonly unknown[],
  ): [Value, Value | Value[]] =>
    p.run(
      method,
      x,
      () => firstOrder.valueAndPushforward(f, p.backend, x, tx, p.args(r), p.ctx),
      (ops, args) =>
        (isTangentBatch(tx)
          ? ops.valueAndPushforwards(x, tx.items, args, p.compiledLanes())
          : ops.valueAndPushforward(x, tx, args)) as [Value, Value] | undefined,
      r,
    );
  return Object.assign(p.common(), {
    valueAndPushforward: (x: Like<X>, tx: unknown, ...r: RestOrNone<Rest>) =>
      at('valueAndPushforward', x, tx, r),
    pushforward: (x: Like<X>, tx: unknown, ...r: RestOrNone<Rest>) =>
      at('pushforward', x, tx, r)[1],
  }) as PushforwardPrep<X, Rest>;
}

/** A prepared `pullback`. */
export interface PullbackPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /**
   * The vector-Jacobian product of `dy` (shaped like `f(x)`), in `x`'s structure; given a batch
   * `tangents(dy1, dy2, …)`, one product per cotangent.
   */
  pullback(x: Like<X>, dy: TangentBatch<Value>, ...rest: RestOrNone<Rest>): Like<X>[];
  pullback(x: Like<X>, dy: Value, ...rest: RestOrNone<Rest>): Like<X>;
  /** `f(x)` and the pullback of `dy` (or of each cotangent of a batch), from one recording. */
  valueAndPullback(
    x: Like<X>,
    dy: TangentBatch<Value>,
    ...rest: RestOrNone<Rest>
  ): [Value, Like<X>[]];
  valueAndPullback(x: Like<X>, dy: Value, ...rest: RestOrNone<Rest>): [Value, Like<X>];
}

/** Prepares `pullback` of `f` for inputs shaped like `x`; `dy` must be shaped like `f(x)`. */
export function preparePullback<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): PullbackPrep<X, Rest> {
  const p = new Preparation('pullback', f, backend, x, rest);
  const at = (
    method: string,
    x: Like<X>,
    dy: unknown,
    r: readonly unknown[],
  ): [Value, Value | Value[]] =>
    p.run(
      method,
      x,
      () => firstOrder.valueAndPullback(f, p.backend, x, dy, p.args(r), p.ctx),
      (ops, args) =>
        (isTangentBatch(dy)
          ? ops.valueAndPullbacks(x, dy.items, args)
          : ops.valueAndPullback(x, dy, args)) as [Value, Value] | undefined,
      r,
    );
  return Object.assign(p.common(), {
    valueAndPullback: (x: Like<X>, dy: unknown, ...r: RestOrNone<Rest>) =>
      at('valueAndPullback', x, dy, r),
    pullback: (x: Like<X>, dy: unknown, ...r: RestOrNone<Rest>) => at('pullback', x, dy, r)[1],
  }) as PullbackPrep<X, Rest>;
}

/** A prepared `secondDerivative`. */
export interface SecondDerivativePrep<
  Rest extends readonly unknown[] = unknown[],
> extends Prepared {
  /** The second derivative at the number `x`, in `f(x)`'s structure. */
  secondDerivative(x: Real, ...rest: RestOrNone<Rest>): Value;
  /** `f(x)`, the derivative and the second derivative. */
  valueDerivativeAndSecondDerivative(x: Real, ...rest: RestOrNone<Rest>): [Value, Value, Value];
}

/** Prepares `secondDerivative` of a function of one real. */
export function prepareSecondDerivative<R, Rest extends readonly unknown[] = []>(
  f: Differentiand<number, RealStructure<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: Real,
  ...rest: Rest
): SecondDerivativePrep<Rest> {
  const p = new Preparation('secondDerivative', f, backend, x, rest);
  const at = (method: string, x: Real, r: readonly unknown[]): [Value, Value, Value] =>
    p.run(
      method,
      x,
      () => secondOrderOps.valueDerivativeAndSecondDerivative(f, p.backend, x, p.args(r), p.ctx),
      (ops, args) =>
        ops.valueDerivativeAndSecondDerivative(x, args) as [Value, Value, Value] | undefined,
      r,
    );
  return Object.assign(p.common(), {
    valueDerivativeAndSecondDerivative: (x: Real, ...r: RestOrNone<Rest>) =>
      at('valueDerivativeAndSecondDerivative', x, r),
    secondDerivative: (x: Real, ...r: RestOrNone<Rest>) => at('secondDerivative', x, r)[2],
  });
}

/** A prepared `hvp`. */
export interface HvpPrep<X, Rest extends readonly unknown[] = unknown[]> extends Prepared {
  /**
   * The Hessian-vector product along `v` (shaped like `x`), in `x`'s structure; given a batch
   * `tangents(v1, v2, …)`, one product per direction, from one chunked pass.
   */
  hvp(x: Like<X>, v: TangentBatch<Like<X>>, ...rest: RestOrNone<Rest>): Like<X>[];
  hvp(x: Like<X>, v: Like<X>, ...rest: RestOrNone<Rest>): Like<X>;
  /** The gradient and the Hessian-vector product along `v` (or each of a batch), from one pass. */
  gradientAndHvp(
    x: Like<X>,
    v: TangentBatch<Like<X>>,
    ...rest: RestOrNone<Rest>
  ): [Like<X>, Like<X>[]];
  gradientAndHvp(x: Like<X>, v: Like<X>, ...rest: RestOrNone<Rest>): [Like<X>, Like<X>];
}

/** Prepares `hvp` of `f` for inputs shaped like `x`. */
export function prepareHvp<X extends Input, R, Rest extends readonly unknown[] = []>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: Backend,
  x: X,
  ...rest: Rest
): HvpPrep<X, Rest> {
  const p = new Preparation('hvp', f, backend, x, rest);
  const at = (
    method: string,
    x: Like<X>,
    v: unknown,
    r: readonly unknown[],
  ): [Value, Value | Value[]] =>
    p.run(
      method,
      x,
      () => secondOrderOps.gradientAndHvp(f, p.backend, x, v, p.args(r), p.ctx),
      (ops, args) =>
        (isTangentBatch(v)
          ? ops.gradientAndHvps(x, v.items, args, p.compiledLanes())
          : ops.gradientAndHvp(x, v, args)) as [Value, Value] | undefined,
      r,
    );
  return Object.assign(p.common(), {
    gradientAndHvp: (x: Like<X>, v: unknown, ...r: RestOrNone<Rest>) =>
      at('gradientAndHvp', x, v, r),
    // One direction has its own compiled path (a kernel that keeps neither the value nor the
    // gradient); a batch goes through gradientAndHvp's.
    hvp: (x: Like<X>, v: unknown, ...r: RestOrNone<Rest>) =>
      isTangentBatch(v)
        ? at('hvp', x, v, r)[1]
        : p.run(
            'hvp',
            x,
            () => secondOrderOps.gradientAndHvp(f, p.backend, x, v, p.args(r), p.ctx)[1] as Like<X>,
            (ops, args) => ops.hvp(x, v as Like<X>, args) as Like<X> | undefined,
            r,
          ),
  }) as HvpPrep<X, Rest>;
}

/** A prepared `hessian` (`M` is the matrix type: dense, or CSR for a `sparse(...)` backend). */
export interface HessianPrep<
  X,
  Rest extends readonly unknown[] = unknown[],
  M = DerivativeMatrix,
> extends Prepared {
  /** The Hessian at `x`, over `x`'s flattened components. */
  hessian(x: Like<X>, ...rest: RestOrNone<Rest>): M;
  /** `f(x)`, the gradient and the Hessian. */
  valueGradientAndHessian(x: Like<X>, ...rest: RestOrNone<Rest>): [Real, Like<X>, M];
}

/** Prepares `hessian` of `f` for inputs shaped like `x`. */
export function prepareHessian<
  X extends Input,
  R,
  Rest extends readonly unknown[] = [],
  B extends Backend = Backend,
>(
  f: Differentiand<NoInfer<X>, OneReal<R>, ExtraArguments<Rest>>,
  backend: B,
  x: X,
  ...rest: Rest
): HessianPrep<X, Rest, MatrixFor<B>> {
  type Result = [Real, Like<X>, DerivativeMatrix | SparseDerivativeMatrix];
  const p = new Preparation('hessian', f, backend, x, rest);
  const all = (x: Like<X>, r: readonly unknown[]): Result => {
    if (p.backend.kind === 'sparse' && p.sparsity !== undefined) {
      const rest = p.args(r);
      const { y, gradient, hessian } = compressedHessian(
        p.f as UserFunction,
        p.backend,
        x,
        rest,
        p.ctx,
        p.sparsity.at(x, rest),
      );
      return [y, unshared([gradient], [x])[0] as Like<X>, hessian];
    }
    return secondOrderOps.valueGradientAndHessian(f, p.backend, x, p.args(r), p.ctx) as Result;
  };
  const at = (method: string, x: Like<X>, r: readonly unknown[]): [Real, Like<X>, MatrixFor<B>] =>
    p.run(
      method,
      x,
      () => all(x, r),
      (ops, args) => {
        const result = ops.valueGradientAndHessian(x, args, p.chunk()) as
          [Real, Like<X>, Matrix<Float64Array>] | undefined;
        return result && [result[0], result[1], labelHessian(result[2], x)];
      },
      r,
    ) as [Real, Like<X>, MatrixFor<B>];
  return Object.assign(p.common(), {
    valueGradientAndHessian: (x: Like<X>, ...r: RestOrNone<Rest>) =>
      at('valueGradientAndHessian', x, r),
    hessian: (x: Like<X>, ...r: RestOrNone<Rest>) => at('hessian', x, r)[2],
  });
}
