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
  /** A sentence saying which backend runs and why (what `auto()` chose, for instance). */
  explain(): string;
}

/** Everything about a preparation that does not depend on the point. */
class Preparation {
  readonly ctx: PassContext;
  readonly structure: Structure;
  readonly backend: Backend;
  readonly why: string;
  /** For `sparse` Jacobians and Hessians: the pattern and coloring, found once. */
  readonly compression: Compression | undefined;
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
  /** The gradient at `x`, in `x`'s structure; `rest` as `gradient`'s extra arguments. */
  gradient(x: X, ...rest: unknown[]): Like<X>;
  /** `f(x)` and the gradient, from one pass. */
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
    return firstOrder.valueAndGradient(f, p.backend, x, p.args(r), p.ctx) as [Real, Like<X>];
  };
  return Object.assign(p.common(), {
    valueAndGradient,
    gradient: (x: X, ...r: unknown[]) => valueAndGradient(x, ...r)[1],
  });
}

/** A prepared `derivative`. */
export interface DerivativePrep extends Prepared {
  /** The derivative at the number `x`, in `f(x)`'s structure. */
  derivative(x: Real, ...rest: unknown[]): Value;
  /** `f(x)` and the derivative, from one pass. */
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
    return firstOrder.valueAndDerivative(f, p.backend, x, p.args(r), p.ctx);
  };
  return Object.assign(p.common(), {
    valueAndDerivative,
    derivative: (x: Real, ...r: unknown[]) => valueAndDerivative(x, ...r)[1],
  });
}

/** A prepared `jacobian`. */
export interface JacobianPrep<X> extends Prepared {
  /** The Jacobian at `x`: rows over `f(x)`'s flattened components, columns over `x`'s. */
  jacobian(x: X, ...rest: unknown[]): DerivativeMatrix;
  /** `f(x)` and the Jacobian. */
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
    return firstOrder.valueAndJacobian(f, p.backend, x, p.args(r), p.ctx);
  };
  return Object.assign(p.common(), {
    valueAndJacobian,
    jacobian: (x: X, ...r: unknown[]) => valueAndJacobian(x, ...r)[1],
  });
}

/** A prepared `pushforward`. */
export interface PushforwardPrep<X> extends Prepared {
  /** The Jacobian-vector product along `tx` (shaped like `x`), in `f(x)`'s structure. */
  pushforward(x: X, tx: Like<X>, ...rest: unknown[]): Value;
  /** `f(x)` and the pushforward of `tx`, from one pass. */
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
    return firstOrder.valueAndPushforward(f, p.backend, x, tx, p.args(r), p.ctx);
  };
  return Object.assign(p.common(), {
    valueAndPushforward,
    pushforward: (x: X, tx: Like<X>, ...r: unknown[]) => valueAndPushforward(x, tx, ...r)[1],
  });
}

/** A prepared `pullback`. */
export interface PullbackPrep<X> extends Prepared {
  /** The vector-Jacobian product of `dy` (shaped like `f(x)`), in `x`'s structure. */
  pullback(x: X, dy: Value, ...rest: unknown[]): Like<X>;
  /** `f(x)` and the pullback of `dy`, from one pass. */
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
    return firstOrder.valueAndPullback(f, p.backend, x, dy, p.args(r), p.ctx) as [Value, Like<X>];
  };
  return Object.assign(p.common(), {
    valueAndPullback,
    pullback: (x: X, dy: Value, ...r: unknown[]) => valueAndPullback(x, dy, ...r)[1],
  });
}

/** A prepared `secondDerivative`. */
export interface SecondDerivativePrep extends Prepared {
  /** The second derivative at the number `x`, in `f(x)`'s structure. */
  secondDerivative(x: Real, ...rest: unknown[]): Value;
  /** `f(x)`, the derivative and the second derivative. */
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
    return secondOrderOps.valueDerivativeAndSecondDerivative(f, p.backend, x, p.args(r), p.ctx);
  };
  return Object.assign(p.common(), {
    valueDerivativeAndSecondDerivative: all,
    secondDerivative: (x: Real, ...r: unknown[]) => all(x, ...r)[2],
  });
}

/** A prepared `hvp`. */
export interface HvpPrep<X> extends Prepared {
  /** The Hessian-vector product along `v` (shaped like `x`), in `x`'s structure. */
  hvp(x: X, v: Like<X>, ...rest: unknown[]): Like<X>;
  /** The gradient and the Hessian-vector product along `v`, from one pass. */
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
    return secondOrderOps.gradientAndHvp(f, p.backend, x, v, p.args(r), p.ctx) as [
      Like<X>,
      Like<X>,
    ];
  };
  return Object.assign(p.common(), {
    gradientAndHvp,
    hvp: (x: X, v: Like<X>, ...r: unknown[]) => gradientAndHvp(x, v, ...r)[1],
  });
}

/** A prepared `hessian`. */
export interface HessianPrep<X> extends Prepared {
  /** The Hessian at `x`, over `x`'s flattened components. */
  hessian(x: X, ...rest: unknown[]): DerivativeMatrix;
  /** `f(x)`, the gradient and the Hessian. */
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
    return secondOrderOps.valueGradientAndHessian(f, p.backend, x, p.args(r), p.ctx) as [
      Real,
      Like<X>,
      DerivativeMatrix,
    ];
  };
  return Object.assign(p.common(), {
    valueGradientAndHessian: all,
    hessian: (x: X, ...r: unknown[]) => all(x, ...r)[2],
  });
}
