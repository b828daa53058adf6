// Over 400 lines: one class, every operator family's compiled call over one staged preparation, sharing its guards, workspaces and result shaping.
import type { Real } from '@pullback/rules-core';
import {
  flattenInto,
  sameStructure,
  sizeOf,
  structureOf,
  unflatten,
  type Structure,
} from '../tree/structure.js';
import type { StagedPreparation } from './staged-preparation.js';

/**
 * `flat` in structure `s`. Every array passed here is fresh, made for this call's result, so a
 * `Float64Array` result is `flat` itself rather than a copy (one allocation and one pass fewer).
 */
function adopt(s: Structure, flat: Float64Array): unknown {
  return s.kind === 'float64' && flat.length === s.length ? flat : unflatten(s, flat);
}

/**
 * A workspace's own `flat` (the output or its tangents) copied into structure `s`: a number
 * is read, a `Float64Array` sliced, without `unflatten`'s cursor object.
 */
function copied(s: Structure, flat: Float64Array): unknown {
  if (s.kind === 'number') return flat[0];
  return s.kind === 'float64' && flat.length === s.length ? flat.slice() : unflatten(s, flat);
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

/** The tangent 1 of a scalar input (generated code only reads input tangents). */
const ONE = Float64Array.of(1);

/**
 * The operators on a compiled preparation, in the callers' structures. Each returns `undefined`
 * when the call must run eagerly instead (nothing compiled, a guard that retraced too often, or
 * a tangent or cotangent of the wrong shape, which the eager path reports properly).
 */
export class CompiledOperators {
  /** The flattened input, reused by every call (a `Float64Array` input is read in place). */
  private readonly X: Float64Array;
  private busy = false;
  /** A number cotangent as an array (`shaped` would make a new one per call). */
  private readonly dy1 = new Float64Array(1);

  constructor(
    private readonly sp: StagedPreparation,
    private readonly xs: Structure,
  ) {
    this.X = new Float64Array(sizeOf(xs));
  }

  /**
   * `x` flattened: into the shared buffer, or (a call made while another runs, from a rule
   * calling back into this preparation) into a fresh one, since the call running still reads
   * the shared one. A `Float64Array` input is read in place. Pair with `leave` in a `finally`.
   */
  private enter(x: unknown): Float64Array {
    if (this.xs.kind === 'float64') return x as Float64Array;
    const X = this.busy ? new Float64Array(this.X.length) : this.X;
    flattenInto(x, this.xs, X, 0);
    this.busy = true;
    return X;
  }

  private leave(X: Float64Array): void {
    if (X === this.X) this.busy = false;
  }

  /** Runs `body` with `x` flattened (see `enter`), for the batched operators. */
  private withInput<T>(x: unknown, body: (X: Float64Array) => T): T {
    const X = this.enter(x);
    try {
      return body(X);
    } finally {
      this.leave(X);
    }
  }

  /**
   * A cotangent `dy` of the output `out`, flattened; a number for a number output goes into a
   * scratch cell, since the kernel copies it into its workspace before it runs.
   */
  private cotangent(dy: unknown, out: Structure | undefined): Float64Array | undefined {
    return typeof dy === 'number' && out?.kind === 'number'
      ? this.dy1.fill(dy)
      : this.shaped(dy, out);
  }

  /** `t` flattened when it has structure `s`, else `undefined`; the result is only read. */
  private shaped(t: unknown, s: Structure | undefined): Float64Array | undefined {
    if (s === undefined) return undefined;
    // The common case, checked without building t's structure: read in place.
    if (
      s.kind === 'float64' &&
      t instanceof Float64Array &&
      ArrayBuffer.isView(t) &&
      t.length === s.length
    )
      return t;
    let ts: Structure;
    try {
      ts = structureOf(t);
    } catch {
      return undefined;
    }
    // A number[] and a Float64Array of one length are alike, as the eager operators take them
    // (an in-place pullback's dy is shaped like y, a Float64Array for a number[] output).
    const arrays =
      (ts.kind === 'numbers' || ts.kind === 'float64') &&
      (s.kind === 'numbers' || s.kind === 'float64') &&
      ts.length === s.length;
    if (!arrays && !sameStructure(ts, s)) return undefined;
    // Callers only read it (into their workspace): a Float64Array is read in place.
    if (t instanceof Float64Array) return t;
    const out = new Float64Array(sizeOf(s));
    flattenInto(t, s, out, 0);
    return out;
  }

  private output(): Structure | undefined {
    return this.sp.output;
  }

  valueAndGradient(x: unknown, rest: readonly unknown[]): [Real, unknown] | undefined {
    if (this.output()?.kind !== 'number') return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runVjp(x, X, rest, undefined, true);
      return w === undefined ? undefined : [w.Y[0], adopt(this.xs, w.G)];
    } finally {
      this.leave(X);
    }
  }

  /**
   * The gradient alone: the kernel without the output skips the forward loops whose values
   * only the output reads (a sum's accumulator), as a hand-written gradient does.
   */
  gradient(x: unknown, rest: readonly unknown[]): unknown {
    if (this.output()?.kind !== 'number') return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runVjp(x, X, rest, undefined, false);
      return w === undefined ? undefined : adopt(this.xs, w.G);
    } finally {
      this.leave(X);
    }
  }

  valueAndPullback(
    x: unknown,
    dy: unknown,
    rest: readonly unknown[],
  ): [unknown, unknown] | undefined {
    const out = this.output();
    const flatDy = this.cotangent(dy, out);
    if (out === undefined || flatDy === undefined) return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runVjp(x, X, rest, flatDy, true);
      return w === undefined ? undefined : [copied(out, w.Y), adopt(this.xs, w.G)];
    } finally {
      this.leave(X);
    }
  }

  valueAndPushforward(
    x: unknown,
    tx: unknown,
    rest: readonly unknown[],
  ): [unknown, unknown] | undefined {
    const out = this.output();
    const flatTx = this.shaped(tx, this.xs);
    if (out === undefined || flatTx === undefined) return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runJvp(x, X, rest, flatTx, 1);
      return w === undefined ? undefined : pair(out, w.Y, w.TY);
    } finally {
      this.leave(X);
    }
  }

  /**
   * The pushforward alone: `valueAndPushforward` without the copy of the value and the pair a
   * prepared `pushforward` would drop.
   */
  pushforward(x: unknown, tx: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    const flatTx = this.shaped(tx, this.xs);
    if (out === undefined || flatTx === undefined) return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runJvp(x, X, rest, flatTx, 1, false);
      return w === undefined ? undefined : copied(out, w.TY);
    } finally {
      this.leave(X);
    }
  }

  /** The pullback alone: the kernel without the output, as `gradient` (no value copied, no pair). */
  pullback(x: unknown, dy: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    const flatDy = this.cotangent(dy, out);
    if (out === undefined || flatDy === undefined) return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runVjp(x, X, rest, flatDy, false);
      return w === undefined ? undefined : adopt(this.xs, w.G);
    } finally {
      this.leave(X);
    }
  }

  /** `t`'s directions flattened lane after lane, or `undefined` when one is misshapen. */
  private lanes(ts: readonly unknown[]): Float64Array | undefined {
    const n = sizeOf(this.xs);
    const all = new Float64Array(ts.length * n);
    for (let l = 0; l < ts.length; l++) {
      const t = this.shaped(ts[l], this.xs);
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
  ): [unknown, unknown[]] | undefined {
    const flat: Float64Array[] = [];
    for (const t of txs) {
      const f = this.shaped(t, this.xs);
      if (f === undefined) return undefined;
      flat.push(f);
    }
    return this.withInput(x, (X) => {
      let y: unknown;
      const tys: unknown[] = [];
      for (const t of flat) {
        const w = this.sp.runJvp(x, X, rest, t, 1);
        if (w === undefined) return undefined;
        const [value, tangent] = pair(out, w.Y, w.TY);
        y = value;
        tys.push(tangent);
      }
      return flat.length === 0 ? undefined : [y, tys];
    });
  }

  /** A batch of pushforwards, `chunk` directions per generated forward pass. */
  valueAndPushforwards(
    x: unknown,
    txs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
  ): [unknown, unknown[]] | undefined {
    const out = this.output();
    if (out === undefined) return undefined;
    if (chunk === 1) return this.onePerPass(x, out, txs, rest);
    const all = this.lanes(txs);
    if (all === undefined) return undefined;
    const n = sizeOf(this.xs);
    const m = sizeOf(out);
    return this.withInput(x, (X) => {
      let y: Float64Array | undefined;
      const tys: unknown[] = [];
      for (let start = 0; start < txs.length; start += chunk) {
        const lanes = Math.min(chunk, txs.length - start);
        const r = this.sp.jvp(x, X, rest, all.subarray(start * n, (start + lanes) * n), lanes);
        if (r === undefined) return undefined;
        y = r.y;
        for (let l = 0; l < lanes; l++) tys.push(unflatten(out, r.ty.slice(l * m, (l + 1) * m)));
      }
      return y === undefined ? undefined : [unflatten(out, y), tys];
    });
  }

  /** A batch of pullbacks: one generated reverse run per cotangent. */
  valueAndPullbacks(
    x: unknown,
    dys: readonly unknown[],
    rest: readonly unknown[],
  ): [unknown, unknown[]] | undefined {
    const out = this.output();
    const flat = dys.map((dy) => this.shaped(dy, out));
    if (out === undefined || flat.some((d) => d === undefined)) return undefined;
    return this.withInput(x, (X) => {
      let y: Float64Array | undefined;
      const gs: unknown[] = [];
      for (let k = 0; k < flat.length; k++) {
        const r = this.sp.vjp(x, X, rest, flat[k], k === 0);
        if (r === undefined) return undefined;
        if (k === 0) y = r.y;
        gs.push(unflatten(this.xs, r.g));
      }
      return y === undefined ? undefined : [unflatten(out, y), gs];
    });
  }

  /** The gradient and a batch of Hessian-vector products, `chunk` directions per pass. */
  gradientAndHvps(
    x: unknown,
    vs: readonly unknown[],
    rest: readonly unknown[],
    chunk: number,
  ): [unknown, unknown[]] | undefined {
    const all = this.lanes(vs);
    if (this.output()?.kind !== 'number' || all === undefined) return undefined;
    const n = sizeOf(this.xs);
    return this.withInput(x, (X) => {
      let g: Float64Array | undefined;
      const hvs: unknown[] = [];
      for (let start = 0; start < vs.length; start += chunk) {
        const lanes = Math.min(chunk, vs.length - start);
        const r = this.sp.hvp(x, X, rest, all.subarray(start * n, (start + lanes) * n), lanes);
        if (r === undefined) return undefined;
        g = r.g;
        for (let l = 0; l < lanes; l++)
          hvs.push(unflatten(this.xs, r.hv.slice(l * n, (l + 1) * n)));
      }
      return g === undefined ? undefined : [unflatten(this.xs, g), hvs];
    });
  }

  valueAndDerivative(x: unknown, rest: readonly unknown[]): [unknown, unknown] | undefined {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number') return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runJvp(x, X, rest, ONE, 1);
      return w === undefined ? undefined : pair(out, w.Y, w.TY);
    } finally {
      this.leave(X);
    }
  }

  /** The derivative alone (no value copied, no pair). */
  derivative(x: unknown, rest: readonly unknown[]): unknown {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number') return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runJvp(x, X, rest, ONE, 1, false);
      return w === undefined ? undefined : copied(out, w.TY);
    } finally {
      this.leave(X);
    }
  }

  /** Forward mode `chunk` columns at a time, or reverse mode one row per output. */
  valueAndJacobian(
    x: unknown,
    rest: readonly unknown[],
    direction: 'forward' | 'reverse',
    chunk: number,
  ): [unknown, { rows: number; cols: number; data: Float64Array }] | undefined {
    const out = this.output();
    if (out === undefined) return undefined;
    return this.withInput(x, (X) => {
      const n = X.length;
      const m = sizeOf(out);
      const data = new Float64Array(m * n);
      let y: Float64Array | undefined;
      if (direction === 'reverse') {
        const dy = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          dy.fill(0);
          dy[i] = 1;
          const r = this.sp.vjp(x, X, rest, dy, i === 0);
          if (r === undefined) return undefined;
          if (i === 0) y = r.y;
          data.set(r.g, i * n);
        }
        if (m === 0) y = this.sp.vjp(x, X, rest, dy, true)?.y;
      } else {
        for (let start = 0; start < Math.max(n, 1); start += chunk) {
          const lanes = Math.max(1, Math.min(chunk, n - start));
          const tx = new Float64Array(lanes * n);
          for (let l = 0; l < lanes && start + l < n; l++) tx[l * n + start + l] = 1;
          const r = this.sp.jvp(x, X, rest, tx, lanes);
          if (r === undefined) return undefined;
          y = r.y;
          for (let l = 0; l < lanes && start + l < n; l++) {
            for (let i = 0; i < m; i++) data[i * n + start + l] = r.ty[l * m + i];
          }
        }
      }
      return y === undefined ? undefined : [adopt(out, y), { rows: m, cols: n, data }];
    });
  }

  gradientAndHvp(x: unknown, v: unknown, rest: readonly unknown[]): [unknown, unknown] | undefined {
    const flatV = this.shaped(v, this.xs);
    if (this.output()?.kind !== 'number' || flatV === undefined) return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runHvp(x, X, rest, flatV, 1, undefined, false, true);
      return w === undefined ? undefined : [adopt(this.xs, w.G), adopt(this.xs, w.GT)];
    } finally {
      this.leave(X);
    }
  }

  /** The Hessian-vector product alone: neither the value nor the gradient is kept. */
  hvp(x: unknown, v: unknown, rest: readonly unknown[]): unknown {
    const flatV = this.shaped(v, this.xs);
    if (this.output()?.kind !== 'number' || flatV === undefined) return undefined;
    const X = this.enter(x);
    try {
      const w = this.sp.runHvp(x, X, rest, flatV, 1, undefined, false, false);
      return w === undefined ? undefined : adopt(this.xs, w.GT);
    } finally {
      this.leave(X);
    }
  }

  /** The Hessian by forward over reverse, `chunk` columns at a time. */
  valueGradientAndHessian(
    x: unknown,
    rest: readonly unknown[],
    chunk: number,
  ): [Real, unknown, { rows: number; cols: number; data: Float64Array }] | undefined {
    if (this.output()?.kind !== 'number') return undefined;
    return this.withInput(x, (X) => {
      const n = X.length;
      const data = new Float64Array(n * n);
      let y = 0;
      let g: Float64Array = new Float64Array(n);
      for (let start = 0; start < Math.max(n, 1); start += chunk) {
        const lanes = Math.max(1, Math.min(chunk, n - start));
        const dirs = new Float64Array(lanes * n);
        for (let l = 0; l < lanes && start + l < n; l++) dirs[l * n + start + l] = 1;
        const r = this.sp.hvp(x, X, rest, dirs, lanes);
        if (r === undefined) return undefined;
        y = r.y[0];
        g = r.g;
        for (let l = 0; l < lanes && start + l < n; l++) {
          for (let i = 0; i < n; i++) data[i * n + start + l] = r.hv[l * n + i];
        }
      }
      return [y, adopt(this.xs, g), { rows: n, cols: n, data }];
    });
  }

  /** Value, first and second derivative of a function of one real: forward over reverse per output. */
  valueDerivativeAndSecondDerivative(
    x: unknown,
    rest: readonly unknown[],
  ): [unknown, unknown, unknown] | undefined {
    const out = this.output();
    if (out === undefined || this.xs.kind !== 'number') return undefined;
    return this.withInput(x, (X) => {
      const m = sizeOf(out);
      const y = new Float64Array(m);
      const d = new Float64Array(m);
      const d2 = new Float64Array(m);
      const dy = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        dy.fill(0);
        dy[i] = 1;
        const r = this.sp.hvp(x, X, rest, ONE, 1, dy);
        if (r === undefined) return undefined;
        y.set(r.y);
        d[i] = r.g[0];
        d2[i] = r.hv[0];
      }
      return [adopt(out, y), adopt(out, d), adopt(out, d2)];
    });
  }
}
