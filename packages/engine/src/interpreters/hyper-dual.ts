import type { DifferentiableFunction } from '@pullback/rules-core';
import {
  recordOf,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core/interpreter';
import { ActiveScalar } from '../values/active-value.js';
import { CoercionLog } from '../fallback/coercions.js';
import { primitiveOf, scalarPartials, scalarPrimitive } from '../primitives/primitives.js';
import {
  hessianOf,
  partialTangents,
  scalarPartialTangents,
} from '../primitives/second-order-primitives.js';
import { scaled } from '../values/real-arithmetic.js';

/**
 * Nested forward mode for scalar kernels, flattened: a `map`/`map2` kernel inside a reverse
 * pass over an outer forward pass needs, per element, its partials with respect to its `m`
 * arguments and the tangents of value and partials in the outer pass's `k` lanes. That is a
 * dual of duals; here it is one value and one flat array of numbers, and the hot primitives
 * propagate it with their partials and second partials, so an operation costs one small
 * allocation instead of a dozen calls through two interpreters. Anything else a kernel calls
 * that is not traced or passive throws `HyperDualUnsupported`, and the caller runs the kernel
 * on real nested duals instead.
 */

/** Thrown when a kernel calls something the flat nested mode does not cover. */
export class HyperDualUnsupported extends Error {}

/**
 * A kernel value: `value` and, in `derivatives`, its partials `∂[q]` (q < m), its outer tangents `t[j]`
 * (at m + j) and the outer tangents of its partials `∂t[q][j]` (at m + k + q·k + j).
 */
export class HyperDual extends ActiveScalar {
  constructor(
    readonly owner: HyperDualInterpreter,
    readonly value: number,
    readonly derivatives: number[],
  ) {
    super();
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['HyperDual', this.value, this.derivatives];
  }
}

/** The interpreter of `HyperDual` values for a kernel of `arity` (m) arguments and `lanes` (k) outer lanes. */
export class HyperDualInterpreter extends CoercionLog implements Interpreter {
  readonly mode = 'forward';
  level = -1;
  private readonly size: number;

  constructor(
    readonly arity: number,
    readonly lanes: number,
  ) {
    super();
    this.size = arity + lanes + arity * lanes;
  }

  /** Argument `q` of the kernel with value `v` and outer tangents `t(j)`. */
  argument(q: number, v: number, t: (j: number) => number): HyperDual {
    const w = new Array<number>(this.size).fill(0);
    w[q] = 1;
    for (let j = 0; j < this.lanes; j++) w[this.arity + j] = t(j);
    return new HyperDual(this, v, w);
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined && hessianOf(prim) !== undefined && args.length === prim.arity) {
      return this.primitive(prim.code, args[0], prim.arity === 2 ? args[1] : 0);
    }
    const rec = recordOf(f) as DifferentiableRecord;
    const passive = args.every((_, i) => rec.nondiff.includes(i));
    const traced = rec.frule === undefined && rec.rrule === undefined && rec.partials === undefined;
    // A passive function strips its arguments itself; a function with no rule is traced.
    if (passive || traced) return rec.body(...(args as never[]));
    throw new HyperDualUnsupported(rec.name);
  }

  private parts(x: unknown): number[] | undefined {
    if (typeof x === 'number') return undefined;
    if (x instanceof HyperDual && x.owner === this) return x.derivatives;
    throw new HyperDualUnsupported('an argument of another level');
  }

  private primitive(code: number, a: unknown, b: unknown): HyperDual {
    const A = this.parts(a);
    const B = this.parts(b);
    const av = A === undefined ? (a as number) : (a as HyperDual).value;
    const bv = B === undefined ? (b as number) : (b as HyperDual).value;
    const y = scalarPrimitive(code, av, bv);
    const pa = scalarPartials[0];
    const pb = scalarPartials[1];
    const { arity: m, lanes: k } = this;
    const w = new Array<number>(this.size);
    const get = (P: number[] | undefined, i: number): number => (P === undefined ? 0 : P[i]);
    for (let q = 0; q < m; q++) w[q] = scaled(pa, get(A, q)) + scaled(pb, get(B, q));
    for (let j = 0; j < k; j++) {
      const ta = get(A, m + j);
      const tb = get(B, m + j);
      w[m + j] = scaled(pa, ta) + scaled(pb, tb);
      // Outer tangents of the two partials.
      scalarPartialTangents(code, av, bv, y, ta, tb);
      const sa = partialTangents[0];
      const sb = partialTangents[1];
      for (let q = 0; q < m; q++) {
        const at = m + k + q * k + j;
        w[at] =
          scaled(pa, get(A, at)) +
          scaled(pb, get(B, at)) +
          scaled(sa, get(A, q)) +
          scaled(sb, get(B, q));
      }
    }
    return new HyperDual(this, y, w);
  }
}
