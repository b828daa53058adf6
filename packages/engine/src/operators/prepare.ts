import type { Real } from '@pullback/rules-core';
import {
  backendName,
  compileDisabled,
  defaultChunkSize,
  secondOrder,
  type Backend,
} from '../backends.js';
import { CompiledPath, type Eligibility } from '../staging/compiled-path.js';
import type { Compilation } from '../staging/staged-preparation.js';
import { PreparationMismatchError } from '../errors.js';
import type { FallbackEvent } from '../fallback.js';
import { planSecondOrder, type Family } from '../internal/resolve.js';
import {
  describeStructure,
  sameStructure,
  sizeOf,
  structureOf,
  type Structure,
} from '../internal/structure.js';
import { describe } from '../internal/describe.js';
import type { PassContext } from '../passes/context.js';
import { begin } from './context.js';
import {
  compressedHessian,
  compressedJacobian,
  planCompression,
  type Compression,
} from '../sparsity/compressed.js';
import type { UserFunction } from '../passes/run.js';
import { firstOrder, plan } from './first-order.js';
import { secondOrderOps } from './second-order.js';
import type { DerivativeMatrix, Differentiand, Input, Like, Value } from './types.js';

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
  /** For `sparse` Jacobians and Hessians: the pattern and coloring, found once. */
  readonly compression: Compression | undefined;
  /** The compiled path, with the eager engine behind it. */
  readonly compiled: CompiledPath;
  constructor(
    readonly family: Family,
    readonly f: Differentiand,
    backend: Backend,
    x: unknown,
    readonly rest: readonly unknown[],
  ) {
    this.ctx = begin(backend, x);
    this.structure = structureOf(x);
    if (backend.kind === 'sparse' && (family === 'jacobian' || family === 'hessian')) {
      const dense =
        family === 'jacobian'
          ? plan(f, backend.dense, family, x, rest).backend
          : planSecondOrder(backend.dense, family).outer;
      this.compression = planCompression(f as UserFunction, backend, x, rest, family, dense);
      this.backend = backend;
      this.why = this.compression.why;
    } else if (family === 'hvp' || family === 'hessian' || family === 'secondDerivative') {
      const p = planSecondOrder(backend, family);
      this.backend = secondOrder(p.outer, p.inner, {
        fallback: backend.fallback,
        onFallback: backend.onFallback,
      });
      this.why = p.why;
    } else {
      const p = plan(f, backend, family, x, rest);
      this.backend = p.backend;
      this.why = p.why;
    }
    this.compiled = new CompiledPath(
      f,
      x,
      rest,
      (mode) => this.ctx.config(mode),
      eligibility(backend, this.backend),
    );
  }

  /** Forward-mode columns per pass (the backend's chunk size, else ForwardDiff's choice). */
  chunk(n: number): number {
    const b = this.backend;
    const forward =
      b.kind === 'forward'
        ? b
        : b.kind === 'secondOrder' && b.outer.kind === 'forward'
          ? b.outer
          : undefined;
    return forward?.chunkSize ?? defaultChunkSize(n);
  }

  /** Throws `PreparationMismatchError` when `x` is not shaped like the preparation point. */
  check(x: unknown): void {
    let s: Structure;
    try {
      s = structureOf(x);
    } catch {
      throw new PreparationMismatchError(
        `This ${this.family} preparation was made for ${describeStructure(this.structure)}, but was called with ${describe(x)}. Prepare again for the new input.`,
      );
    }
    if (!sameStructure(s, this.structure)) {
      throw new PreparationMismatchError(
        `This ${this.family} preparation was made for ${describeStructure(this.structure)}, but was called with ${describeStructure(s)}. Prepare again with prepare${this.family[0].toUpperCase()}${this.family.slice(1)} for the new shape.`,
      );
    }
  }

  /** The extra arguments of a call: those given, else those of the preparation. */
  args(rest: readonly unknown[]): readonly unknown[] {
    return rest.length > 0 ? rest : this.rest;
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

/** A prepared `gradient`: reuse it for new points of the same shape. */
export interface GradientPrep<X> extends Prepared {
  gradient(x: X, ...rest: unknown[]): Like<X>;
  valueAndGradient(x: X, ...rest: unknown[]): [Real, Like<X>];
}

/** Prepares `gradient` of `f` for inputs shaped like `x`. */
export function prepareGradient<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): GradientPrep<X> {
  const p = new Preparation('gradient', f, backend, x, rest);
  const valueAndGradient = (x: X, ...r: unknown[]): [Real, Like<X>] => {
    p.check(x);
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) => ops.valueAndGradient(x, args) as [Real, Like<X>] | undefined,
      () => firstOrder.valueAndGradient(f, p.backend, x, args, p.ctx) as [Real, Like<X>],
    );
  };
  return Object.assign(p.common(), {
    valueAndGradient,
    gradient: (x: X, ...r: unknown[]) => valueAndGradient(x, ...r)[1],
  });
}

/** A prepared `derivative`. */
export interface DerivativePrep extends Prepared {
  derivative(x: Real, ...rest: unknown[]): Value;
  valueAndDerivative(x: Real, ...rest: unknown[]): [Value, Value];
}

/** Prepares `derivative` of a function of one real. */
export function prepareDerivative(
  f: Differentiand,
  backend: Backend,
  x: Real,
  ...rest: unknown[]
): DerivativePrep {
  const p = new Preparation('derivative', f, backend, x, rest);
  const valueAndDerivative = (x: Real, ...r: unknown[]): [Value, Value] => {
    p.check(x);
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) => ops.valueAndDerivative(x, args) as [Value, Value] | undefined,
      () => firstOrder.valueAndDerivative(f, p.backend, x, args, p.ctx),
    );
  };
  return Object.assign(p.common(), {
    valueAndDerivative,
    derivative: (x: Real, ...r: unknown[]) => valueAndDerivative(x, ...r)[1],
  });
}

/** A prepared `jacobian`. */
export interface JacobianPrep<X> extends Prepared {
  jacobian(x: X, ...rest: unknown[]): DerivativeMatrix;
  valueAndJacobian(x: X, ...rest: unknown[]): [Value, DerivativeMatrix];
}

/** Prepares `jacobian` of `f` for inputs shaped like `x` (`auto()` picks the mode here, once). */
export function prepareJacobian<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): JacobianPrep<X> {
  const p = new Preparation('jacobian', f, backend, x, rest);
  const valueAndJacobian = (x: X, ...r: unknown[]): [Value, DerivativeMatrix] => {
    p.check(x);
    if (p.backend.kind === 'sparse') {
      const { y, jacobian } = compressedJacobian(
        f as UserFunction,
        p.backend,
        x,
        p.args(r),
        p.ctx,
        p.compression,
      );
      return [y as Value, jacobian];
    }
    const args = p.args(r);
    const direction = p.backend.kind === 'forward' ? 'forward' : 'reverse';
    return p.compiled.run(
      x,
      args,
      (ops) =>
        ops.valueAndJacobian(x, args, direction, p.chunk(sizeOf(p.structure))) as
          [Value, DerivativeMatrix] | undefined,
      () => firstOrder.valueAndJacobian(f, p.backend, x, args, p.ctx),
    );
  };
  return Object.assign(p.common(), {
    valueAndJacobian,
    jacobian: (x: X, ...r: unknown[]) => valueAndJacobian(x, ...r)[1],
  });
}

/** A prepared `pushforward`. */
export interface PushforwardPrep<X> extends Prepared {
  pushforward(x: X, tx: Like<X>, ...rest: unknown[]): Value;
  valueAndPushforward(x: X, tx: Like<X>, ...rest: unknown[]): [Value, Value];
}

/** Prepares `pushforward` of `f` for inputs shaped like `x`. */
export function preparePushforward<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): PushforwardPrep<X> {
  const p = new Preparation('pushforward', f, backend, x, rest);
  const valueAndPushforward = (x: X, tx: Like<X>, ...r: unknown[]): [Value, Value] => {
    p.check(x);
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) => ops.valueAndPushforward(x, tx, args) as [Value, Value] | undefined,
      () => firstOrder.valueAndPushforward(f, p.backend, x, tx, args, p.ctx),
    );
  };
  return Object.assign(p.common(), {
    valueAndPushforward,
    pushforward: (x: X, tx: Like<X>, ...r: unknown[]) => valueAndPushforward(x, tx, ...r)[1],
  });
}

/** A prepared `pullback`. */
export interface PullbackPrep<X> extends Prepared {
  pullback(x: X, dy: Value, ...rest: unknown[]): Like<X>;
  valueAndPullback(x: X, dy: Value, ...rest: unknown[]): [Value, Like<X>];
}

/** Prepares `pullback` of `f` for inputs shaped like `x`. */
export function preparePullback<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): PullbackPrep<X> {
  const p = new Preparation('pullback', f, backend, x, rest);
  const valueAndPullback = (x: X, dy: Value, ...r: unknown[]): [Value, Like<X>] => {
    p.check(x);
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) => ops.valueAndPullback(x, dy, args) as [Value, Like<X>] | undefined,
      () => firstOrder.valueAndPullback(f, p.backend, x, dy, args, p.ctx) as [Value, Like<X>],
    );
  };
  return Object.assign(p.common(), {
    valueAndPullback,
    pullback: (x: X, dy: Value, ...r: unknown[]) => valueAndPullback(x, dy, ...r)[1],
  });
}

/** A prepared `secondDerivative`. */
export interface SecondDerivativePrep extends Prepared {
  secondDerivative(x: Real, ...rest: unknown[]): Value;
  valueDerivativeAndSecondDerivative(x: Real, ...rest: unknown[]): [Value, Value, Value];
}

/** Prepares `secondDerivative` of a function of one real. */
export function prepareSecondDerivative(
  f: Differentiand,
  backend: Backend,
  x: Real,
  ...rest: unknown[]
): SecondDerivativePrep {
  const p = new Preparation('secondDerivative', f, backend, x, rest);
  const all = (x: Real, ...r: unknown[]): [Value, Value, Value] => {
    p.check(x);
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) => ops.valueDerivativeAndSecondDerivative(x, args) as [Value, Value, Value] | undefined,
      () => secondOrderOps.valueDerivativeAndSecondDerivative(f, p.backend, x, args, p.ctx),
    );
  };
  return Object.assign(p.common(), {
    valueDerivativeAndSecondDerivative: all,
    secondDerivative: (x: Real, ...r: unknown[]) => all(x, ...r)[2],
  });
}

/** A prepared `hvp`. */
export interface HvpPrep<X> extends Prepared {
  hvp(x: X, v: Like<X>, ...rest: unknown[]): Like<X>;
  gradientAndHvp(x: X, v: Like<X>, ...rest: unknown[]): [Like<X>, Like<X>];
}

/** Prepares `hvp` of `f` for inputs shaped like `x`. */
export function prepareHvp<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): HvpPrep<X> {
  const p = new Preparation('hvp', f, backend, x, rest);
  const gradientAndHvp = (x: X, v: Like<X>, ...r: unknown[]): [Like<X>, Like<X>] => {
    p.check(x);
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) => ops.gradientAndHvp(x, v, args) as [Like<X>, Like<X>] | undefined,
      () => secondOrderOps.gradientAndHvp(f, p.backend, x, v, args, p.ctx) as [Like<X>, Like<X>],
    );
  };
  return Object.assign(p.common(), {
    gradientAndHvp,
    hvp: (x: X, v: Like<X>, ...r: unknown[]) => gradientAndHvp(x, v, ...r)[1],
  });
}

/** A prepared `hessian`. */
export interface HessianPrep<X> extends Prepared {
  hessian(x: X, ...rest: unknown[]): DerivativeMatrix;
  valueGradientAndHessian(x: X, ...rest: unknown[]): [Real, Like<X>, DerivativeMatrix];
}

/** Prepares `hessian` of `f` for inputs shaped like `x`. */
export function prepareHessian<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): HessianPrep<X> {
  const p = new Preparation('hessian', f, backend, x, rest);
  const all = (x: X, ...r: unknown[]): [Real, Like<X>, DerivativeMatrix] => {
    p.check(x);
    if (p.backend.kind === 'sparse') {
      const { y, gradient, hessian } = compressedHessian(
        f as UserFunction,
        p.backend,
        x,
        p.args(r),
        p.ctx,
        p.compression,
      );
      return [y, gradient as Like<X>, hessian];
    }
    const args = p.args(r);
    return p.compiled.run(
      x,
      args,
      (ops) =>
        ops.valueGradientAndHessian(x, args, p.chunk(sizeOf(p.structure))) as
          [Real, Like<X>, DerivativeMatrix] | undefined,
      () =>
        secondOrderOps.valueGradientAndHessian(f, p.backend, x, args, p.ctx) as [
          Real,
          Like<X>,
          DerivativeMatrix,
        ],
    );
  };
  return Object.assign(p.common(), {
    valueGradientAndHessian: all,
    hessian: (x: X, ...r: unknown[]) => all(x, ...r)[2],
  });
}
