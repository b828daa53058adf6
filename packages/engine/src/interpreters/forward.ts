// Over 400 lines: one interpreter, whose dispatch and paths (rules included) read together.
import {
  isActive,
  noTangent,
  unthunk,
  zeroTangent,
  type DifferentiableFunction,
  type Real,
  type RuleConfig,
  type RulePart,
} from '@pullback/rules-core';
import {
  recordOf,
  type DifferentiableRecord,
  type Interpreter,
} from '@pullback/rules-core/interpreter';
import {
  at,
  map,
  map2,
  dot,
  setAt,
  ShapeMismatchError,
  similar,
  slice,
  sum,
  zerosLike,
} from '@pullback/rules-core/math';
import { checkIndex } from './check-index.js';
import { sliceBounds } from './slice-bounds.js';
import { DECLINED, type StructuralHandler } from './structural.js';
import { mapOperands } from '../staging/map-kernels/kernel-partials.js';
import { plus, scaled, times } from '../values/real-arithmetic.js';
import {
  primitiveOf,
  scalarPartials,
  scalarPrimitive,
  type Primitive,
} from '../primitives/primitives.js';
import {
  constantPartial,
  forwardKernel,
  partialsKernel,
  type ForwardTangentKind,
} from '../primitives/primitive-loops.js';
import { allNumbers, elementOf, isZeroish, tangentAt } from '../tree/leaves.js';
import { DESCEND, isBranch, mapLeaves, type Path } from '../tree/walk.js';
import { innerProduct } from '../tree/inner-product.js';
import type { BoundaryHandler } from './boundary.js';
import { atBoundary, CoercionLog } from '../fallback/coercions.js';
import {
  callFrule,
  callPartials,
  callPullback,
  callRrule,
  holdsCaptured,
  numbersOnly,
  reportCapture,
} from './rule-calls.js';
import { checkTangent } from './rule-output.js';
import { Dual, DualArray } from '../values/dual.js';
import {
  DeferredLanes,
  MAX_DEFERRED,
  sumLanes,
  type LaneSource,
  type LaneTerm,
} from '../values/deferred-tangents.js';

/** A numeric operand of a vectorised primitive. */
interface Operand {
  readonly length: number;
  readonly scalar: number;
  readonly array: Float64Array | undefined;
  /** Tangent lanes of a dual scalar. */
  readonly scalarTangents: readonly number[] | undefined;
  /** Tangent lanes of a dual array. */
  readonly arrayTangents: readonly Float64Array[] | undefined;
  /** In a chunked pass, the operand's lanes for a deferred combination (instead of `scalarTangents`/`arrayTangents`). */
  readonly laneSource?: LaneSource;
}

/**
 * Forward mode with a chunk of `lanes` tangents per value (ForwardDiff's chunk mode). Hot
 * primitives propagate numeric partials; scalar functions use their `partials`; others run
 * their frule once per lane, or assemble a pushforward from pullbacks when they only have an
 * rrule; functions with no rule are traced.
 */
export class ForwardInterpreter extends CoercionLog implements Interpreter {
  readonly mode = 'forward';
  level = -1;
  constructor(
    readonly lanes: number,
    readonly config: RuleConfig,
    readonly boundary: BoundaryHandler,
  ) {
    super();
  }

  owns(x: unknown): x is Dual | DualArray {
    return (x instanceof Dual || x instanceof DualArray) && x.owner === this;
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined) {
      const r = this.primitive(prim, prim.name, args);
      if (r !== undefined) return r;
    }
    const rec = recordOf(f) as DifferentiableRecord;
    // None of the structural operations has partials, so they may come before that path.
    const structural = ForwardInterpreter.structural.get(f);
    if (structural !== undefined) {
      const r = structural(this, f, rec, args);
      if (r !== DECLINED) return r;
    }
    if (
      rec.partials !== undefined &&
      args.every((a) => typeof a === 'number' || (isActive(a) && !('length' in a)))
    ) {
      return this.scalarPartials(f, rec, args);
    }
    // A checkpoint only changes what reverse mode keeps: forward mode goes through its body.
    if (rec.checkpoint === true) return this.trace(f, rec, args);
    if (rec.frule !== undefined) return this.viaFrule(f, rec, args);
    if (rec.rrule !== undefined) return this.viaPullbacks(f, rec, args);
    return this.trace(f, rec, args);
  }

  /**
   * The structural operations this interpreter runs itself, by vocabulary function: one lookup
   * instead of a chain of comparisons. `DECLINED` sends the call down the generic path. With
   * more than one lane, `slice`, `sum` and `dot` keep or reduce deferred lanes.
   */
  private static readonly structural = new Map<unknown, StructuralHandler<ForwardInterpreter>>([
    [at, (i, _f, _rec, args) => i.at(args)],
    [slice, (i, _f, _rec, args) => (i.lanes > 1 ? (i.sliced(args) ?? DECLINED) : DECLINED)],
    [sum, (i, _f, rec, args) => (i.lanes > 1 ? (i.summed(rec, args) ?? DECLINED) : DECLINED)],
    [dot, (i, _f, rec, args) => (i.lanes > 1 ? (i.dotted(rec, args) ?? DECLINED) : DECLINED)],
    [
      setAt,
      (i, _f, _rec, args) =>
        args[0] instanceof DualArray && args[0].owner === i && typeof args[1] === 'number'
          ? i.setAt(args[0], args[1], args[2])
          : DECLINED,
    ],
    [similar, (_i, _f, rec, args) => rec.body(...(args as never[]))],
    [zerosLike, (_i, _f, rec, args) => rec.body(...(args as never[]))],
    // Otherwise the body is traced element by element: map's rule treats what the kernel
    // closes over as constant.
    [map, (i, f, rec, args) => i.mapped(args) ?? i.trace(f, rec, args)],
    [map2, (i, f, rec, args) => i.mapped(args) ?? i.trace(f, rec, args)],
  ]);

  private at(args: readonly unknown[]): unknown {
    const [x, i] = args;
    if (
      x instanceof DualArray &&
      x.owner === this &&
      typeof i === 'number' &&
      Number.isInteger(i) &&
      i >= 0 &&
      i < x.length
    ) {
      const v = (x.value as ArrayLike<Real>)[i];
      const k = x.tangents.length;
      const d = new Array<Real>(k);
      let numeric = typeof v === 'number';
      for (let j = 0; j < k; j++) {
        const t = (x.tangents[j] as ArrayLike<Real>)[i];
        d[j] = t;
        if (typeof t !== 'number') numeric = false;
      }
      return new Dual(this, v, d, numeric);
    }
    const rec = recordOf(at) as DifferentiableRecord;
    return Array.isArray(x) ? rec.body(...(args as never[])) : this.viaFrule(at, rec, args);
  }

  /** `setAt` on a dual array, in place: values and lanes are replaced by updated copies. */
  private setAt(x: DualArray, i: number, v: unknown): DualArray {
    checkIndex('setAt', i, x.length);
    const value = this.owns(v) ? v.value : v;
    const tangent = (j: number): Real =>
      v instanceof Dual && v.owner === this ? v.tangents[j] : 0;
    const replace = (a: Float64Array | readonly Real[], e: Real): Float64Array | Real[] => {
      const copy =
        a instanceof Float64Array && typeof e === 'number'
          ? a.slice()
          : Array.from(a as ArrayLike<Real>);
      (copy as Real[])[i] = e;
      return copy;
    };
    x.value = replace(x.value, value as Real);
    x.tangents = x.tangents.map((lane, j) => replace(lane, tangent(j)));
    return x;
  }

  private numericScalar(x: unknown): boolean {
    return x instanceof Dual && x.owner === this && x.numeric;
  }

  /** `apply(f, [a])` for `a` of this pass: a hot unary primitive is propagated here directly. */
  apply1(f: DifferentiableFunction, a: unknown): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined && prim.arity === 1) {
      const r = this.scalarPrimitive(prim.code, a, 0);
      if (r !== undefined) return r;
    }
    return this.apply(f, [a]);
  }

  /** `apply(f, [a, b])` for numbers and values of this pass, hot primitives first. */
  apply2(f: DifferentiableFunction, a: unknown, b: unknown): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined && prim.arity === 2) {
      const r = this.scalarPrimitive(prim.code, a, b);
      if (r !== undefined) return r;
    }
    return this.apply(f, [a, b]);
  }

  /**
   * A hot primitive on two scalars (numbers or this pass's numeric duals, at least one dual):
   * the value and its partials times each lane. `undefined` for anything else.
   */
  private scalarPrimitive(code: number, a: unknown, b: unknown): Dual | undefined {
    const aDual = this.numericScalar(a);
    const bDual = this.numericScalar(b);
    if (!(
      (aDual || typeof a === 'number') &&
      (bDual || typeof b === 'number') &&
      (aDual || bDual)
    )) {
      return undefined;
    }
    const av = aDual ? ((a as Dual).value as number) : (a as number);
    const bv = bDual ? ((b as Dual).value as number) : (b as number);
    const y = scalarPrimitive(code, av, bv);
    const pA = scalarPartials[0];
    const pB = scalarPartials[1];
    const k = this.lanes;
    if (k === 1) {
      const ta = aDual ? ((a as Dual).tangents[0] as number) : 0;
      const tb = bDual ? ((b as Dual).tangents[0] as number) : 0;
      const t = (ta === 0 ? 0 : pA * ta) + (tb === 0 ? 0 : pB * tb);
      return new Dual(this, y, [t], true);
    }
    const d = new Array<number>(k);
    if (aDual && bDual) {
      const pa = pA;
      const pb = pB;
      const ad = (a as Dual).tangents as number[];
      const bd = (b as Dual).tangents as number[];
      for (let j = 0; j < k; j++) d[j] = scaled(pa, ad[j]) + scaled(pb, bd[j]);
    } else if (aDual) {
      const pa = pA;
      const ad = (a as Dual).tangents as number[];
      for (let j = 0; j < k; j++) d[j] = scaled(pa, ad[j]);
    } else {
      const pb = pB;
      const bd = (b as Dual).tangents as number[];
      for (let j = 0; j < k; j++) d[j] = scaled(pb, bd[j]);
    }
    return new Dual(this, y, d, true);
  }

  private primitive(prim: Primitive, name: string, args: readonly unknown[]): unknown {
    if (args.length !== prim.arity) return undefined;
    const a = args[0];
    const b = prim.arity === 2 ? args[1] : 0;
    const scalar = this.scalarPrimitive(prim.code, a, b);
    if (scalar !== undefined) return scalar;
    const oa = this.operand(a);
    const ob = this.operand(b);
    if (oa === undefined || ob === undefined || (oa.length < 0 && ob.length < 0)) return undefined;
    if (oa.length >= 0 && ob.length >= 0 && oa.length !== ob.length) {
      throw new ShapeMismatchError(
        `${name}: arrays of lengths ${oa.length} and ${ob.length} cannot be combined elementwise; pass arrays of equal length, or a scalar to broadcast.`,
      );
    }
    return this.vectorised(prim, oa, ob);
  }

  private operand(x: unknown): Operand | undefined {
    if (typeof x === 'number')
      return {
        length: -1,
        scalar: x,
        array: undefined,
        scalarTangents: undefined,
        arrayTangents: undefined,
      };
    if (x instanceof Dual) {
      if (!this.numericScalar(x)) return undefined;
      const ds = x.tangents as number[];
      return this.lanes === 1
        ? {
            length: -1,
            scalar: x.value as number,
            array: undefined,
            scalarTangents: ds,
            arrayTangents: undefined,
          }
        : {
            length: -1,
            scalar: x.value as number,
            array: undefined,
            scalarTangents: undefined,
            arrayTangents: undefined,
            laneSource: { kind: 'scalar', values: ds },
          };
    }
    if (x instanceof DualArray) {
      if (x.owner !== this || !(x.value instanceof Float64Array)) return undefined;
      // Deferred lanes stay deferred (read `tangents` only when they are not).
      if (x.pending !== undefined && this.lanes > 1)
        return this.withSource(x.length, x.value, undefined, x.pending);
      if (!x.tangents.every((l) => l instanceof Float64Array)) return undefined;
      return this.withSource(x.length, x.value, x.tangents as Float64Array[], undefined);
    }
    if (x instanceof Float64Array)
      return {
        length: x.length,
        scalar: 0,
        array: x,
        scalarTangents: undefined,
        arrayTangents: undefined,
      };
    if (Array.isArray(x)) {
      const n = x.length;
      const a = new Float64Array(n);
      let da: Float64Array[] | undefined;
      for (let i = 0; i < n; i++) {
        const e = x[i];
        if (typeof e === 'number') a[i] = e;
        else if (this.numericScalar(e)) {
          a[i] = (e as Dual).value as number;
          da ??= Array.from({ length: this.lanes }, () => new Float64Array(n));
          for (let j = 0; j < this.lanes; j++) da[j][i] = (e as Dual).tangents[j] as number;
        } else return undefined;
      }
      return da === undefined
        ? { length: n, scalar: 0, array: a, scalarTangents: undefined, arrayTangents: da }
        : this.withSource(n, a, da, undefined);
    }
    return undefined;
  }

  /**
   * An array operand with tangents: its lanes (`arrayTangents`) in a one-lane pass, a source for a
   * deferred combination in a chunked one (see deferred-tangents.ts).
   */
  private withSource(
    n: number,
    a: Float64Array,
    da: readonly Float64Array[] | undefined,
    pending: LaneSource | undefined,
  ): Operand {
    if (this.lanes === 1 && da !== undefined)
      return { length: n, scalar: 0, array: a, scalarTangents: undefined, arrayTangents: da };
    const src = pending ?? { kind: 'lanes', lanes: da as Float64Array[], offset: 0 };
    return {
      length: n,
      scalar: 0,
      array: a,
      scalarTangents: undefined,
      arrayTangents: undefined,
      laneSource: src,
    };
  }

  private vectorised(prim: Primitive, oa: Operand, ob: Operand): DualArray {
    const n = oa.length >= 0 ? oa.length : ob.length;
    const y = new Float64Array(n);
    if (this.lanes > 1) {
      // A chunked pass keeps the partials and combines the lanes later, all lanes in one pass.
      // A partial that is one number (`add`'s, `mul`'s by a scalar) is kept as that number.
      const ka = oa.length >= 0 ? 'array' : 'scalar';
      const kb = ob.length >= 0 ? 'array' : 'scalar';
      const ca = oa.laneSource && constantPartial(prim, 'a', ka, kb, oa.scalar, ob.scalar);
      const cb = ob.laneSource && constantPartial(prim, 'b', ka, kb, oa.scalar, ob.scalar);
      const PA = oa.laneSource !== undefined && ca === undefined ? new Float64Array(n) : undefined;
      const PB = ob.laneSource !== undefined && cb === undefined ? new Float64Array(n) : undefined;
      const kernel = partialsKernel(prim, ka, kb, PA !== undefined, PB !== undefined);
      kernel(n, oa.array, oa.scalar, ob.array, ob.scalar, y, PA, PB);
      return this.deferred(y, [
        [PA ?? ca, oa.laneSource],
        [PB ?? cb, ob.laneSource],
      ]);
    }
    const lanes: Float64Array[] = Array.from({ length: this.lanes }, () => new Float64Array(n));
    const kind = (o: Operand): ForwardTangentKind =>
      o.arrayTangents !== undefined ? 'array' : o.scalarTangents !== undefined ? 'scalar' : 'none';
    const kernel = forwardKernel(
      prim,
      oa.length >= 0 ? 'array' : 'scalar',
      ob.length >= 0 ? 'array' : 'scalar',
      kind(oa),
      kind(ob),
    );
    kernel(
      n,
      oa.array,
      oa.scalar,
      ob.array,
      ob.scalar,
      y,
      oa.arrayTangents ?? oa.scalarTangents,
      ob.arrayTangents ?? ob.scalarTangents,
      lanes,
    );
    return new DualArray(this, y, lanes);
  }

  /** `map`/`map2`: the kernel's partials per element, then one multiply-add per lane. */
  private mapped(args: readonly unknown[]): DualArray | undefined {
    const [fn, ...data] = args;
    const ops = data.map((d) => this.operand(d));
    if (ops.some((o) => o === undefined)) return undefined;
    const operands = ops as Operand[];
    const kp = mapOperands(fn, operands, this.config, this.boundary, perElementInterpreter);
    if (kp === undefined) return undefined;
    const n = kp.n;
    if (this.lanes > 1)
      return this.deferred(
        kp.y,
        operands.map((o, k) => [kp.partials[k], o.laneSource]),
      );
    const lanes = Array.from({ length: this.lanes }, (_, j) => {
      const lane = new Float64Array(n);
      operands.forEach((o, k) => {
        const p = kp.partials[k];
        if (o.arrayTangents !== undefined) {
          const t = o.arrayTangents[j];
          for (let i = 0; i < n; i++) if (t[i] !== 0) lane[i] += p[i] * t[i];
        } else if (o.scalarTangents !== undefined && o.scalarTangents[j] !== 0) {
          const t = o.scalarTangents[j];
          for (let i = 0; i < n; i++) lane[i] += p[i] * t;
        }
      });
      return lane;
    });
    return new DualArray(this, kp.y, lanes);
  }

  /**
   * A chunked array whose lanes are `Σ partials · operand lanes` over the operands with
   * tangents, deferred (computed at once when the chain grows past `MAX_DEFERRED`).
   */
  private deferred(
    y: Float64Array,
    terms: readonly (readonly [Float64Array | number | undefined, LaneSource | undefined])[],
  ): DualArray {
    const kept: LaneTerm[] = [];
    for (const [p, src] of terms)
      if (p !== undefined && src !== undefined) kept.push({ partial: p, source: src });
    const node = new DeferredLanes(y.length, this.lanes, kept);
    if (node.size > MAX_DEFERRED) return new DualArray(this, y, node.lanes());
    return new DualArray(this, y, undefined, node.source(0));
  }

  /** `slice` of a chunked array: the values copied, the lanes a view until read. */
  private sliced(args: readonly unknown[]): DualArray | undefined {
    const [x, start, end] = args;
    const src = this.laneSource(x);
    if (
      src === undefined ||
      args.length > 3 ||
      !(start === undefined || typeof start === 'number') ||
      !(end === undefined || typeof end === 'number')
    ) {
      return undefined;
    }
    const values = (x as DualArray).value as Float64Array;
    const [s, e] = sliceBounds(values.length, start, end);
    const lanes: LaneSource = src.kind === 'scalar' ? src : { ...src, offset: src.offset + s };
    return new DualArray(this, values.slice(s, e), undefined, lanes);
  }

  /**
   * The lanes of `x`, an array of this pass with numeric values, as a source for deferred
   * lanes (its deferred lanes, else its computed ones); `undefined` for anything else.
   */
  private laneSource(x: unknown): LaneSource | undefined {
    if (!(x instanceof DualArray) || x.owner !== this || !(x.value instanceof Float64Array)) return;
    if (x.pending !== undefined) return x.pending;
    if (!x.tangents.every((l) => l instanceof Float64Array)) return undefined;
    return { kind: 'lanes', lanes: x.tangents as Float64Array[], offset: 0 };
  }

  /** `sum` of a chunked array with deferred lanes: each lane summed as its lanes are computed. */
  private summed(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const [x] = args;
    if (
      args.length !== 1 ||
      !(x instanceof DualArray) ||
      x.owner !== this ||
      x.pending === undefined ||
      !(x.value instanceof Float64Array)
    ) {
      return undefined;
    }
    const y = rec.body(x.value as never) as number;
    return this.lift(y, sumLanes(x.pending, x.length, this.lanes));
  }

  /**
   * `dot(x, y)` with deferred lanes in either: each lane's `dot` with the other's values, summed
   * as the lanes are computed; the two products added as `dot`'s frule adds them.
   */
  private dotted(rec: DifferentiableRecord, args: readonly unknown[]): unknown {
    const [x, y] = args;
    const side = (v: unknown): [Float64Array, LaneSource | undefined] | undefined => {
      if (v instanceof Float64Array) return [v, undefined];
      const src = this.laneSource(v);
      return src === undefined ? undefined : [(v as DualArray).value as Float64Array, src];
    };
    const a = side(x);
    const b = side(y);
    if (
      args.length !== 2 ||
      a === undefined ||
      b === undefined ||
      a[0].length !== b[0].length ||
      (!(x instanceof DualArray && x.pending) && !(y instanceof DualArray && y.pending))
    ) {
      return undefined;
    }
    const n = a[0].length;
    const value = rec.body(a[0] as never, b[0] as never) as number;
    const ta = a[1] && sumLanes(a[1], n, this.lanes, b[0]);
    const tb = b[1] && sumLanes(b[1], n, this.lanes, a[0]);
    const t = ta === undefined ? tb : tb === undefined ? ta : ta.map((u, j) => u + tb[j]);
    return this.lift(value, t as number[]);
  }

  /** Tangent lane `j` of a structure of arguments. */
  tangentLane(x: unknown, j: number): unknown {
    return mapLeaves(x, (node) => {
      if (typeof node === 'number' || node instanceof Float64Array) return zeroTangent;
      if (node instanceof Dual || node instanceof DualArray)
        return node.owner === this ? node.tangents[j] : zeroTangent;
      if (isActive(node)) return zeroTangent;
      if (
        Array.isArray(node) &&
        node.every((e) => typeof e === 'number' || (isActive(e) && !('length' in e)))
      ) {
        // An array of scalars: one array of tangents, or one zero when none is of this pass.
        if (!node.some((e) => this.owns(e))) return zeroTangent;
        return node.map((e) => (e instanceof Dual && e.owner === this ? e.tangents[j] : 0));
      }
      return isBranch(node) ? DESCEND : noTangent;
    });
  }

  lower(x: unknown): unknown {
    return mapLeaves(x, this.lowerNode);
  }

  private readonly lowerNode = (x: unknown): unknown => {
    if (typeof x !== 'object' || x === null) return x;
    return this.owns(x) ? x.value : DESCEND;
  };

  /** Pairs a primal output with one tangent per lane, leaf by leaf. */
  lift(y: unknown, dys: readonly unknown[]): unknown {
    return mapLeaves(
      y,
      (node, path) => {
        const ts = dys.map((t) => tangentAt(t, path));
        // A part no lane moves is kept as it is.
        if (ts.every((t) => isZeroish(t))) return node;
        if (typeof node === 'number' || (isActive(node) && !('length' in node))) {
          return new Dual(
            this,
            node as Real,
            ts.map((t) => (isZeroish(t) ? 0 : (t as Real))),
          );
        }
        const isArrayLeaf =
          node instanceof Float64Array ||
          (isActive(node) && 'length' in node) ||
          (Array.isArray(node) &&
            node.every((e) => typeof e === 'number' || (isActive(e) && !('length' in e))));
        if (!isArrayLeaf) return DESCEND;
        const v =
          Array.isArray(node) && allNumbers(node)
            ? Float64Array.from(node as number[])
            : (node as Float64Array);
        const n = (node as { length: number }).length;
        const lanes = ts.map((t) => {
          if (isZeroish(t)) return new Float64Array(n);
          if (t instanceof Float64Array) return t;
          if (Array.isArray(t) && allNumbers(t)) return Float64Array.from(t as number[]);
          if (Array.isArray(t)) return t as Real[];
          return Array.from({ length: n }, (_, i) => elementOf(t, i));
        });
        return new DualArray(this, v, lanes);
      },
      [],
    );
  }

  private scalarPartials(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    const vs = args.map((a) => (this.owns(a) ? a.value : a));
    const y = (allNumbers(vs) ? rec.body(...(vs as never[])) : f(...(vs as never[]))) as Real;
    const ps = callPartials(rec, this.mode, vs, y) as readonly Real[];
    if (!numbersOnly(y, ps) && (holdsCaptured(this, y) || holdsCaptured(this, ps))) {
      return this.retrace(f, rec, args, 'partials');
    }
    const d = new Array<Real>(this.lanes).fill(0);
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (!(a instanceof Dual) || a.owner !== this) continue;
      for (let j = 0; j < this.lanes; j++) d[j] = plus(d[j], times(ps[k], a.tangents[j]));
    }
    return new Dual(this, y, d);
  }

  private viaFrule(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    const mode = this.mode;
    const lowered = args.map((a) => this.lower(a));
    let y: unknown;
    const dys: unknown[] = [];
    for (let j = 0; j < this.lanes; j++) {
      const tangents = args.map((a, k) =>
        rec.nondiff.includes(k) ? noTangent : this.tangentLane(a, j),
      );
      const [yj, dyj] = callFrule(rec, mode, lowered, tangents, this.config);
      const dy = unthunk(checkTangent(rec, mode, 'frule', dyj, yj, undefined, '[1]'));
      if (holdsCaptured(this, yj) || holdsCaptured(this, dy)) {
        return this.retrace(f, rec, args, 'frule');
      }
      y = yj;
      dys.push(dy);
    }
    return this.lift(y, dys);
  }

  /** A pushforward assembled from pullbacks: one pullback per output component. */
  private viaPullbacks(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    const mode = this.mode;
    const lowered = args.map((a) => this.lower(a));
    const [y, pullback] = callRrule(rec, mode, lowered, this.config);
    if (holdsCaptured(this, y)) return this.retrace(f, rec, args, 'rrule');
    const lanes = Array.from({ length: this.lanes }, (_, j) =>
      args.map((a) => this.tangentLane(a, j)),
    );
    const dys = lanes.map((tangents) =>
      mapOutputComponents(y, (basis) => {
        const cts = callPullback(rec, mode, pullback, basis, lowered);
        let acc: Real = 0;
        for (let k = 0; k < args.length; k++) acc = plus(acc, innerProduct(cts[k], tangents[k]));
        return acc;
      }),
    );
    if (holdsCaptured(this, dys)) return this.retrace(f, rec, args, 'pullback');
    return this.lift(y, dys);
  }

  /**
   * A rule that closes over a value of this pass (found in its output) would lose that value's
   * derivative: reported, and the body traced instead.
   */
  private retrace(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
    part: RulePart,
  ): unknown {
    reportCapture(this.boundary, this, f, rec, part);
    return this.trace(f, rec, args);
  }

  private trace(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    return atBoundary(
      this,
      () => rec.body(...(args as never[])),
      (error, caught) => this.boundary.blackBox(this, f, rec, args, error, caught),
    );
  }
}

/**
 * Builds a tangent shaped like `y` whose every scalar component `c` is `component(basis_c)`,
 * where `basis_c` is a cotangent of `y` that is 1 at `c` and 0 elsewhere.
 */
export function mapOutputComponents(y: unknown, component: (basis: unknown) => Real): unknown {
  // The cotangent of `y` that is `leaf` at `path`, its siblings on the way zeroTangent.
  const basisAt = (path: Path, leaf: unknown): unknown =>
    mapLeaves(
      y,
      (_, at) => {
        if (at.length > 0 && at[at.length - 1] !== path[at.length - 1]) return zeroTangent;
        return at.length === path.length ? leaf : DESCEND;
      },
      [],
    );
  return mapLeaves(
    y,
    (shape, path) => {
      if (typeof shape === 'number' || (isActive(shape) && !('length' in shape)))
        return component(basisAt(path, 1));
      const n = (shape as { length?: number }).length;
      const isArrayLeaf =
        shape instanceof Float64Array ||
        (isActive(shape) && n !== undefined) ||
        (Array.isArray(shape) &&
          shape.every((e) => typeof e === 'number' || (isActive(e) && !('length' in e))));
      if (isArrayLeaf) {
        const out = new Array<Real>(n as number);
        for (let i = 0; i < (n as number); i++) {
          const basis = new Float64Array(n as number);
          basis[i] = 1;
          out[i] = component(basisAt(path, basis));
        }
        return allNumbers(out) ? Float64Array.from(out as number[]) : out;
      }
      return isBranch(shape) ? DESCEND : noTangent;
    },
    [],
  );
}

/** How `map` kernels that cannot run as one loop get the interpreter that runs them per element. */
export const perElementInterpreter = (
  lanes: number,
  config: RuleConfig,
  boundary: BoundaryHandler,
): ForwardInterpreter => new ForwardInterpreter(lanes, config, boundary);
