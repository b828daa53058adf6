import {
  ActiveCoercionError,
  PullbackError,
  type Real,
  type RuleConfig,
} from '@pullback/rules-core';
import { withInterpreter } from '@pullback/rules-core/interpreter';
import type { ForwardInterpreter } from '../../interpreters/forward.js';
import { Dual } from '../../values/dual.js';
import { userLocation } from '../../fallback/source-location.js';
import type { BoundaryHandler } from '../../interpreters/boundary.js';
import { compiledKernelPartials } from './compiled-kernel.js';

/**
 * Mixed mode for `map`/`map2`: only the kernel's value and partials per element are kept (how
 * ChainRules differentiates broadcasting). A straight-line kernel over the hot primitives and
 * scalar rules becomes one generated loop (compiled-kernel.ts); any other runs once per
 * element on dual numbers with one lane per argument, one forward interpreter serving every
 * element. The caller hands in how to make that interpreter (`perElement`): the forward
 * interpreter itself calls this module, and a run-time import back would be a cycle.
 */
export interface KernelPartials {
  readonly y: Float64Array;
  /** `partials[k][i]` = ∂f/∂(argument k) at element i. */
  readonly partials: Float64Array[];
}

/** Makes the forward interpreter (one lane per kernel argument) that runs a kernel per element. */
export type PerElementInterpreter = (
  lanes: number,
  config: RuleConfig,
  boundary: BoundaryHandler,
) => ForwardInterpreter;

/** Element `i` of an argument given as an array or a broadcast scalar. */
export type Column = Float64Array | number;

/**
 * Values and partials of `f` over the columns, or `undefined` when mixed mode cannot answer:
 * an element's result is not a scalar, or carries another differentiation's values (the kernel
 * closes over one, so partials with respect to its arguments would miss that value's
 * derivative), or the kernel cannot run on duals at all. The caller then traces `map`'s body.
 */
export function kernelPartials(
  f: (...args: Real[]) => unknown,
  columns: readonly Column[],
  n: number,
  config: RuleConfig,
  boundary: BoundaryHandler,
  perElement: PerElementInterpreter,
): KernelPartials | undefined {
  const m = columns.length;
  const y = new Float64Array(n);
  const partials = columns.map(() => new Float64Array(n));
  let compiled: { readonly done: number; readonly impure: string | undefined };
  try {
    compiled = compiledKernelPartials(f as (...args: never[]) => unknown, columns, n, {
      y,
      partials,
    });
  } catch (error) {
    // A rule the generated loop called threw: the per-element path below runs it again on
    // duals, where the interpreter names the rule (`RuleError`).
    if (error instanceof PullbackError) throw error;
    compiled = { done: 0, impure: undefined };
  }
  if (compiled.impure !== undefined) reportImpureKernel(f, compiled.impure, config, boundary);
  if (compiled.done === n) return { y, partials };
  const interp = perElement(m, config, boundary);
  const seeds = unitSeeds(m);
  const run = (): boolean => {
    const args: Real[] = new Array<Real>(m);
    for (let i = compiled.done; i < n; i++) {
      for (let k = 0; k < m; k++) {
        const c = columns[k];
        // Numbers throughout: say so, rather than have the constructor check every lane.
        args[k] = new Dual(interp, typeof c === 'number' ? c : c[i], seeds[k], true);
      }
      const r = f(...args);
      if (typeof r === 'number') {
        y[i] = r;
        continue;
      }
      if (!(r instanceof Dual) || r.owner !== interp || typeof r.value !== 'number') return false;
      y[i] = r.value;
      for (let k = 0; k < m; k++) {
        const d = r.tangents[k];
        if (typeof d !== 'number') return false;
        partials[k][i] = d;
      }
    }
    return true;
  };
  let ok: boolean;
  try {
    ok = withInterpreter(interp, run);
  } catch (error) {
    // The body the caller traces instead has its own boundaries for this.
    if (error instanceof ActiveCoercionError) return undefined;
    throw error;
  }
  // A coercion the kernel caught itself left an element's partials without its derivative.
  return ok && interp.coercions === 0 ? { y, partials } : undefined;
}

/**
 * Reports a kernel that is not a pure function of its arguments (kernel-plan.ts): it ran per
 * element instead of as one generated loop. Under `fallback: 'error'` this throws.
 */
export function reportImpureKernel(
  f: (...args: never[]) => unknown,
  reason: string,
  config: RuleConfig,
  boundary: BoundaryHandler,
): void {
  boundary.report(f, {
    functionName: f.name === '' ? 'an anonymous map kernel' : `the map kernel ${f.name}`,
    mode: config.mode,
    reason,
    replacement: 'per-element evaluation',
    lintRule: '@pullback/no-impure-kernel',
    // Per-element evaluation is exact: nothing is estimated.
    location: userLocation(new Error()),
    errorEstimate: 0,
    reliable: true,
  });
}

/** An operand as both interpreters describe it for vectorised calls: a scalar (`length < 0`) or an array. */
export interface NumericOperand {
  readonly length: number;
  readonly scalar: number;
  readonly array: Float64Array | undefined;
}

/**
 * `map`/`map2`'s kernel over numeric operands (scalars broadcast): its values, its partials
 * and the common length; `undefined` when array lengths differ (the rule then reports it) or
 * the kernel is not a plain scalar function.
 */
export function mapOperands(
  fn: unknown,
  operands: readonly NumericOperand[],
  config: RuleConfig,
  boundary: BoundaryHandler,
  perElement: PerElementInterpreter,
): (KernelPartials & { readonly n: number }) | undefined {
  if (typeof fn !== 'function') return undefined;
  const n = commonLength(operands);
  if (n === undefined) return undefined;
  const columns = operands.map((o) => (o.length >= 0 ? (o.array as Float64Array) : o.scalar));
  const kp = kernelPartials(
    fn as (...args: Real[]) => unknown,
    columns,
    n,
    config,
    boundary,
    perElement,
  );
  return kp === undefined ? undefined : { ...kp, n };
}

/**
 * The number of elements `map`/`map2` produce over these operands: the arrays' common length
 * (scalars broadcast, two scalars give one element), or `undefined` when the lengths differ.
 */
export function commonLength(operands: readonly { readonly length: number }[]): number | undefined {
  const lengths = operands.filter((o) => o.length >= 0).map((o) => o.length);
  if (lengths.some((l) => l !== lengths[0])) return undefined;
  return lengths.length > 0 ? lengths[0] : 1;
}

/** The `m` unit tangents `eₖ`, one lane per kernel argument. */
export function unitSeeds(m: number): number[][] {
  return Array.from({ length: m }, (_, k) =>
    Array.from({ length: m }, (_, j) => (j === k ? 1 : 0)),
  );
}
