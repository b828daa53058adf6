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
  setAt,
  ShapeMismatchError,
  similar,
  slice,
  zerosLike,
} from '@pullback/rules-core/math';
import { checkIndex } from './check-index.js';
import { DESCEND, isBranch, mapLeaves, someNode, zipLeaves } from '../tree/walk.js';
import { sliceBounds } from './slice-bounds.js';
import { mapOperands } from '../staging/map-kernels/kernel-partials.js';
import { perElementInterpreter } from './forward.js';
import {
  primitiveOf,
  scalarPartials,
  scalarPrimitive,
  type Primitive,
} from '../primitives/primitives.js';
import {
  reverseKernel,
  valueKernel,
  type ReverseTargetKind,
} from '../primitives/primitive-loops.js';
import { allNumbers, elementOf, isZeroish } from '../tree/leaves.js';
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
import type { Checkpoint, Tape } from '../tapes/tape.js';
import {
  addAdjoint,
  addAdjointRange,
  adjointAt,
  adjointRange,
  isZeroAdjoint,
  type Adjoints,
} from '../tapes/adjoints.js';
import { innerProduct } from '../tree/inner-product.js';
import { DECLINED, type StructuralHandler } from './structural.js';
import { TrackedArray, TrackedScalar } from '../values/tracked.js';

/** A numeric operand of a vectorised primitive: a scalar or an array, tracked or passive. */
interface Operand {
  /** -1 for a scalar. */
  readonly length: number;
  readonly scalar: number;
  readonly array: Float64Array | undefined;
  /** Id of a tracked scalar, or first id of a contiguous tracked array; -1 when passive. */
  readonly id: number;
  /** Ids of a gathered `Real[]` (-1 for passive elements). */
  readonly ids: Int32Array | undefined;
}

/**
 * Reverse mode. Calls of differentiable functions on tracked values are recorded on the tape:
 * hot scalar primitives as numeric partials, other scalar functions through their `partials`,
 * everything else through its rrule (or a pullback built from chunked frules), and functions
 * with no rule by tracing their body. A body that cannot carry active values is unwound and
 * handed to the boundary handler (a black-box fallback).
 */
export class ReverseInterpreter extends CoercionLog implements Interpreter {
  readonly mode = 'reverse';
  level = -1;
  constructor(
    readonly tape: Tape,
    readonly config: RuleConfig,
    readonly boundary: BoundaryHandler,
  ) {
    super();
  }

  /** A new tracked scalar for an input. */
  input(v: Real): TrackedScalar {
    return new TrackedScalar(this, v, this.tape.allocate(1));
  }

  /** A new tracked array for an input. */
  inputArray(v: Float64Array | readonly Real[]): TrackedArray {
    return new TrackedArray(this, v, this.tape.allocate(v.length));
  }

  /** True when `x` is a value of this pass. */
  owns(x: unknown): x is TrackedScalar | TrackedArray {
    return (x instanceof TrackedScalar || x instanceof TrackedArray) && x.owner === this;
  }

  apply(f: DifferentiableFunction, args: readonly unknown[]): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined) {
      const r = this.primitive(prim, prim.name, args);
      if (r !== undefined) return r;
    }
    const rec = recordOf(f) as DifferentiableRecord;
    // None of the structural operations has partials, so they may come before that path.
    const structural = ReverseInterpreter.structural.get(f);
    if (structural !== undefined) {
      const r = structural(this, f, rec, args);
      if (r !== DECLINED) return r;
    }
    if (rec.partials !== undefined && args.every((a) => this.isScalarArg(a))) {
      return this.scalarPartials(f, rec, args);
    }
    if (rec.rrule !== undefined) return this.viaRrule(f, rec, args);
    if (rec.frule !== undefined) return this.viaFrules(f, rec, args);
    return this.trace(f, rec, args);
  }

  /**
   * The structural operations this interpreter runs itself, by vocabulary function: one lookup
   * instead of a chain of comparisons. `DECLINED` sends the call down the generic path.
   */
  private static readonly structural = new Map<unknown, StructuralHandler<ReverseInterpreter>>([
    [at, (i, _f, _rec, args) => i.at(args)],
    [
      setAt,
      (i, _f, _rec, args) =>
        args[0] instanceof TrackedArray && args[0].owner === i && typeof args[1] === 'number'
          ? i.setAt(args[0], args[1], args[2])
          : DECLINED,
    ],
    [similar, (_i, _f, rec, args) => rec.body(...(args as never[]))],
    [zerosLike, (_i, _f, rec, args) => rec.body(...(args as never[]))],
    [slice, (i, _f, _rec, args) => i.range(args) ?? DECLINED],
    [map, (i, f, rec, args) => i.mapOrTrace(f, rec, args)],
    [map2, (i, f, rec, args) => i.mapOrTrace(f, rec, args)],
  ]);

  /**
   * Mixed mode, else the body traced element by element: map's rule treats what the kernel
   * closes over as constant (and its pullback would run after that value's pass ended). A
   * failed attempt may have recorded operations on a captured value: dropped.
   */
  private mapOrTrace(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    if (this.tape.numeric) {
      const checkpoint = this.tape.checkpoint();
      const r = this.mapped(args);
      if (r !== undefined) return r;
      this.tape.rewind(checkpoint);
    }
    return this.trace(f, rec, args);
  }

  /** `apply(f, [a])` for `a` of this pass: a hot unary primitive is recorded here directly. */
  apply1(f: DifferentiableFunction, a: unknown): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined && prim.arity === 1) {
      const r = this.scalarPrimitive(prim.code, a, 0);
      if (r !== undefined) return r;
    }
    return this.apply(f, [a]);
  }

  /** `apply(f, [a, b])` for numbers and values of this pass: hot primitives and `at` first. */
  apply2(f: DifferentiableFunction, a: unknown, b: unknown): unknown {
    const prim = primitiveOf(f);
    if (prim !== undefined) {
      if (prim.arity === 2) {
        const r = this.scalarPrimitive(prim.code, a, b);
        if (r !== undefined) return r;
      }
    } else if (f === at && a instanceof TrackedArray && typeof b === 'number') {
      return this.element(a, b);
    }
    return this.apply(f, [a, b]);
  }

  /**
   * A hot primitive on two scalars (numbers or this pass's numeric scalars, at least one
   * tracked): the value and one or two multiplications, recorded as numeric partials.
   * `undefined` when the operands are anything else.
   */
  private scalarPrimitive(code: number, a: unknown, b: unknown): TrackedScalar | undefined {
    let av: number;
    let pa = -1;
    if (typeof a === 'number') av = a;
    else if (a instanceof TrackedScalar && a.owner === this && typeof a.value === 'number') {
      av = a.value;
      pa = a.id;
    } else return undefined;
    let bv: number;
    let pb = -1;
    if (typeof b === 'number') bv = b;
    else if (b instanceof TrackedScalar && b.owner === this && typeof b.value === 'number') {
      bv = b.value;
      pb = b.id;
    } else return undefined;
    if (pa < 0 && pb < 0) return undefined;
    const y = scalarPrimitive(code, av, bv);
    return new TrackedScalar(
      this,
      y,
      this.tape.record2(pa, scalarPartials[0], pb, scalarPartials[1]),
    );
  }

  private isScalarArg(a: unknown): boolean {
    return typeof a === 'number' || a instanceof TrackedScalar || (isActive(a) && !('length' in a));
  }

  /** `at(x, i)` on a tracked array is an alias of element `i`'s id: nothing is recorded. */
  private at(args: readonly unknown[]): unknown {
    const [x, i] = args;
    if (this.owns(x) && x instanceof TrackedArray && typeof i === 'number') {
      return this.element(x, i);
    }
    const rec = recordOf(at) as DifferentiableRecord;
    return Array.isArray(x) ? rec.body(...(args as never[])) : this.viaRrule(at, rec, args);
  }

  /** Element `i` of a tracked array: an alias of its id, nothing recorded. */
  private element(x: TrackedArray, i: number): unknown {
    if (!Number.isInteger(i) || i < 0 || i >= x.length) return at(x.value as never, i);
    return new TrackedScalar(this, (x.value as ArrayLike<Real>)[i], x.id + i);
  }

  /**
   * `slice(x, start, end)` of a tracked array: the ids of a range are consecutive, so the
   * slice is an alias like `at` (nothing recorded, nothing to scatter in the sweep).
   */
  private range(args: readonly unknown[]): TrackedArray | undefined {
    const r = this.sliceOfOwn(args);
    if (r === undefined) return undefined;
    const { x, s, e } = r;
    // A view suffices: a pass never writes into the values of its arrays (`setAt` copies).
    const v =
      x.value instanceof Float64Array ? x.value.subarray(s, e) : slice(x.value as never, s, e);
    return new TrackedArray(this, v, x.id + s);
  }

  /**
   * The array and `[s, e)` of a call `slice(x, start, end)` on this pass's own tracked array
   * with numeric (or absent) positions; `undefined` for any other call of `slice`.
   */
  protected sliceOfOwn(
    args: readonly unknown[],
  ): { readonly x: TrackedArray; readonly s: number; readonly e: number } | undefined {
    const [x, start, end] = args;
    if (!(x instanceof TrackedArray) || x.owner !== this) return undefined;
    if (start !== undefined && typeof start !== 'number') return undefined;
    if (end !== undefined && typeof end !== 'number') return undefined;
    const [s, e] = sliceBounds(x.length, start, end);
    return { x, s, e };
  }

  private operand(x: unknown): Operand | undefined {
    if (typeof x === 'number')
      return { length: -1, scalar: x, array: undefined, id: -1, ids: undefined };
    if (x instanceof TrackedScalar) {
      if (x.owner !== this || typeof x.value !== 'number') return undefined;
      return { length: -1, scalar: x.value, array: undefined, id: x.id, ids: undefined };
    }
    if (x instanceof TrackedArray) {
      if (x.owner !== this || !(x.value instanceof Float64Array)) return undefined;
      return { length: x.length, scalar: 0, array: x.value, id: x.id, ids: undefined };
    }
    if (x instanceof Float64Array)
      return { length: x.length, scalar: 0, array: x, id: -1, ids: undefined };
    if (Array.isArray(x)) {
      const n = x.length;
      const a = new Float64Array(n);
      const ids = new Int32Array(n).fill(-1);
      let tracked = false;
      for (let i = 0; i < n; i++) {
        const e = x[i];
        if (typeof e === 'number') a[i] = e;
        else if (e instanceof TrackedScalar && e.owner === this && typeof e.value === 'number') {
          a[i] = e.value;
          ids[i] = e.id;
          tracked = true;
        } else return undefined;
      }
      return { length: n, scalar: 0, array: a, id: -1, ids: tracked ? ids : undefined };
    }
    return undefined;
  }

  /** Hot primitives on numbers: numeric partials, scalar or vectorised. */
  private primitive(prim: Primitive, name: string, args: readonly unknown[]): unknown {
    if (args.length !== prim.arity) return undefined;
    const a = args[0];
    const b = prim.arity === 2 ? args[1] : 0;
    const scalar = this.scalarPrimitive(prim.code, a, b);
    if (scalar !== undefined) return scalar;
    if (!this.tape.numeric) return undefined;
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

  private vectorised(prim: Primitive, oa: Operand, ob: Operand): TrackedArray {
    const n = oa.length >= 0 ? oa.length : ob.length;
    const y = new Float64Array(n);
    const ka = oa.length >= 0 ? 'array' : 'scalar';
    const kb = ob.length >= 0 ? 'array' : 'scalar';
    valueKernel(prim, ka, kb)(n, oa.array, oa.scalar, ob.array, ob.scalar, y);
    const out = new TrackedArray(this, y, this.tape.allocate(n));
    const base = out.id;
    const kernel = reverseKernel(prim, ka, kb, targetKind(oa), targetKind(ob));
    this.tape.recordCustom({
      backward: (adj) => {
        kernel(
          n,
          oa.array,
          oa.scalar,
          ob.array,
          ob.scalar,
          y,
          adj as Float64Array,
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

  /** `map`/`map2` in mixed mode: the kernel's partials per element, by forward mode. */
  private mapped(args: readonly unknown[]): TrackedArray | undefined {
    const [fn, ...data] = args;
    const ops = data.map((d) => this.operand(d));
    if (ops.some((o) => o === undefined)) return undefined;
    const operands = ops as Operand[];
    const kp = mapOperands(fn, operands, this.config, this.boundary, perElementInterpreter);
    if (kp === undefined) return undefined;
    const n = kp.n;
    const out = new TrackedArray(this, kp.y, this.tape.allocate(n));
    const base = out.id;
    this.tape.recordCustom({
      backward: (adjoints) => {
        const adj = adjoints as Float64Array;
        operands.forEach((o, k) => {
          const p = kp.partials[k];
          if (o.ids !== undefined) {
            for (let i = 0; i < n; i++) if (o.ids[i] >= 0) adj[o.ids[i]] += adj[base + i] * p[i];
          } else if (o.id >= 0) {
            if (o.length < 0) for (let i = 0; i < n; i++) adj[o.id] += adj[base + i] * p[i];
            else for (let i = 0; i < n; i++) adj[o.id + i] += adj[base + i] * p[i];
          }
        });
      },
    });
    return out;
  }

  /** The value of `f` one level down. */
  private callLower(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    vs: readonly unknown[],
  ): unknown {
    return allNumbers(vs) ? rec.body(...(vs as never[])) : f(...(vs as never[]));
  }

  /** Scalar functions with `partials` (every `scalarRule`): partials stored, no closure kept. */
  private scalarPartials(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    // Where the tape was, kept as numbers: this path runs for every call of a user's scalar rule.
    const { ops, edges, ids } = this.tape;
    const customs = this.tape.customCount();
    const vs = args.map((a) => (this.owns(a) ? a.value : a));
    const y = this.callLower(f, rec, vs) as Real;
    const ps = callPartials(rec, this.mode, vs, y) as readonly Real[];
    if (!numbersOnly(y, ps) && (holdsCaptured(this, y) || holdsCaptured(this, ps))) {
      return this.retrace(f, rec, args, 'partials', { ops, edges, ids, customs });
    }
    const parents = args.map((a) => (a instanceof TrackedScalar && a.owner === this ? a.id : -1));
    if (this.tape.numeric && !allNumbers(ps)) return this.viaRrule(f, rec, args);
    return new TrackedScalar(this, y, this.tape.recordN(parents, ps));
  }

  /** Strips this level from a structure of arguments. */
  lower(x: unknown): unknown {
    return mapLeaves(x, this.lowerNode);
  }

  private readonly lowerNode = (x: unknown): unknown => {
    if (typeof x !== 'object' || x === null) return x;
    if (this.owns(x)) return x.value;
    // An array with nothing inside to strip is kept, not copied.
    if (Array.isArray(x) && !x.some((e) => typeof e === 'object')) return x;
    return DESCEND;
  };

  /**
   * A copy of a structure that no later write follows: tracked arrays keep their ids against
   * `setAt`, and plain arrays holding values are copied, since `f` may write into them
   * (`x[0] = v`, `reverse`, `sort`, `shift` on a lifted `number[]` input).
   */
  snapshot(x: unknown): unknown {
    return mapLeaves(x, this.snapshotNode);
  }

  private readonly snapshotNode = (x: unknown): unknown => {
    if (x instanceof TrackedArray && x.owner === this) return new TrackedArray(this, x.value, x.id);
    if (Array.isArray(x) && !x.some((e) => typeof e === 'object' && e !== null)) return x;
    return DESCEND;
  };

  /**
   * `setAt` on a tracked array, in place and copy-on-write: the array moves to new values and
   * new ids, element `i` taking the written value's id, the others linked to their old ids.
   * Pullbacks recorded earlier saved the old values and ids, so they stay correct.
   */
  private setAt(x: TrackedArray, i: number, v: unknown): TrackedArray {
    checkIndex('setAt', i, x.length);
    const n = x.length;
    const old = x.id;
    const lowered = this.owns(v) ? v.value : v;
    const values =
      x.value instanceof Float64Array && typeof lowered === 'number'
        ? x.value.slice()
        : Array.from(x.value as ArrayLike<Real>);
    (values as Real[])[i] = lowered as Real;
    const base = this.tape.allocate(n);
    const vid = v instanceof TrackedScalar && v.owner === this ? v.id : -1;
    this.tape.recordCustom({
      backward: (adj) => {
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const g = adjointAt(adj, base + j);
          if (g !== 0) addAdjoint(adj, old + j, g);
        }
        if (vid < 0) return;
        const gi = adjointAt(adj, base + i);
        if (gi !== 0) addAdjoint(adj, vid, gi);
      },
    });
    x.value = values;
    x.id = base;
    return x;
  }

  /** Gives every real leaf of a rule's output fresh ids on this tape. */
  lift(y: unknown): unknown {
    return mapLeaves(y, (node) => {
      if (typeof node === 'number') return new TrackedScalar(this, node, this.tape.allocate(1));
      if (node instanceof Float64Array) {
        return new TrackedArray(this, node, this.tape.allocate(node.length));
      }
      if (isActive(node)) {
        return 'length' in node
          ? new TrackedArray(
              this,
              node as never,
              this.tape.allocate((node as { length: number }).length),
            )
          : new TrackedScalar(this, node, this.tape.allocate(1));
      }
      if (
        Array.isArray(node) &&
        node.every((e) => typeof e === 'number' || (isActive(e) && !('length' in e)))
      ) {
        return new TrackedArray(
          this,
          allNumbers(node) ? Float64Array.from(node as number[]) : (node as Real[]),
          this.tape.allocate(node.length),
        );
      }
      return DESCEND;
    });
  }

  /** Reads the adjoint of a lifted output as a cotangent; `undefined` when it is all zero. */
  readCotangent(out: unknown, adj: Adjoints): unknown {
    if (!this.hasAdjoint(out, adj)) return undefined;
    // A part whose adjoints are all zero reads as one zeroTangent.
    return mapLeaves(out, (v) => {
      if (!this.hasAdjoint(v, adj)) return zeroTangent;
      if (v instanceof TrackedScalar) return adjointAt(adj, v.id);
      if (v instanceof TrackedArray) return adjointRange(adj, v.id, v.length);
      return DESCEND;
    });
  }

  /** True when a tracked leaf of this tape in `x` has a nonzero adjoint. */
  private hasAdjoint(x: unknown, adj: Adjoints): boolean {
    return someNode(x, (v) => {
      if (v instanceof TrackedScalar && v.owner === this) return adjointAt(adj, v.id) !== 0;
      if (v instanceof TrackedArray && v.owner === this) return !isZeroAdjoint(adj, v.id, v.length);
      return undefined;
    });
  }

  /** Adds cotangent `ct` into the adjoints of the tracked leaves of `arg`. */
  scatter(arg: unknown, ct: unknown, adj: Adjoints): void {
    zipLeaves(arg, ct, (a, c) => this.scatterNode(a, c, adj));
  }

  private scatterNode(arg: unknown, ct: unknown, adj: Adjoints): unknown {
    if (isZeroish(ct)) return undefined;
    const c = unthunk(ct);
    if (arg instanceof TrackedScalar) {
      if (arg.owner === this) addAdjoint(adj, arg.id, c as Real);
      return undefined;
    }
    if (arg instanceof TrackedArray) {
      if (arg.owner === this) addAdjointRange(adj, arg.id, arg.length, c);
      return undefined;
    }
    if (
      Array.isArray(arg) &&
      !(Array.isArray(c) && arg.some((e) => typeof e === 'object' && !(e instanceof TrackedScalar)))
    ) {
      // An array of scalars takes its cotangent as an array of any kind (a Float64Array, or an
      // active array of a lower level), element by element.
      for (let i = 0; i < arg.length; i++) this.scatterNode(arg[i], elementOf(c, i), adj);
      return undefined;
    }
    // Arrays with their cotangent arrays, plain objects with plain objects; nothing else holds
    // this tape's values (a Float64Array is a constant, whatever its cotangent).
    if (Array.isArray(arg) || (isBranch(arg) && isBranch(c) && !Array.isArray(c))) return DESCEND;
    return undefined;
  }

  /** Any function with an rrule: the rule's pullback runs when the sweep reaches it. */
  viaRrule(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    const mode = this.mode;
    // Where the tape was, kept as numbers (no object for the common case, no capture).
    const { ops, edges, ids } = this.tape;
    const customs = this.tape.customCount();
    const lowered = args.map((a) => this.lower(a));
    const [y, pullback] = callRrule(rec, mode, lowered, this.config);
    if (holdsCaptured(this, y)) {
      return this.retrace(f, rec, args, 'rrule', { ops, edges, ids, customs });
    }
    const out = this.lift(y);
    // Ids as they are now: a later setAt moves arrays to new ids, the pullback must not follow.
    const savedOut = this.snapshot(out);
    const savedArgs = args.map((a) => this.snapshot(a));
    this.tape.recordCustom({
      backward: (adj) => {
        const dy = this.readCotangent(savedOut, adj);
        if (dy === undefined) return;
        const cts = callPullback(rec, mode, pullback, dy, savedArgs);
        for (let k = 0; k < savedArgs.length; k++) this.scatter(savedArgs[k], cts[k], adj);
      },
    });
    return out;
  }

  /** A function with only an frule: its pullback is assembled from one frule per input component. */
  private viaFrules(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    const mode = this.mode;
    const checkpoint = this.tape.checkpoint();
    const lowered = args.map((a) => this.lower(a));
    const slots = this.trackedSlots(args);
    const columns: unknown[] = [];
    let y: unknown;
    for (let j = 0; j < slots.length; j++) {
      const tangents = args.map((a, k) => basisTangent(a, k, slots[j], this));
      const [yj, dyj] = callFrule(rec, mode, lowered, tangents, this.config);
      const dy = unthunk(checkTangent(rec, mode, 'frule', dyj, yj, undefined, '[1]'));
      if (holdsCaptured(this, yj) || holdsCaptured(this, dy)) {
        return this.retrace(f, rec, args, 'frule', checkpoint);
      }
      y = yj;
      columns.push(dy);
    }
    if (slots.length === 0) {
      [y] = callFrule(
        rec,
        mode,
        lowered,
        args.map(() => zeroTangent),
        this.config,
      );
      if (holdsCaptured(this, y)) return this.retrace(f, rec, args, 'frule', checkpoint);
    }
    const out = this.lift(y);
    this.tape.recordCustom({
      backward: (adj) => {
        const dy = this.readCotangent(out, adj);
        if (dy === undefined) return;
        for (let j = 0; j < slots.length; j++) {
          addAdjoint(adj, slots[j].id, innerProduct(dy, columns[j]));
        }
      },
    });
    return out;
  }

  /**
   * A rule that closes over a value of this pass (found in its output) would lose that value's
   * derivative, and its pullback would run after the pass has ended: what it recorded is
   * dropped, the fallback reported, and the body traced instead.
   */
  private retrace(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
    part: RulePart,
    checkpoint: Checkpoint,
  ): unknown {
    this.tape.rewind(checkpoint);
    reportCapture(this.boundary, this, f, rec, part);
    return this.trace(f, rec, args);
  }

  /** Every tracked scalar position among `args`: argument index, path, and id. */
  trackedSlots(args: readonly unknown[]): Slot[] {
    const slots: Slot[] = [];
    args.forEach((a, arg) =>
      someNode(
        a,
        (x, path) => {
          if (x instanceof TrackedScalar && x.owner === this)
            slots.push({ arg, path, index: -1, id: x.id });
          else if (x instanceof TrackedArray && x.owner === this) {
            for (let i = 0; i < x.length; i++) slots.push({ arg, path, index: i, id: x.id + i });
          } else return undefined; // looks inside
          return false;
        },
        [],
      ),
    );
    return slots;
  }

  /** No rule: run the body on tracked values; if it cannot carry them, unwind and fall back. */
  private trace(
    f: DifferentiableFunction,
    rec: DifferentiableRecord,
    args: readonly unknown[],
  ): unknown {
    const checkpoint = this.tape.checkpoint();
    return atBoundary(
      this,
      () => rec.body(...(args as never[])),
      (error, caught) => {
        this.tape.rewind(checkpoint);
        return this.boundary.blackBox(this, f, rec, args, error, caught);
      },
    );
  }

  /** Records a black box whose Jacobian columns (one per tracked slot) are already known. */
  recordJacobian(
    args: readonly unknown[],
    y: unknown,
    slots: readonly Slot[],
    columns: readonly unknown[],
  ): unknown {
    const out = this.lift(y);
    this.tape.recordCustom({
      backward: (adj) => {
        const dy = this.readCotangent(out, adj);
        if (dy === undefined) return;
        for (let j = 0; j < slots.length; j++) {
          addAdjoint(adj, slots[j].id, innerProduct(dy, columns[j]));
        }
      },
    });
    return out;
  }
}

/** One scalar position among a call's arguments. */
export interface Slot {
  readonly arg: number;
  readonly path: readonly (string | number)[];
  /** Element index inside a tracked array, or -1 for a tracked scalar. */
  readonly index: number;
  readonly id: number;
}

/** The tangent of argument `k` that is 1 at `slot` and zero elsewhere. */
function basisTangent(arg: unknown, k: number, slot: Slot, interp: ReverseInterpreter): unknown {
  return mapLeaves(
    arg,
    (x, path) => {
      const here =
        k === slot.arg &&
        path.length === slot.path.length &&
        path.every((p, i) => p === slot.path[i]);
      if (x instanceof TrackedScalar && x.owner === interp) return here ? 1 : zeroTangent;
      if (x instanceof TrackedArray && x.owner === interp) {
        if (!here) return zeroTangent;
        const t = new Float64Array(x.length);
        t[slot.index] = 1;
        return t;
      }
      if (isBranch(x)) return DESCEND;
      return typeof x === 'number' ? zeroTangent : noTangent;
    },
    [],
  );
}

/** Where the adjoint of an operand goes. */
export function targetKind(o: Operand): ReverseTargetKind {
  if (o.ids !== undefined) return 'gathered';
  if (o.id < 0) return 'none';
  return o.length < 0 ? 'scalar' : 'contiguous';
}
