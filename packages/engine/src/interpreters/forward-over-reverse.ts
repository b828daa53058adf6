// Over 400 lines: one interpreter, whose second-order paths share the split operands and the tape they record on.
import type { DifferentiableFunction, Real, RuleConfig } from '@pullback/rules-core';
import { at, map, map2, setAt, slice, sum } from '@pullback/rules-core/math';
import type { ForwardInterpreter } from './forward.js';
import { Dual, DualArray } from '../values/dual.js';
import type { BoundaryHandler } from './boundary.js';
import { checkIndex } from './check-index.js';
import { commonLength } from '../staging/map-kernels/kernel-partials.js';
import {
  primitiveOf,
  scalarPartials,
  scalarPrimitive,
  type HessianSpec,
  type Primitive,
} from '../primitives/primitives.js';
import { forwardKernel, type ForwardTangentKind } from '../primitives/primitive-loops.js';
import {
  hessianOf,
  partialTangents,
  scalarPartialTangents,
  secondOrderReverseKernel,
} from '../primitives/second-order-primitives.js';
import { secondOrderKernelPartials } from '../staging/map-kernels/second-order-kernel-partials.js';
import { scaled } from '../values/real-arithmetic.js';
import { ReverseInterpreter, targetKind } from './reverse.js';
import type { ForwardOverReverseAdjoints } from '../tapes/forward-over-reverse-adjoints.js';
import {
  arrayParts,
  scalarParts,
  forwardOverReverseOperand,
  type ForwardOverReverseOperand,
} from './forward-over-reverse-operands.js';
import type { ForwardOverReverseTape } from '../tapes/forward-over-reverse-tape.js';
import { TrackedArray, TrackedScalar } from '../values/tracked.js';

/** One scalar argument split into numbers; reused, so a scalar operation allocates only its result. */
class ScalarSlot {
  value = 0;
  tangents: readonly Real[] | undefined = undefined;
  id = -1;
}

/**
 * Reverse mode over the duals of one outer forward pass: the inner pass of a
 * forward-over-reverse Hessian-vector product. Its tracked values are duals of `outer`, and the
 * hot operations (the primitives on scalars and arrays, `at`, `setAt`, `sum`, `slice`,
 * `map`/`map2`) are recorded numerically on a `ForwardOverReverseTape`: value, outer tangent, partials
 * and their outer tangents, with generated loops over whole arrays. Every other call, or one
 * whose arguments do not split into numbers, goes to the generic reverse interpreter, whose
 * rules' pullbacks see the adjoints as duals.
 */
export class ForwardOverReverseInterpreter extends ReverseInterpreter {
  declare readonly tape: ForwardOverReverseTape;
  private readonly slotA = new ScalarSlot();
  private readonly slotB = new ScalarSlot();
  private readonly tangentsA: Float64Array;
  private readonly tangentsB: Float64Array;

  constructor(
    tape: ForwardOverReverseTape,
    config: RuleConfig,
    boundary: BoundaryHandler,
    readonly outer: ForwardInterpreter,
  ) {
    super(tape, config, boundary);
    this.tangentsA = new Float64Array(outer.lanes);
    this.tangentsB = new Float64Array(outer.lanes);
  }

  override apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const r = this.secondOrder(f, args);
    return r !== undefined ? r : super.apply(f, args);
  }

  // The first-order fast entries would skip the second-order paths (`at` in particular).
  override apply1(f: DifferentiableFunction, a: unknown): unknown {
    return this.apply(f, [a]);
  }

  override apply2(f: DifferentiableFunction, a: unknown, b: unknown): unknown {
    return this.apply(f, [a, b]);
  }

  /** The second-order path for this call, or `undefined` when it does not cover it. */
  private secondOrder(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined) {
      const h = hessianOf(prim);
      if (h === undefined || args.length !== prim.arity) return undefined;
      const a = args[0];
      const b = prim.arity === 2 ? args[1] : 0;
      return this.scalarOperation(prim, a, b) ?? this.arrayOperation(prim, h, a, b);
    }
    return ForwardOverReverseInterpreter.covered.get(f)?.(this, f, args);
  }

  /**
   * The structural operations the second-order path covers, by vocabulary function (one lookup
   * instead of a chain of comparisons); a handler's `undefined` means not covered.
   */
  private static readonly covered = new Map<
    unknown,
    (
      i: ForwardOverReverseInterpreter,
      f: DifferentiableFunction,
      args: readonly unknown[],
    ) => unknown
  >([
    [at, (i, _f, args) => i.elementAlias(args)],
    [setAt, (i, _f, args) => i.writeElement(args)],
    [sum, (i, _f, args) => i.sumOf(args)],
    [slice, (i, _f, args) => i.sliceAlias(args)],
    [map, (i, _f, args) => i.mappedOrRewound(args)],
    [map2, (i, _f, args) => i.mappedOrRewound(args)],
  ]);

  /** A `map`/`map2` on the second-order path; a failed attempt's operations are dropped. */
  private mappedOrRewound(args: readonly unknown[]): TrackedArray | undefined {
    // A failed attempt may have recorded operations on a captured value.
    const checkpoint = this.tape.checkpoint();
    const r = this.mappedSecondOrder(args);
    if (r === undefined) this.tape.rewind(checkpoint);
    return r;
  }

  /**
   * Splits a scalar argument into `slot`: a number, a numeric dual of the outer pass, or a
   * scalar of this pass holding either. False for anything else.
   */
  private load(x: unknown, slot: ScalarSlot): boolean {
    let v: unknown = x;
    slot.id = -1;
    if (x instanceof TrackedScalar) {
      if (x.owner !== this) return false;
      slot.id = x.id;
      v = x.value;
    }
    if (typeof v === 'number') {
      slot.value = v;
      slot.tangents = undefined;
      return true;
    }
    if (v instanceof Dual && v.owner === this.outer && v.numeric) {
      slot.value = v.value as number;
      slot.tangents = v.tangents;
      return true;
    }
    return false;
  }

  /** A primitive on two scalars: one scalar operation with split partials. */
  private scalarOperation(prim: Primitive, a: unknown, b: unknown): TrackedScalar | undefined {
    const A = this.slotA;
    const B = this.slotB;
    if (!this.load(a, A) || !this.load(b, B)) return undefined;
    const y = scalarPrimitive(prim.code, A.value, B.value);
    const da = scalarPartials[0];
    const db = scalarPartials[1];
    const ad = A.tangents;
    const bd = B.tangents;
    if (ad === undefined && bd === undefined) {
      return new TrackedScalar(
        this,
        y,
        this.tape.recordPair(A.id, da, undefined, B.id, db, undefined),
      );
    }
    const lanes = this.outer.lanes;
    const ta = this.tangentsA;
    const tb = this.tangentsB;
    const d = new Array<number>(lanes);
    for (let j = 0; j < lanes; j++) {
      const u = ad === undefined ? 0 : (ad[j] as number);
      const w = bd === undefined ? 0 : (bd[j] as number);
      d[j] = scaled(da, u) + scaled(db, w);
      scalarPartialTangents(prim.code, A.value, B.value, y, u, w);
      ta[j] = partialTangents[0];
      tb[j] = partialTangents[1];
    }
    const id = this.tape.recordPair(A.id, da, ta, B.id, db, tb);
    return new TrackedScalar(this, new Dual(this.outer, y, d, true), id);
  }

  private split(x: unknown): ForwardOverReverseOperand | undefined {
    return forwardOverReverseOperand(x, this, this.outer);
  }

  /** A primitive over arrays (scalars broadcast): one generated loop each way. */
  private arrayOperation(
    prim: Primitive,
    h: HessianSpec,
    a: unknown,
    b: unknown,
  ): TrackedArray | undefined {
    const oa = this.split(a);
    const ob = this.split(b);
    if (oa === undefined || ob === undefined || (oa.length < 0 && ob.length < 0)) return undefined;
    // Mismatched lengths: the generic path's rule reports them.
    if (oa.length >= 0 && ob.length >= 0 && oa.length !== ob.length) return undefined;
    const n = oa.length >= 0 ? oa.length : ob.length;
    const ka = oa.length >= 0 ? 'array' : 'scalar';
    const kb = ob.length >= 0 ? 'array' : 'scalar';
    const tka = tangentKind(oa);
    const tkb = tangentKind(ob);
    const TA = oa.arrayTangents ?? oa.scalarTangents;
    const TB = ob.arrayTangents ?? ob.scalarTangents;
    const y = new Float64Array(n);
    const lanes =
      tka === 'none' && tkb === 'none'
        ? []
        : Array.from({ length: this.outer.lanes }, () => new Float64Array(n));
    forwardKernel(prim, ka, kb, tka, tkb)(
      n,
      oa.array,
      oa.scalar,
      ob.array,
      ob.scalar,
      y,
      TA,
      TB,
      lanes,
    );
    const value = lanes.length > 0 ? new DualArray(this.outer, y, lanes) : y;
    const out = new TrackedArray(this, value, this.tape.allocate(n));
    const base = out.id;
    const kernel = secondOrderReverseKernel(
      prim,
      h,
      ka,
      kb,
      tka,
      tkb,
      targetKind(oa),
      targetKind(ob),
      this.outer.lanes,
    );
    this.tape.recordKernel({
      backward: (adj) => {
        const { values: v, tangents: t } = adj as ForwardOverReverseAdjoints;
        kernel(
          n,
          oa.array,
          oa.scalar,
          ob.array,
          ob.scalar,
          y,
          TA,
          TB,
          v,
          t,
          base,
          oa.id,
          oa.ids,
          ob.id,
          ob.ids,
        );
      },
    });
    return out;
  }

  /** `at(x, i)` on a tracked array: an alias of element `i`'s id, nothing recorded. */
  private elementAlias(args: readonly unknown[]): TrackedScalar | undefined {
    const [x, i] = args;
    if (!(x instanceof TrackedArray) || x.owner !== this || typeof i !== 'number') return undefined;
    if (!Number.isInteger(i) || i < 0 || i >= x.length) return undefined;
    if (Array.isArray(x.value)) {
      const e: unknown = x.value[i];
      return scalarParts(e, this.outer) === undefined
        ? undefined
        : new TrackedScalar(this, e as Real, x.id + i);
    }
    const parts = arrayParts(x.value, this.outer);
    if (parts === undefined) return undefined;
    const { array: a, arrayTangents: ta } = parts;
    const v =
      ta === undefined
        ? a[i]
        : new Dual(
            this.outer,
            a[i],
            ta.map((lane) => lane[i]),
            true,
          );
    return new TrackedScalar(this, v, x.id + i);
  }

  /**
   * `setAt` on a tracked array, copy on write as in the generic path: the array moves to new
   * values and ids, element `i` taking the written value's id, the others linked to their old
   * ids; what the tape saved keeps the old ones.
   */
  private writeElement(args: readonly unknown[]): TrackedArray | undefined {
    const [x, i, value] = args;
    if (!(x instanceof TrackedArray) || x.owner !== this || typeof i !== 'number') return undefined;
    const parts = arrayParts(x.value, this.outer);
    const w = this.split(value);
    if (parts === undefined || w === undefined || w.length >= 0) return undefined;
    checkIndex('setAt', i, x.length);
    const n = x.length;
    const values = parts.array.slice();
    values[i] = w.scalar;
    let lanes: Float64Array[] | undefined;
    if (parts.arrayTangents !== undefined || w.scalarTangents !== undefined) {
      lanes = Array.from({ length: this.outer.lanes }, (_, j) => {
        const lane =
          parts.arrayTangents !== undefined ? parts.arrayTangents[j].slice() : new Float64Array(n);
        lane[i] = w.scalarTangents !== undefined ? w.scalarTangents[j] : 0;
        return lane;
      });
    }
    const old = x.id;
    const base = this.tape.allocate(n);
    const written = w.id;
    this.tape.recordKernel({
      backward: (adj) => {
        const a = adj as ForwardOverReverseAdjoints;
        for (let j = 0; j < n; j++) if (j !== i) a.propagate(base + j, old + j, 1, undefined, 0);
        if (written >= 0) a.propagate(base + i, written, 1, undefined, 0);
      },
    });
    x.value = lanes !== undefined ? new DualArray(this.outer, values, lanes) : values;
    x.id = base;
    return x;
  }

  /** `sum(x)` of an array: the adjoint of the total goes to every element. */
  private sumOf(args: readonly unknown[]): TrackedScalar | undefined {
    if (args.length !== 1) return undefined;
    const o = this.split(args[0]);
    if (o === undefined || o.array === undefined || (o.id < 0 && o.ids === undefined))
      return undefined;
    const { array: a, arrayTangents: ta, id: first, ids } = o;
    const n = a.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i];
    let value: Real = s;
    if (ta !== undefined) {
      const d = ta.map((lane) => {
        let t = 0;
        for (let i = 0; i < n; i++) t += lane[i];
        return t;
      });
      value = new Dual(this.outer, s, d, true);
    }
    const id = this.tape.allocate(1);
    this.tape.recordKernel({
      backward: (adj) => {
        const A = adj as ForwardOverReverseAdjoints;
        for (let i = 0; i < n; i++) {
          const to = ids !== undefined ? ids[i] : first + i;
          if (to >= 0) A.propagate(id, to, 1, undefined, 0);
        }
      },
    });
    return new TrackedScalar(this, value, id);
  }

  /**
   * `slice(x, start, end)` of a tracked array: a copy of the values whose ids alias the
   * sliced elements' (as `at` does), so nothing is recorded. A later `setAt` on either array
   * moves only that array to new ids.
   */
  private sliceAlias(args: readonly unknown[]): TrackedArray | undefined {
    const r = this.sliceOfOwn(args);
    if (r === undefined) return undefined;
    const { x, s, e } = r;
    const parts = arrayParts(x.value, this.outer);
    if (parts === undefined) return undefined;
    const values = parts.array.slice(s, e);
    const value =
      parts.arrayTangents === undefined
        ? values
        : new DualArray(
            this.outer,
            values,
            parts.arrayTangents.map((lane) => lane.slice(s, e)),
          );
    return new TrackedArray(this, value, x.id + s);
  }

  /** `map`/`map2`: the kernel's partials and their outer tangents per element, by forward mode. */
  private mappedSecondOrder(args: readonly unknown[]): TrackedArray | undefined {
    const [fn, ...data] = args;
    if (typeof fn !== 'function') return undefined;
    const operands: ForwardOverReverseOperand[] = [];
    for (const d of data) {
      const o = this.split(d);
      if (o === undefined) return undefined;
      operands.push(o);
    }
    const n = commonLength(operands);
    if (n === undefined) return undefined;
    const kp = secondOrderKernelPartials(
      fn as (...xs: Real[]) => unknown,
      operands,
      n,
      this.outer,
      this.config,
      this.boundary,
    );
    if (kp === undefined) return undefined;
    // Tangents come from the operands' (or from outer duals the kernel closes over).
    const value = kp.ty.some((lane) => lane.some((t) => t !== 0))
      ? new DualArray(this.outer, kp.y, kp.ty)
      : kp.y;
    const out = new TrackedArray(this, value, this.tape.allocate(n));
    const base = out.id;
    this.tape.recordKernel({
      backward: (adj) => {
        const A = adj as ForwardOverReverseAdjoints;
        operands.forEach((o, k) => {
          const p = kp.partials[k];
          const pt = kp.partialTangents[k];
          for (let i = 0; i < n; i++) {
            const to =
              o.ids !== undefined ? o.ids[i] : o.id < 0 ? -1 : o.length < 0 ? o.id : o.id + i;
            if (to >= 0) A.propagate(base + i, to, p[i], pt, i);
          }
        });
      },
    });
    return out;
  }
}

/** How a generated loop reads an operand's outer tangents. */
function tangentKind(o: ForwardOverReverseOperand): ForwardTangentKind {
  if (o.arrayTangents !== undefined) return 'array';
  return o.scalarTangents !== undefined ? 'scalar' : 'none';
}
