// Over 400 lines: one class, every operator family's compiled call over one staged preparation, sharing its guards, scratch buffers and result shaping.
import type { Real } from '@pullback/rules-core';
import { matchesStructure } from '../tree/matches.js';
import {
  flattenInto,
  sameStructure,
  sizeOf,
  structureOf,
  unflatten,
  type Structure,
} from '../tree/structure.js';
import { numbersInto, Scratches, Slot, type Scratch } from './scratch.js';
import type { StagedPreparation } from './staged-preparation.js';

/** `length` numbers of `flat` from `offset`, as a fresh `number[]`. */
function numbersOf(flat: Float64Array, offset: number, length: number): number[] {
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = flat[offset + i];
  return out;
}

/**
 * The numbers of `flat` from `offset` copied into a fresh value of structure `s`: a number is
 * read, a `number[]` built and a `Float64Array` sliced directly (no intermediate array).
 */
function copied(s: Structure, flat: Float64Array, offset = 0): unknown {
  switch (s.kind) {
    case 'number':
      return flat[offset];
    case 'float64':
      return flat.slice(offset, offset + s.length);
    case 'numbers':
      return numbersOf(flat, offset, s.length);
    default:
      return unflatten(s, flat, offset);
  }
}

/**
 * A gradient (or its tangents) in structure `s`: for a `Float64Array` input the kernel wrote a
 * fresh array made for this result (see `CompiledOperators.into`), returned as it is; any other
 * structure was written into a scratch buffer, copied out.
 */
function adopt(s: Structure, flat: Float64Array): unknown {
  return s.kind === 'float64' && flat.length === s.length ? flat : copied(s, flat);
}

/**
 * `[a, b]` copied into structure `s`. Numbers are read into locals first: the pair is then an
 * array of doubles whether or not V8 inlines `copied` (which would otherwise box each one).
 */
function pair(s: Structure, a: Float64Array, b: Float64Array): [unknown, unknown] {
  if (s.kind === 'number') {
    const y = a[0];
    const t = b[0];
    return [y, t];
  }
  return [copied(s, a), copied(s, b)];
}

/** True when `t` is a `number[]` of `length` numbers (no active values). */
function numbersOfLength(t: unknown, length: number): t is readonly number[] {
  if (!Array.isArray(t) || t.length !== length) return false;
  for (let i = 0; i < length; i++) if (typeof t[i] !== 'number') return false;
  return true;
}

/** The caller's storage an in-place function's value is written into. */
type OutputArray = Float64Array | number[];

/** The value `Y` written into the caller's `y` (of the same length). */
function writeInto(y: OutputArray, Y: Float64Array): void {
  if (y instanceof Float64Array) y.set(Y);
  else for (let i = 0; i < Y.length; i++) y[i] = Y[i];
}

/** `y.length` numbers of `flat` from `offset` in `y`'s kind, as the in-place operators return a derivative shaped like `y`. */
function likeOutput(y: OutputArray, flat: Float64Array, offset = 0): unknown {
  return y instanceof Float64Array
    ? flat.slice(offset, offset + y.length)
    : numbersOf(flat, offset, y.length);
}

/** A dense matrix result, row-major. */
interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** The tangent 1 of a scalar input (generated code only reads input tangents). */
const ONE = Float64Array.of(1);

/**
 * The operators on a compiled preparation, in the callers' structures. Each returns `undefined`
 * when the call must run eagerly instead (nothing compiled, a guard that retraced too often, or
 * a tangent or cotangent of the wrong shape, which the eager path reports properly). Once warm,
 * a call allocates only the result it returns: inputs, directions and cotangents are read in
 * place or flattened into the preparation's scratch buffers, and gradients of inputs that are
 * not a `Float64Array` are written there before they are shaped.
 */
export class CompiledOperators {
  private readonly scratches = new Scratches();
  /** Scalars in `x`. */
  private readonly n: number;
  /** The output structure last seen and its size (`sizeOf` walks a tree). */
  private lastOutput: Structure | undefined;
  private lastM = 0;

  constructor(
    private readonly sp: StagedPreparation,
    private readonly xs: Structure,
  ) {
    this.n = sizeOf(xs);
  }

  /** `x` flattened into `s` (a `Float64Array` input is read in place). */
  private input(s: Scratch, x: unknown): Float64Array {
    if (this.xs.kind === 'float64') return x as Float64Array;
    const X = s.get(Slot.X, this.n);
    if (this.xs.kind === 'numbers') numbersInto(x as number[], X, 0);
    else flattenInto(x, this.xs, X, 0);
    return X;
  }

  /**
   * Where a gradient (or `lanes` of its tangents) in `x`'s structure is written: a fresh array
   * for a `Float64Array` input (`undefined`: the kernel makes one, which is the result), else
   * the scratch buffer `slot`, copied into the result's structure by `adopt`.
   */
  private into(s: Scratch, slot: Slot, lanes = 1): Float64Array | undefined {
    return this.xs.kind === 'float64' ? undefined : s.get(slot, this.n * lanes);
  }

  /** The number of scalars in the output `out`. */
  private sizeOfOutput(out: Structure): number {
    if (out !== this.lastOutput) {
      this.lastM = sizeOf(out);
      this.lastOutput = out;
    }
    return this.lastM;
  }

  /**
   * A cotangent `dy` of the output `out`, flattened (into `s`'s buffer `DY` when it is not a
   * `Float64Array` read in place); the kernel copies it into its workspace before it runs.
   */
  private cotangent(dy: unknown, out: Structure | undefined, s: Scratch): Float64Array | undefined {
    if (typeof dy === 'number' && out?.kind === 'number') {
      const b = s.get(Slot.DY, 1);
      b[0] = dy;
      return b;
    }
    return this.shaped(dy, out, s, Slot.DY);
  }

  /**
   * `t` flattened when it has structure `shape`, else `undefined`: a `Float64Array` is read in
   * place, anything else flattened into `s`'s buffer `slot`. The result is only read.
   */
  private shaped(
    t: unknown,
    shape: Structure | undefined,
    s: Scratch,
    slot: Slot,
  ): Float64Array | undefined {
    if (shape === undefined) return undefined;
    // A number[] and a Float64Array of one length are alike, as the eager operators take them
    // (an in-place pullback's dy is shaped like y, a Float64Array for a number[] output).
    const arrays = shape.kind === 'numbers' || shape.kind === 'float64';
    // The common cases, checked without building t's structure.
    if (arrays && t instanceof Float64Array && ArrayBuffer.isView(t))
      return t.length === shape.length ? t : undefined;
    if (arrays && numbersOfLength(t, shape.length)) {
      const b = s.get(slot, shape.length);
      numbersInto(t, b, 0);
      return b;
    }
    if (!arrays && matchesStructure(t, shape)) {
      const b = s.get(slot, sizeOf(shape));
      flattenInto(t, shape, b, 0);
      return b;
    }
    let ts: Structure;
    try {
      ts = structureOf(t);
    } catch {
      return undefined;
    }
    const alike =
      arrays && (ts.kind === 'numbers' || ts.kind === 'float64') && ts.length === shape.length;
    if (!alike && !sameStructure(ts, shape)) return undefined;
    if (t instanceof Float64Array) return t;
    const b = s.get(slot, sizeOf(shape));
    flattenInto(t, shape, b, 0);
    return b;
  }

  /** The output's structure (at the latest trace), `undefined` before a trace succeeded. */
  output(): Structure | undefined {
    return this.sp.output;
  }

  /**
   * What a matrix call computed besides its matrix (the value; the gradient for a Hessian),
   * set just before it returns and read by its caller at once.
   */
  private extra: [unknown, unknown] = [undefined, undefined];

  valueAndGradient(x: unknown, rest: readonly unknown[]): [Real, unknown] | undefined {
    if (this.output()?.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const X = this.input(s, x);
      const w = this.sp.runVjp(x, X, rest, undefined, true, this.into(s, Slot.G));
      return w === undefined ? undefined : [w.Y[0], adopt(this.xs, w.G)];
    } finally {
      this.scratches.leave(s);
    }
  }

  /**
   * The gradient alone: the kernel without the output skips the forward loops whose values
   * only the output reads (a sum's accumulator), as a hand-written gradient does.
   */
  gradient(x: unknown, rest: readonly unknown[]): unknown {
    if (this.output()?.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const X = this.input(s, x);
      const w = this.sp.runVjp(x, X, rest, undefined, false, this.into(s, Slot.G));
      return w === undefined ? undefined : adopt(this.xs, w.G);
    } finally {
      this.scratches.leave(s);
    }
  }

  valueAndPullback(
    x: unknown,
    dy: unknown,
    rest: readonly unknown[],
  ): [unknown, unknown] | undefined {
    const out = this.output();
    const s = this.scratches.enter();
    try {
      const flatDy = this.cotangent(dy, out, s);
      if (out === undefined || flatDy === undefined) return undefined;
      const X = this.input(s, x);
      const w = this.sp.runVjp(x, X, rest, flatDy, true, this.into(s, Slot.G));
      return w === undefined ? undefined : [copied(out, w.Y), adopt(this.xs, w.G)];
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The pullback alone: the kernel without the output, as `gradient` (no value copied, no pair). */
  pullback(x: unknown, dy: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    const s = this.scratches.enter();
    try {
      const flatDy = this.cotangent(dy, out, s);
      if (out === undefined || flatDy === undefined) return undefined;
      const X = this.input(s, x);
      const w = this.sp.runVjp(x, X, rest, flatDy, false, this.into(s, Slot.G));
      return w === undefined ? undefined : adopt(this.xs, w.G);
    } finally {
      this.scratches.leave(s);
    }
  }

  valueAndPushforward(
    x: unknown,
    tx: unknown,
    rest: readonly unknown[],
  ): [unknown, unknown] | undefined {
    const out = this.output();
    const s = this.scratches.enter();
    try {
      const flatTx = this.shaped(tx, this.xs, s, Slot.T);
      if (out === undefined || flatTx === undefined) return undefined;
      const w = this.sp.runJvp(x, this.input(s, x), rest, flatTx, 1);
      return w === undefined ? undefined : pair(out, w.Y, w.TY);
    } finally {
      this.scratches.leave(s);
    }
  }

  /**
   * The pushforward alone: `valueAndPushforward` without the copy of the value and the pair a
   * prepared `pushforward` would drop.
   */
  pushforward(x: unknown, tx: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    const s = this.scratches.enter();
    try {
      const flatTx = this.shaped(tx, this.xs, s, Slot.T);
      if (out === undefined || flatTx === undefined) return undefined;
      const w = this.sp.runJvp(x, this.input(s, x), rest, flatTx, 1, false);
      return w === undefined ? undefined : copied(out, w.TY);
    } finally {
      this.scratches.leave(s);
    }
  }

  /**
   * `ts[start, start + lanes)` flattened lane after lane into `s` (its buffer `T`, or `T_LAST`
   * for a last chunk with fewer lanes than `chunk`), or `undefined` when one is misshapen.
   */
  private lanes(
    ts: readonly unknown[],
    start: number,
    lanes: number,
    chunk: number,
    s: Scratch,
  ): Float64Array | undefined {
    const n = this.n;
    const all = s.get(lanes === chunk ? Slot.T : Slot.T_LAST, lanes * n);
    for (let l = 0; l < lanes; l++) {
      const t = this.shaped(ts[start + l], this.xs, s, Slot.DY);
      if (t === undefined) return undefined;
      all.set(t, l * n);
    }
    return all;
  }

  /**
   * A batch run one generated pass per direction, each direction read where it is: copying the
   * batch into one buffer of lanes · n numbers per call cost 4x the passes (n = 1e4).
   */
  private onePerPass(
    x: unknown,
    out: Structure,
    txs: readonly unknown[],
    rest: readonly unknown[],
    s: Scratch,
    withValue: boolean,
  ): [unknown, unknown[]] | undefined {
    if (txs.length === 0) return undefined;
    // Every direction is checked before the first pass, as the eager path would refuse the batch.
    for (const t of txs) if (this.shaped(t, this.xs, s, Slot.T) === undefined) return undefined;
    const X = this.input(s, x);
    const tys = new Array<unknown>(txs.length);
    let y: unknown;
    for (let k = 0; k < txs.length; k++) {
      const t = this.shaped(txs[k], this.xs, s, Slot.T)!;
      const w = this.sp.runJvp(x, X, rest, t, 1, withValue);
      if (w === undefined) return undefined;
      if (withValue && k === txs.length - 1) y = copied(out, w.Y);
      tys[k] = copied(out, w.TY);
    }
    return [y, tys];
  }

  /** A batch of pushforwards, `chunk` directions per generated forward pass. */
  valueAndPushforwards(
    x: unknown,
    txs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
  ): [unknown, unknown[]] | undefined {
    return this.batchOfPushforwards(x, txs, rest, chunk, true);
  }

  /** A batch of pushforwards alone: the passes compute only what the tangents need. */
  pushforwards(
    x: unknown,
    txs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
  ): unknown[] | undefined {
    return this.batchOfPushforwards(x, txs, rest, chunk, false)?.[1];
  }

  private batchOfPushforwards(
    x: unknown,
    txs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
    withValue: boolean,
  ): [unknown, unknown[]] | undefined {
    const out = this.output();
    if (out === undefined || txs.length === 0) return undefined;
    const s = this.scratches.enter();
    try {
      if (chunk === 1) return this.onePerPass(x, out, txs, rest, s, withValue);
      for (const t of txs) if (this.shaped(t, this.xs, s, Slot.T) === undefined) return undefined;
      const X = this.input(s, x);
      const m = this.sizeOfOutput(out);
      const tys = new Array<unknown>(txs.length);
      let y: unknown;
      for (let start = 0; start < txs.length; start += chunk) {
        const lanes = Math.min(chunk, txs.length - start);
        const all = this.lanes(txs, start, lanes, chunk, s);
        if (all === undefined) return undefined;
        const w = this.sp.runJvp(x, X, rest, all, lanes, withValue);
        if (w === undefined) return undefined;
        if (withValue && start + lanes === txs.length) y = copied(out, w.Y);
        for (let l = 0; l < lanes; l++) tys[start + l] = copied(out, w.TY, l * m);
      }
      return [y, tys];
    } finally {
      this.scratches.leave(s);
    }
  }

  /** A batch of pullbacks: one generated reverse run per cotangent. */
  valueAndPullbacks(
    x: unknown,
    dys: readonly unknown[],
    rest: readonly unknown[],
  ): [unknown, unknown[]] | undefined {
    const out = this.output();
    if (out === undefined || dys.length === 0) return undefined;
    const s = this.scratches.enter();
    try {
      for (const dy of dys) if (this.shaped(dy, out, s, Slot.DY) === undefined) return undefined;
      const X = this.input(s, x);
      const gs = new Array<unknown>(dys.length);
      let y: unknown;
      for (let k = 0; k < dys.length; k++) {
        const flatDy = this.shaped(dys[k], out, s, Slot.DY)!;
        const w = this.sp.runVjp(x, X, rest, flatDy, k === 0, this.into(s, Slot.G));
        if (w === undefined) return undefined;
        if (k === 0) y = copied(out, w.Y);
        gs[k] = adopt(this.xs, w.G);
      }
      return [y, gs];
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The gradient and a batch of Hessian-vector products, `chunk` directions per pass. */
  gradientAndHvps(
    x: unknown,
    vs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
  ): [unknown, unknown[]] | undefined {
    return this.batchOfHvps(x, vs, rest, chunk, true);
  }

  /**
   * A batch of Hessian-vector products alone, `chunk` directions per pass, each pass keeping
   * neither the value nor the gradient (as `hvp`): through `gradientAndHvps`, a batch of 4 cost
   * 2.5–3.5x four calls of `hvp`.
   */
  hvps(
    x: unknown,
    vs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
  ): unknown[] | undefined {
    return this.batchOfHvps(x, vs, rest, chunk, false)?.[1];
  }

  private batchOfHvps(
    x: unknown,
    vs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
    withGradient: boolean,
  ): [unknown, unknown[]] | undefined {
    if (this.output()?.kind !== 'number' || vs.length === 0) return undefined;
    const s = this.scratches.enter();
    try {
      for (const v of vs) if (this.shaped(v, this.xs, s, Slot.T) === undefined) return undefined;
      const X = this.input(s, x);
      const n = this.n;
      const G = withGradient ? s.get(Slot.G, n) : undefined;
      const hvs = new Array<unknown>(vs.length);
      for (let start = 0; start < vs.length; start += chunk) {
        const lanes = Math.min(chunk, vs.length - start);
        const dirs = this.lanes(vs, start, lanes, chunk, s);
        if (dirs === undefined) return undefined;
        const GT = s.get(lanes === chunk ? Slot.GT : Slot.GT_LAST, lanes * n);
        const w = this.sp.runHvp(x, X, rest, dirs, lanes, undefined, false, withGradient, G, GT);
        if (w === undefined) return undefined;
        for (let l = 0; l < lanes; l++) hvs[start + l] = copied(this.xs, GT, l * n);
      }
      return [G === undefined ? undefined : copied(this.xs, G), hvs];
    } finally {
      this.scratches.leave(s);
    }
  }

  valueAndDerivative(x: unknown, rest: readonly unknown[]): [unknown, unknown] | undefined {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const w = this.sp.runJvp(x, this.input(s, x), rest, ONE, 1);
      return w === undefined ? undefined : pair(out, w.Y, w.TY);
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The derivative alone (no value copied, no pair). */
  derivative(x: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const w = this.sp.runJvp(x, this.input(s, x), rest, ONE, 1, false);
      return w === undefined ? undefined : copied(out, w.TY);
    } finally {
      this.scratches.leave(s);
    }
  }

  /**
   * The in-place forms (`f` writes its value into the caller's `y`, here the output of the
   * out-of-place function made from it): the value is written into `y` and the derivative
   * returned, shaped like `y` (in its kind) or like `x`. `undefined` when `y` is not as long as
   * the output, or the call runs eagerly.
   */
  pushforwardInPlace(y: OutputArray, x: unknown, tx: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    if (out === undefined || this.sizeOfOutput(out) !== y.length) return undefined;
    const s = this.scratches.enter();
    try {
      const flatTx = this.shaped(tx, this.xs, s, Slot.T);
      if (flatTx === undefined) return undefined;
      const w = this.sp.runJvp(x, this.input(s, x), rest, flatTx, 1);
      if (w === undefined) return undefined;
      writeInto(y, w.Y);
      return likeOutput(y, w.TY);
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The in-place pullback (see `pushforwardInPlace`): `dy` is shaped like `y`. */
  pullbackInPlace(y: OutputArray, x: unknown, dy: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    if (out === undefined || this.sizeOfOutput(out) !== y.length) return undefined;
    const s = this.scratches.enter();
    try {
      const flatDy = this.cotangent(dy, out, s);
      if (flatDy === undefined) return undefined;
      const X = this.input(s, x);
      const w = this.sp.runVjp(x, X, rest, flatDy, true, this.into(s, Slot.G));
      if (w === undefined) return undefined;
      writeInto(y, w.Y);
      return adopt(this.xs, w.G);
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The in-place derivative (see `pushforwardInPlace`). */
  derivativeInPlace(y: OutputArray, x: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number' || this.sizeOfOutput(out) !== y.length)
      return undefined;
    const s = this.scratches.enter();
    try {
      const w = this.sp.runJvp(x, this.input(s, x), rest, ONE, 1);
      if (w === undefined) return undefined;
      writeInto(y, w.Y);
      return likeOutput(y, w.TY);
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The value and the Jacobian (see `jacobian`). */
  valueAndJacobian(
    x: unknown,
    rest: readonly unknown[],
    direction: 'forward' | 'reverse',
    chunk: number,
  ): [unknown, Matrix] | undefined {
    const J = this.jacobian(x, rest, direction, chunk, true);
    return J && [this.extra[0], J];
  }

  /**
   * The Jacobian, forward mode `chunk` columns at a time or reverse mode one row per output;
   * `withValue`: the value copied out too, into `extra`; `y`: the value written into the
   * caller's storage instead (an in-place `f`).
   */
  jacobian(
    x: unknown,
    rest: readonly unknown[],
    direction: 'forward' | 'reverse',
    chunk: number,
    withValue = false,
    y?: OutputArray,
  ): Matrix | undefined {
    const out = this.output();
    if (out === undefined || (y !== undefined && this.sizeOfOutput(out) !== y.length))
      return undefined;
    const s = this.scratches.enter();
    try {
      const X = this.input(s, x);
      const n = this.n;
      const m = this.sizeOfOutput(out);
      const data = new Float64Array(m * n);
      let value: unknown;
      if (direction === 'reverse') {
        const dy = s.get(Slot.DY, m);
        const G = s.get(Slot.G, n);
        // No output: one run for the value alone.
        for (let i = 0; i < Math.max(m, 1); i++) {
          dy.fill(0);
          if (i < m) dy[i] = 1;
          const w = this.sp.runVjp(x, X, rest, dy, i === 0, G);
          if (w === undefined) return undefined;
          if (i === 0 && withValue) value = copied(out, w.Y);
          if (i === 0 && y !== undefined) writeInto(y, w.Y);
          if (i < m) data.set(w.G, i * n);
        }
      } else {
        for (let start = 0; start < Math.max(n, 1); start += chunk) {
          const lanes = Math.max(1, Math.min(chunk, n - start));
          const tx = s.get(lanes === chunk ? Slot.T : Slot.T_LAST, lanes * n).fill(0);
          for (let l = 0; l < lanes && start + l < n; l++) tx[l * n + start + l] = 1;
          const w = this.sp.runJvp(x, X, rest, tx, lanes);
          if (w === undefined) return undefined;
          if (start + chunk >= n && withValue) value = copied(out, w.Y);
          if (start + chunk >= n && y !== undefined) writeInto(y, w.Y);
          const TY = w.TY;
          for (let l = 0; l < lanes && start + l < n; l++) {
            for (let i = 0; i < m; i++) data[i * n + start + l] = TY[l * m + i];
          }
        }
      }
      this.extra[0] = value;
      return { rows: m, cols: n, data };
    } finally {
      this.scratches.leave(s);
    }
  }

  gradientAndHvp(x: unknown, v: unknown, rest: readonly unknown[]): [unknown, unknown] | undefined {
    if (this.output()?.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const flatV = this.shaped(v, this.xs, s, Slot.T);
      if (flatV === undefined) return undefined;
      const G = this.into(s, Slot.G);
      const GT = this.into(s, Slot.GT);
      const X = this.input(s, x);
      const w = this.sp.runHvp(x, X, rest, flatV, 1, undefined, false, true, G, GT);
      return w === undefined ? undefined : [adopt(this.xs, w.G), adopt(this.xs, w.GT)];
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The Hessian-vector product alone: neither the value nor the gradient is kept. */
  hvp(x: unknown, v: unknown, rest: readonly unknown[]): unknown {
    if (this.output()?.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const flatV = this.shaped(v, this.xs, s, Slot.T);
      if (flatV === undefined) return undefined;
      const GT = this.into(s, Slot.GT);
      const X = this.input(s, x);
      const w = this.sp.runHvp(x, X, rest, flatV, 1, undefined, false, false, undefined, GT);
      return w === undefined ? undefined : adopt(this.xs, w.GT);
    } finally {
      this.scratches.leave(s);
    }
  }

  /** The value, the gradient and the Hessian (see `hessian`). */
  valueGradientAndHessian(
    x: unknown,
    rest: readonly unknown[],
    chunk: number,
  ): [Real, unknown, Matrix] | undefined {
    const H = this.hessian(x, rest, chunk, true);
    return H && [this.extra[0] as Real, this.extra[1], H];
  }

  /**
   * The Hessian by forward over reverse, `chunk` columns at a time; `withGradient`: the value
   * and the gradient copied out too, into `extra`.
   */
  hessian(
    x: unknown,
    rest: readonly unknown[],
    chunk: number,
    withGradient = false,
  ): Matrix | undefined {
    if (this.output()?.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const X = this.input(s, x);
      const n = this.n;
      const data = new Float64Array(n * n);
      const G = s.get(Slot.G, n);
      let y = 0;
      for (let start = 0; start < Math.max(n, 1); start += chunk) {
        const lanes = Math.max(1, Math.min(chunk, n - start));
        const last = lanes === chunk ? 0 : 1;
        const dirs = s.get(last ? Slot.T_LAST : Slot.T, lanes * n).fill(0);
        for (let l = 0; l < lanes && start + l < n; l++) dirs[l * n + start + l] = 1;
        const GT = s.get(last ? Slot.GT_LAST : Slot.GT, lanes * n);
        const w = this.sp.runHvp(x, X, rest, dirs, lanes, undefined, true, true, G, GT);
        if (w === undefined) return undefined;
        y = w.Y[0];
        for (let l = 0; l < lanes && start + l < n; l++) {
          for (let i = 0; i < n; i++) data[i * n + start + l] = GT[l * n + i];
        }
      }
      this.extra[0] = withGradient ? y : undefined;
      this.extra[1] = withGradient ? copied(this.xs, G) : undefined;
      return { rows: n, cols: n, data };
    } finally {
      this.scratches.leave(s);
    }
  }

  /** Value, first and second derivative of a function of one real (see `secondDerivative`). */
  valueDerivativeAndSecondDerivative(
    x: unknown,
    rest: readonly unknown[],
  ): [unknown, unknown, unknown] | undefined {
    const d2 = this.secondDerivative(x, rest, true);
    return d2 === undefined ? undefined : [this.extra[0], this.extra[1], d2];
  }

  /**
   * The second derivative of a function of one real, by forward over reverse per output;
   * `withValue`: the value and the first derivative copied out too, into `extra`.
   */
  secondDerivative(x: unknown, rest: readonly unknown[], withValue = false): unknown {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number') return undefined;
    const s = this.scratches.enter();
    try {
      const X = this.input(s, x);
      const m = this.sizeOfOutput(out);
      const y = s.get(Slot.VALUE, m);
      const d = s.get(Slot.D1, m);
      const d2 = s.get(Slot.D2, m);
      const dy = s.get(Slot.DY, m);
      const G = s.get(Slot.G, 1);
      const GT = s.get(Slot.GT, 1);
      for (let i = 0; i < m; i++) {
        dy.fill(0);
        dy[i] = 1;
        const w = this.sp.runHvp(x, X, rest, ONE, 1, dy, true, true, G, GT);
        if (w === undefined) return undefined;
        if (i === 0) y.set(w.Y);
        d[i] = G[0];
        d2[i] = GT[0];
      }
      this.extra[0] = withValue ? copied(out, y) : undefined;
      this.extra[1] = withValue ? copied(out, d) : undefined;
      return copied(out, d2);
    } finally {
      this.scratches.leave(s);
    }
  }
}
