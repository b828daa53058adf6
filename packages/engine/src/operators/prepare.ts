import type { Real } from '@pullback/rules-core';
import { backendName, secondOrder, type Backend } from '../backends.js';
import { PreparationMismatchError } from '../errors.js';
import type { FallbackEvent } from '../fallback.js';
import { planSecondOrder, type Family } from '../internal/resolve.js';
import {
  describeStructure,
  sameStructure,
  structureOf,
  type Structure,
} from '../internal/structure.js';
import { copyValue, unshared } from '../internal/fresh.js';
import type { PassContext } from '../passes/context.js';
import { begin } from './context.js';
import { compressedHessian, compressedJacobian } from '../sparsity/compressed.js';
import { PreparedSparsity } from '../sparsity/prepared-sparsity.js';
import type { UserFunction } from '../passes/run.js';
import { firstOrder, plan } from './first-order.js';
import { secondOrderOps } from './second-order.js';
import type { DerivativeMatrix, Differentiand, Input, Like, Value } from './types.js';

/** What every prepared object has besides its operator methods. */
export interface Prepared {
  /** The fallbacks seen so far, one per function. */
  readonly diagnostics: readonly FallbackEvent[];
  /** A sentence saying which backend runs and why (what `auto()` chose, for instance). */
  explain(): string;
}

/** Everything about a preparation that does not depend on the point. */
class Preparation {
  readonly ctx: PassContext;
  readonly structure: Structure;
  readonly backend: Backend;
  readonly why: string;
  /** For `sparse` Jacobians and Hessians: the pattern and coloring, found again only when they may not hold. */
  readonly sparsity: PreparedSparsity | undefined;
  constructor(
    readonly family: Family,
    readonly f: Differentiand,
    backend: Backend,
    x: unknown,
    readonly rest: readonly unknown[],
  ) {
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
  }

  /** The function that made this preparation, for messages: `prepareGradient`, ... */
  get preparer(): string {
    return `prepare${this.family[0].toUpperCase()}${this.family.slice(1)}`;
  }

  /**
   * Runs the prepared method `method` at `x`: checks that `x` is shaped like the preparation
   * point (`PreparationMismatchError` otherwise), and names the method in messages.
   */
  run<T>(method: string, x: unknown, body: () => T): T {
    const s = this.shapeOf(x, method);
    if (!sameStructure(s, this.structure)) {
      throw new PreparationMismatchError(
        `${method}: this ${this.family} preparation was made for ${describeStructure(this.structure)}, but was called with ${describeStructure(s)}. Prepare again with ${this.preparer} for the new shape.`,
      );
    }
    return this.ctx.call(method, body);
  }

  /** The structure of `x`; an input no operator accepts is an `UnsupportedInputError`. */
  private shapeOf(x: unknown, method: string): Structure {
    return structureOf(x, 'x', method);
  }

  /** The extra arguments of a call: those given, else those of the preparation. */
  args(rest: readonly unknown[]): readonly unknown[] {
    return rest.length > 0 ? rest : this.rest;
  }

  common(): Prepared {
    const ctx = this.ctx;
    const text = `${this.why} Prepared for x: ${describeStructure(this.structure)}; backend ${backendName(this.backend)}.`;
    return {
      get diagnostics() {
        return ctx.log.events;
      },
      explain: () => text,
    };
  }
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
  const at = (method: string, x: X, r: unknown[]): [Real, Like<X>] =>
    p.run(method, x, () => firstOrder.valueAndGradient(f, p.backend, x, p.args(r), p.ctx)) as [
      Real,
      Like<X>,
    ];
  return Object.assign(p.common(), {
    valueAndGradient: (x: X, ...r: unknown[]) => at('valueAndGradient', x, r),
    gradient: (x: X, ...r: unknown[]) => at('gradient', x, r)[1],
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
  const at = (method: string, x: Real, r: unknown[]): [Value, Value] =>
    p.run(method, x, () => firstOrder.valueAndDerivative(f, p.backend, x, p.args(r), p.ctx));
  return Object.assign(p.common(), {
    valueAndDerivative: (x: Real, ...r: unknown[]) => at('valueAndDerivative', x, r),
    derivative: (x: Real, ...r: unknown[]) => at('derivative', x, r)[1],
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
  const valueAndJacobian = (x: X, r: unknown[]): [Value, DerivativeMatrix] => {
    if (p.backend.kind === 'sparse' && p.sparsity !== undefined) {
      const rest = p.args(r);
      const { y, jacobian } = compressedJacobian(
        f as UserFunction,
        p.backend,
        x,
        rest,
        p.ctx,
        p.sparsity.at(x, rest),
      );
      return unshared([copyValue(y) as Value, jacobian], [x]);
    }
    return firstOrder.valueAndJacobian(f, p.backend, x, p.args(r), p.ctx);
  };
  return Object.assign(p.common(), {
    valueAndJacobian: (x: X, ...r: unknown[]) =>
      p.run('valueAndJacobian', x, () => valueAndJacobian(x, r)),
    jacobian: (x: X, ...r: unknown[]) => p.run('jacobian', x, () => valueAndJacobian(x, r))[1],
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
  const at = (method: string, x: X, tx: Like<X>, r: unknown[]): [Value, Value] =>
    p.run(method, x, () => firstOrder.valueAndPushforward(f, p.backend, x, tx, p.args(r), p.ctx));
  return Object.assign(p.common(), {
    valueAndPushforward: (x: X, tx: Like<X>, ...r: unknown[]) =>
      at('valueAndPushforward', x, tx, r),
    pushforward: (x: X, tx: Like<X>, ...r: unknown[]) => at('pushforward', x, tx, r)[1],
  });
}

/** A prepared `pullback`. */
export interface PullbackPrep<X> extends Prepared {
  pullback(x: X, dy: Value, ...rest: unknown[]): Like<X>;
  valueAndPullback(x: X, dy: Value, ...rest: unknown[]): [Value, Like<X>];
}

/** Prepares `pullback` of `f` for inputs shaped like `x`; `dy` must be shaped like `f(x)`. */
export function preparePullback<X extends Input>(
  f: Differentiand,
  backend: Backend,
  x: X,
  ...rest: unknown[]
): PullbackPrep<X> {
  const p = new Preparation('pullback', f, backend, x, rest);
  const at = (method: string, x: X, dy: Value, r: unknown[]): [Value, Like<X>] =>
    p.run(method, x, () => firstOrder.valueAndPullback(f, p.backend, x, dy, p.args(r), p.ctx)) as [
      Value,
      Like<X>,
    ];
  return Object.assign(p.common(), {
    valueAndPullback: (x: X, dy: Value, ...r: unknown[]) => at('valueAndPullback', x, dy, r),
    pullback: (x: X, dy: Value, ...r: unknown[]) => at('pullback', x, dy, r)[1],
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
  const at = (method: string, x: Real, r: unknown[]): [Value, Value, Value] =>
    p.run(method, x, () =>
      secondOrderOps.valueDerivativeAndSecondDerivative(f, p.backend, x, p.args(r), p.ctx),
    );
  return Object.assign(p.common(), {
    valueDerivativeAndSecondDerivative: (x: Real, ...r: unknown[]) =>
      at('valueDerivativeAndSecondDerivative', x, r),
    secondDerivative: (x: Real, ...r: unknown[]) => at('secondDerivative', x, r)[2],
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
  const at = (method: string, x: X, v: Like<X>, r: unknown[]): [Like<X>, Like<X>] =>
    p.run(method, x, () => secondOrderOps.gradientAndHvp(f, p.backend, x, v, p.args(r), p.ctx)) as [
      Like<X>,
      Like<X>,
    ];
  return Object.assign(p.common(), {
    gradientAndHvp: (x: X, v: Like<X>, ...r: unknown[]) => at('gradientAndHvp', x, v, r),
    hvp: (x: X, v: Like<X>, ...r: unknown[]) => at('hvp', x, v, r)[1],
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
  const all = (x: X, r: unknown[]): [Real, Like<X>, DerivativeMatrix] => {
    if (p.backend.kind === 'sparse' && p.sparsity !== undefined) {
      const rest = p.args(r);
      const { y, gradient, hessian } = compressedHessian(
        f as UserFunction,
        p.backend,
        x,
        rest,
        p.ctx,
        p.sparsity.at(x, rest),
      );
      return unshared([y, gradient as Like<X>, hessian], [x]);
    }
    return secondOrderOps.valueGradientAndHessian(f, p.backend, x, p.args(r), p.ctx) as [
      Real,
      Like<X>,
      DerivativeMatrix,
    ];
  };
  return Object.assign(p.common(), {
    valueGradientAndHessian: (x: X, ...r: unknown[]) =>
      p.run('valueGradientAndHessian', x, () => all(x, r)),
    hessian: (x: X, ...r: unknown[]) => p.run('hessian', x, () => all(x, r))[2],
  });
}
