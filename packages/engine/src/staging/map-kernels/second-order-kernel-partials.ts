import { ActiveCoercionError, type Real, type RuleConfig } from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import { ForwardInterpreter } from '../../interpreters/forward.js';
import { Dual } from '../../values/dual.js';
import type { BoundaryHandler } from '../../interpreters/boundary.js';
import {
  HyperDual,
  HyperDualInterpreter,
  HyperDualUnsupported,
} from '../../interpreters/hyper-dual.js';
import { splitOuterDual } from '../../values/outer-dual.js';
import { compiledSecondOrderKernelPartials } from './compiled-second-order-kernel.js';
import { reportImpureKernel, unitSeeds } from './kernel-partials.js';
import type { ForwardOverReverseOperand } from '../../interpreters/forward-over-reverse-operands.js';

/**
 * `map`/`map2` kernels inside a reverse pass over the duals of an outer forward pass. The
 * first-order mixed mode (`kernel-partials.ts`) needs each element's partials; here each
 * partial's tangent in the outer pass is needed too: the kernel runs on duals of duals (one
 * lane per argument, over the outer pass's lanes). A straight-line kernel over the hot
 * primitives becomes one generated loop (`compiled-second-order-kernel.ts`); the flat form of
 * `hyper-dual.ts` covers other kernels of hot primitives; any other kernel runs on a forward
 * interpreter whose values are real duals of the outer pass, and the results are split into
 * numbers.
 */
export interface SecondOrderKernelPartials {
  readonly y: Float64Array;
  /** Tangents of the values, one array per lane of the outer pass. */
  readonly ty: Float64Array[];
  /** `partials[k][i]`: ∂f/∂(argument k) at element i. */
  readonly partials: Float64Array[];
  /** `partialTangents[k][j][i]`: tangent of `partials[k][i]` in lane j of the outer pass. */
  readonly partialTangents: Float64Array[][];
}

/** An argument column: values (an array, or a broadcast scalar) and tangents in the outer pass. */
export type SecondOrderColumn = Pick<
  ForwardOverReverseOperand,
  'length' | 'scalar' | 'array' | 'scalarTangents' | 'arrayTangents'
>;

/**
 * Values, partials and their outer tangents of `f` over `n` elements of the columns, or
 * `undefined` when an element's result does not split into numbers and duals of `outer` (the
 * kernel returned an array, or closes over values of another level): the caller then traces
 * `map`'s body.
 */
export function secondOrderKernelPartials(
  f: (...args: Real[]) => unknown,
  columns: readonly SecondOrderColumn[],
  n: number,
  outer: ForwardInterpreter,
  config: RuleConfig,
  boundary: BoundaryHandler,
): SecondOrderKernelPartials | undefined {
  const out = allocate(columns.length, outer.lanes, n);
  const { done, impure } = compiledSecondOrderKernelPartials(
    f as (...args: never[]) => unknown,
    columns,
    n,
    outer.lanes,
    out,
  );
  if (impure !== undefined) reportImpureKernel(f, impure, config, boundary);
  if (done === n) return out;
  try {
    return viaHyperDuals(f, columns, n, outer.lanes, out, done);
  } catch (error) {
    // Not covered by the flat form (or a body that needs a black box): real nested duals.
    if (!(error instanceof HyperDualUnsupported || error instanceof ActiveCoercionError))
      throw error;
  }
  try {
    return viaNestedDuals(f, columns, n, outer, config, boundary, out, done);
  } catch (error) {
    // The body the caller traces instead has its own boundaries for this.
    if (error instanceof ActiveCoercionError) return undefined;
    throw error;
  }
}

function allocate(m: number, lanes: number, n: number): SecondOrderKernelPartials {
  const zeros = (): Float64Array[] => Array.from({ length: lanes }, () => new Float64Array(n));
  return {
    y: new Float64Array(n),
    ty: zeros(),
    partials: Array.from({ length: m }, () => new Float64Array(n)),
    partialTangents: Array.from({ length: m }, zeros),
  };
}

/** Element `i` of column `c`'s tangent in lane `j`. */
function tangentOf(c: SecondOrderColumn, i: number, j: number): number {
  if (c.arrayTangents !== undefined) return c.arrayTangents[j][i];
  return c.scalarTangents !== undefined ? c.scalarTangents[j] : 0;
}

/**
 * The kernel on flat nested duals (`hyper-dual.ts`) from element `from` on, into `out`; throws
 * when it calls something else.
 */
function viaHyperDuals(
  f: (...args: Real[]) => unknown,
  columns: readonly SecondOrderColumn[],
  n: number,
  lanes: number,
  out: SecondOrderKernelPartials,
  from: number,
): SecondOrderKernelPartials {
  const m = columns.length;
  const interp = new HyperDualInterpreter(m, lanes);
  const { y, ty, partials, partialTangents } = out;
  withInterpreter(interp, () => {
    const args = new Array<Real>(m);
    for (let i = from; i < n; i++) {
      for (let k = 0; k < m; k++) {
        const c = columns[k];
        args[k] = interp.argument(k, c.array !== undefined ? c.array[i] : c.scalar, (j) =>
          tangentOf(c, i, j),
        );
      }
      const r = f(...args);
      if (typeof r === 'number') {
        y[i] = r;
        continue;
      }
      if (!(r instanceof HyperDual) || r.owner !== interp) throw new HyperDualUnsupported('result');
      y[i] = r.value;
      const w = r.derivatives;
      for (let j = 0; j < lanes; j++) ty[j][i] = w[m + j];
      for (let k = 0; k < m; k++) {
        partials[k][i] = w[k];
        for (let j = 0; j < lanes; j++) partialTangents[k][j][i] = w[m + lanes + k * lanes + j];
      }
    }
  });
  if (interp.coercions !== 0) throw new HyperDualUnsupported('a coercion the kernel caught');
  return out;
}

/** The kernel on duals of a forward interpreter whose values are duals of `outer`, from element `from` on. */
function viaNestedDuals(
  f: (...args: Real[]) => unknown,
  columns: readonly SecondOrderColumn[],
  n: number,
  outer: ForwardInterpreter,
  config: RuleConfig,
  boundary: BoundaryHandler,
  out: SecondOrderKernelPartials,
  from: number,
): SecondOrderKernelPartials | undefined {
  const m = columns.length;
  const lanes = outer.lanes;
  const interp = new ForwardInterpreter(m, config, boundary);
  const seeds = unitSeeds(m);
  const { y, ty, partials, partialTangents } = out;
  const split = new Float64Array(lanes);
  const ok = withInterpreter(interp, () => {
    const args = new Array<Real>(m);
    for (let i = from; i < n; i++) {
      for (let k = 0; k < m; k++) {
        const c = columns[k];
        const v = c.array !== undefined ? c.array[i] : c.scalar;
        const hasTangent = c.arrayTangents !== undefined || c.scalarTangents !== undefined;
        const x: Real = hasTangent
          ? new Dual(
              outer,
              v,
              Array.from({ length: lanes }, (_, j) => tangentOf(c, i, j)),
              true,
            )
          : v;
        args[k] = new Dual(interp, x, seeds[k]);
      }
      const r = f(...args);
      const inner = r instanceof Dual && r.owner === interp ? r : undefined;
      const value = splitOuterDual(inner !== undefined ? inner.value : r, outer, split);
      if (value === undefined) return false;
      y[i] = value;
      for (let j = 0; j < lanes; j++) ty[j][i] = split[j];
      if (inner === undefined) continue;
      for (let k = 0; k < m; k++) {
        const p = splitOuterDual(inner.tangents[k], outer, split);
        if (p === undefined) return false;
        partials[k][i] = p;
        for (let j = 0; j < lanes; j++) partialTangents[k][j][i] = split[j];
      }
    }
    return true;
  });
  return ok && interp.coercions === 0 ? out : undefined;
}
