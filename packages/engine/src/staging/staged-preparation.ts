// Over 400 lines: one class, the traces of a preparation with their kernels, guards and retrace policy, which every compiled call goes through.
import { matchesStructure } from '../tree/matches.js';
import {
  flatten,
  flattenInto,
  sameStructure,
  sizeOf,
  structureOf,
  type Structure,
} from '../tree/structure.js';
import { checkNearby } from './check-nearby.js';
import { fuse } from './fuse.js';
import { gatherOutputs } from './gather-outputs.js';
import { codeGenerationAvailable } from './code-generation.js';
import {
  ForwardKernel,
  ReverseKernel,
  type ConfigOf,
  type ForwardWorkspace,
  type KernelEngine,
  type ReverseWorkspace,
} from './kernels.js';
import { usedBuffers, type Program } from './program.js';
import { reroll } from './reroll.js';
import { numbersInto } from './scratch.js';
import { stage, type RestLayout, type Staged } from './stage.js';
import { statementCount } from './builder.js';
import { NotStaged } from './tracer.js';

/** What compiling a preparation did, as `prepared.compilation` reports it. */
export interface Compilation {
  /**
   * True while the preparation runs generated code. Compiled values are the eager engine's;
   * compiled derivatives are the eager engine's to 1e-12 relative (sums may add in another
   * order) and up to the sign of a zero (-0 where the eager engine gives +0, or the reverse),
   * with NaN and infinities where the eager engine has them.
   */
  readonly compiled: boolean;
  /** Why it runs eagerly, when it does. */
  readonly reason?: string;
  /** Statements traced (at the preparation point). */
  readonly operations: number;
  /** Bytes of generated source, over every kernel made so far. */
  readonly sourceBytes: number;
  /** Times `f` was traced again because a branch went the other way. */
  readonly retraces: number;
  /**
   * What runs the compiled program, while it is compiled: `'generated'` JavaScript, or the
   * `'interpreted'` IR (typed-array loops, the same results) where functions cannot be made
   * from source text — under a strict Content Security Policy or Node's
   * `--disallow-code-generation-from-strings`. Absent while the preparation runs eagerly.
   */
  readonly engine?: 'generated' | 'interpreted';
}

/** What a forward-over-reverse call computes besides the directional derivatives. */
export interface HvpOptions {
  /** Compute the output too (default true). */
  readonly withValue?: boolean;
  /** Return the gradient in a fresh array (default true); else it is not kept. */
  readonly withGradient?: boolean;
}

/** Which kind of kernel a call runs: forward, or reverse (forward over reverse with lanes). */
export type KernelMode = 'forward' | 'reverse';
type Workspace = ReverseWorkspace | ForwardWorkspace;

/** After this many retraces a preparation stays eager: its branches change too often. */
export const MAX_RETRACES = 8;

/** One trace of `f` with the kernels generated from it. */
class Variant {
  readonly program: Program;
  /** Every kernel by its description, for `source()`. */
  readonly kernels = new Map<string, ReverseKernel | ForwardKernel>();
  /** The same kernels by number, looked up per call without building a string. */
  readonly reverse = new Map<number, ReverseKernel>();
  readonly forward = new Map<number, ForwardKernel>();
  readonly P: Float64Array;
  /** False when no statement reads the extra arguments' data: then it is not copied per call. */
  private readonly readsData: boolean;
  /** Statements traced, before re-rolling. */
  readonly operations: number;
  readonly rest: RestLayout;
  /** The structure of `f(x)`. */
  readonly output: Structure;
  /** The traced program itself is not kept: a traced loop is as long as its trip count. */
  constructor(staged: Staged) {
    this.operations = statementCount(staged.program);
    this.program = fuse(reroll(gatherOutputs(staged.program)));
    this.rest = staged.rest;
    this.output = staged.output;
    this.P = new Float64Array(staged.rest.size);
    const p = this.program;
    this.readsData = [...usedBuffers(p)].some((b) => p.buffers[b].kind === 'param');
  }

  /** True when `rest` is what this trace baked in (numbers, functions) and shaped as traced. */
  accepts(rest: readonly unknown[]): boolean {
    return acceptsRest(this.rest, rest, this.readsData ? this.P : undefined);
  }
}

/** Checks `rest` against `layout`, writing its data into `P` (when given). */
function acceptsRest(
  layout: RestLayout,
  rest: readonly unknown[],
  P: Float64Array | undefined,
): boolean {
  if (rest.length !== layout.items.length) return false;
  for (let k = 0; k < rest.length; k++) {
    const item = layout.items[k];
    const r = rest[k];
    if (item.kind === 'data') {
      const want = item.structure;
      // The common case, checked without building r's structure.
      if (
        want.kind === 'float64' &&
        r instanceof Float64Array &&
        ArrayBuffer.isView(r) &&
        r.length === want.length
      ) {
        P?.set(r, item.offset);
        continue;
      }
      // A number[] (or a tuple of arrays), checked without allocating.
      if (matchesStructure(r, want)) {
        if (P !== undefined && want.kind === 'numbers') numbersInto(r as number[], P, item.offset);
        else if (P !== undefined) flattenInto(r, want, P, item.offset);
        continue;
      }
      let s;
      try {
        s = structureOf(r);
      } catch {
        return false;
      }
      if (!sameStructure(s, item.structure)) return false;
      if (P !== undefined) flattenInto(r, item.structure, P, item.offset);
    } else if (!Object.is(item.value, r)) return false;
  }
  return true;
}

/**
 * The compiled side of one preparation: traces of `f`, kernels generated from them on demand,
 * and the bookkeeping of guards. Every method returns `undefined` when this call must run on
 * the eager engine instead (nothing could be compiled, or branches changed too often); the
 * preparation then falls back to the eager path, which is always right.
 */
export class StagedPreparation {
  private readonly variants: Variant[] = [];
  private reason: string | undefined;
  private retraces = 0;
  private operations = 0;
  private sourceBytes = 0;
  /** Every kernel made so far (each says whether it runs generated code or the interpreter). */
  private readonly madeKernels: { readonly engine: KernelEngine }[] = [];
  /** Kernels run so far: each one's first result is checked against the eager engine. */
  kernels = 0;
  private readonly ran = new WeakSet<ReverseKernel | ForwardKernel>();

  constructor(
    private readonly f: (x: never, ...rest: never[]) => unknown,
    x: unknown,
    rest: readonly unknown[],
    private readonly config: ConfigOf,
  ) {
    this.trace(x, rest);
  }

  /** The report `prepared.compilation` gives. */
  get compilation(): Compilation {
    const compiled = this.reason === undefined && this.variants.length > 0;
    return {
      compiled,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      operations: this.operations,
      sourceBytes: this.sourceBytes,
      retraces: this.retraces,
      // Before its first kernel, the engine its kernels will get; after, 'interpreted' as soon
      // as one kernel is (no code generation here, or its generated code was too large).
      ...(compiled ? { engine: this.engineOfKernels() } : {}),
    };
  }

  private engineOfKernels(): KernelEngine {
    if (this.madeKernels.length === 0)
      return codeGenerationAvailable() ? 'generated' : 'interpreted';
    return this.madeKernels.some((k) => k.engine === 'interpreted') ? 'interpreted' : 'generated';
  }

  /** The generated source of every kernel made so far, or `undefined` when there is none. */
  source(): string | undefined {
    const parts: string[] = [];
    this.variants.forEach((v, k) => {
      for (const [mode, kernel] of v.kernels)
        parts.push(`// trace ${k + 1}, ${mode}\n${kernel.source}`);
    });
    return parts.length === 0 ? undefined : parts.join('\n\n');
  }

  /** Stops compiling for good, saying why. */
  giveUp(reason: string): void {
    this.reason ??= reason;
  }

  private trace(x: unknown, rest: readonly unknown[]): Variant | undefined {
    try {
      const staged = stage(this.f, x, rest);
      const v = new Variant(staged);
      // Fills v.P with the extra arguments' data, when the program reads it.
      v.accepts(rest);
      checkNearby(this.f, rest, staged, v.program, flatten(x, staged.input), v.P, this.config);
      if (this.variants.length === 0) this.operations = v.operations;
      this.variants.unshift(v);
      return v;
    } catch (error) {
      if (error instanceof NotStaged) {
        this.giveUp(error.reason);
        return undefined;
      }
      // Whatever else `f` throws, the eager engine throws again and reports.
      this.giveUp(`tracing f threw ${error instanceof Error ? error.name : 'a value'}`);
      return undefined;
    }
  }

  /**
   * Runs one kernel call (`mode`, with the arguments `attempt` takes) on the variant whose
   * guards hold at `(x, rest)`, tracing again (at most `MAX_RETRACES` times) when none does. No
   * closure or object is made per call: a prepared call allocates only what it returns.
   */
  private run<W extends Workspace>(
    x: unknown,
    rest: readonly unknown[],
    mode: KernelMode,
    X: Float64Array,
    t: Float64Array | undefined,
    lanes: number,
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
    withGradient: boolean,
    G: Float64Array | undefined,
    GT: Float64Array | undefined,
  ): W | undefined {
    if (this.reason !== undefined) return undefined;
    let restAccepted = false;
    for (const v of this.variants) {
      if (!v.accepts(rest)) continue;
      restAccepted = true;
      const w = this.safely(v, mode, X, t, lanes, dy, withValue, withGradient, G, GT);
      if (w !== undefined) return w as W;
      if (this.reason !== undefined) return undefined;
    }
    if (this.retraces >= MAX_RETRACES) {
      this.giveUp(
        restAccepted
          ? `its branches changed more than ${MAX_RETRACES} times; write them with ifElse so both sides compile`
          : `an extra argument that is baked into the compiled code (a number, string, flag or function) changed more than ${MAX_RETRACES} times; pass numbers that change between calls inside an array, which the compiled code reads when it runs`,
      );
      return undefined;
    }
    this.retraces++;
    const v = this.trace(x, rest);
    if (v === undefined || !v.accepts(rest)) return undefined;
    return this.safely(v, mode, X, t, lanes, dy, withValue, withGradient, G, GT) as W | undefined;
  }

  private safely(
    v: Variant,
    mode: KernelMode,
    X: Float64Array,
    t: Float64Array | undefined,
    lanes: number,
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
    withGradient: boolean,
    G: Float64Array | undefined,
    GT: Float64Array | undefined,
  ): Workspace | undefined {
    try {
      return this.attempt(v, mode, X, t, lanes, dy, withValue, withGradient, G, GT);
    } catch (error) {
      if (error instanceof NotStaged) {
        this.giveUp(error.reason);
        return undefined;
      }
      throw error;
    }
  }

  /**
   * One call of `v`'s kernel for `mode`, generated at its first use; `undefined`: a guard failed.
   * The gradient and its tangents go into `G` and `GT` when given (the caller's buffers, which
   * it reads before its next call), else into fresh arrays.
   */
  private attempt(
    v: Variant,
    mode: KernelMode,
    X: Float64Array,
    t: Float64Array | undefined,
    lanes: number,
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
    withGradient: boolean,
    G: Float64Array | undefined,
    GT: Float64Array | undefined,
  ): Workspace | undefined {
    const n = X.length;
    if (mode === 'forward') {
      const k = this.forwardKernel(v, n, lanes, withValue);
      if (!this.ran.has(k)) this.firstRun(k);
      const w = k.enter();
      try {
        w.tangentsIn(t as Float64Array);
        return k.exec(w, X, v.P) ? w : undefined;
      } finally {
        k.leave(w);
      }
    }
    const k = this.reverseKernel(v, n, lanes, withValue, withGradient);
    if (!this.ran.has(k)) this.firstRun(k);
    const w = k.enter();
    try {
      if (dy === undefined) w.DY.fill(1);
      else w.DY.set(dy);
      if (lanes > 0) {
        w.tangentsIn(t as Float64Array);
        w.GT = GT === undefined ? new Float64Array(n * lanes) : GT.fill(0);
      }
      // A kernel for a call that does not return the gradient does not write it.
      if (withGradient) w.G = G === undefined ? new Float64Array(n) : G.fill(0);
      else w.G = k.writesGradient ? w.ownG.fill(0) : w.ownG;
      return k.exec(w, X, v.P) ? w : undefined;
    } finally {
      k.leave(w);
    }
  }

  /**
   * `v`'s forward kernel for `lanes` directions over `n` inputs, generated at its first use;
   * without `withValue` it computes only the values the tangents need.
   */
  private forwardKernel(v: Variant, n: number, lanes: number, withValue: boolean): ForwardKernel {
    const key = 2 * lanes + (withValue ? 1 : 0);
    let k = v.forward.get(key);
    if (k === undefined) {
      const m = sizeOf(v.output);
      k = new ForwardKernel(v.program, n, m, lanes, this.config, withValue);
      const only = withValue ? '' : ', tangents only';
      v.forward.set(key, this.made(v, `forward, ${lanes} lanes${only}`, k));
    }
    return k;
  }

  /**
   * `v`'s reverse kernel (forward over reverse with `lanes` > 0), generated at its first use;
   * forward over reverse without `withGradient` does not write the gradient.
   */
  private reverseKernel(
    v: Variant,
    n: number,
    lanes: number,
    withValue: boolean,
    withGradient = true,
  ): ReverseKernel {
    const gradient = withGradient || lanes === 0;
    const key = 4 * lanes + (gradient ? 2 : 0) + (withValue ? 1 : 0);
    let k = v.reverse.get(key);
    if (k === undefined) {
      const m = sizeOf(v.output);
      k = new ReverseKernel(v.program, withValue, n, m, this.config, lanes, gradient);
      const what = lanes === 0 ? 'reverse' : `forward over reverse, ${lanes} lanes`;
      const only = withValue ? '' : gradient ? ', derivative only' : ', tangents only';
      v.reverse.set(key, this.made(v, `${what}${only}`, k));
    }
    return k;
  }

  /** Records a kernel just made for `v` under the name `mode`. */
  private made<K extends ReverseKernel | ForwardKernel>(v: Variant, mode: string, k: K): K {
    v.kernels.set(mode, k);
    this.sourceBytes += k.source.length;
    this.madeKernels.push(k);
    return k;
  }

  /**
   * Counts a kernel's first run: the caller checks that run against the eager engine, whether
   * the kernel was generated at preparation or at this call.
   */
  private firstRun(k: ReverseKernel | ForwardKernel): void {
    this.ran.add(k);
    this.kernels++;
  }

  /**
   * Generates, without running it, the kernel of a call in `mode` with `lanes` directions over
   * `n` inputs, so a preparation has its code (`source()`, `sourceBytes`) before its first call.
   * Forward over reverse without the value is `hvp`'s call, which keeps no gradient either.
   */
  generate(n: number, mode: KernelMode, lanes: number, withValue: boolean): void {
    const v = this.variants[0];
    if (this.reason !== undefined || v === undefined) return;
    try {
      if (mode === 'forward') this.forwardKernel(v, n, lanes, withValue);
      else this.reverseKernel(v, n, lanes, withValue, withValue || lanes === 0);
    } catch (error) {
      if (!(error instanceof NotStaged)) throw error;
      this.giveUp(error.reason);
    }
  }

  /**
   * The pullback of the flat cotangent `dy` (`undefined`: the scalar 1) at `x` flattened into
   * `X`, in the kernel's workspace: the adjoint of the input in `G` (the caller's buffer `into`,
   * else a fresh array), the output in `Y` when `withValue` (the workspace's own: read it before
   * the next call). `undefined` when this call runs eagerly.
   */
  runVjp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
    into?: Float64Array,
  ): ReverseWorkspace | undefined {
    return this.run(x, rest, 'reverse', X, undefined, 0, dy, withValue, true, into, undefined);
  }

  /**
   * The output (`Y`, unless `withValue` is false) and its tangents along the `lanes` directions
   * in `tx` (lane after lane, `TY`), both the workspace's own: read them before the next call.
   */
  runJvp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    tx: Float64Array,
    lanes: number,
    withValue = true,
  ): ForwardWorkspace | undefined {
    return this.run(
      x,
      rest,
      'forward',
      X,
      tx,
      lanes,
      undefined,
      withValue,
      true,
      undefined,
      undefined,
    );
  }

  /**
   * Forward over reverse: the pullback `G` of the output cotangent `dy` (`undefined`: the
   * scalar 1) and its derivatives `GT` along the `lanes` directions in `dirs` (lane after lane):
   * Hessian-vector products for a scalar output. `GT` is the caller's buffer `intoGT`, else
   * fresh; so is `G` (`intoG`) with `withGradient`, else it is the workspace's own. Without
   * `withValue` the output `Y` is not computed and the loops only it needs are skipped.
   */
  runHvp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    dirs: Float64Array,
    lanes: number,
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
    withGradient: boolean,
    intoG?: Float64Array,
    intoGT?: Float64Array,
  ): ReverseWorkspace | undefined {
    return this.run(x, rest, 'reverse', X, dirs, lanes, dy, withValue, withGradient, intoG, intoGT);
  }

  /** `runVjp` with the output copied out. */
  vjp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
  ): { y: Float64Array; g: Float64Array } | undefined {
    const w = this.runVjp(x, X, rest, dy, withValue);
    return w === undefined ? undefined : { y: w.Y.slice(), g: w.G };
  }

  /** `runJvp` with the output and its tangents copied out. */
  jvp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    tx: Float64Array,
    lanes: number,
  ): { y: Float64Array; ty: Float64Array } | undefined {
    const w = this.runJvp(x, X, rest, tx, lanes);
    return w === undefined ? undefined : { y: w.Y.slice(), ty: w.TY.slice() };
  }

  /**
   * `runHvp` with the output copied out (meaningless without `withValue`); without
   * `withGradient`, `g` is the workspace's own buffer, valid only until the next call.
   */
  hvp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    dirs: Float64Array,
    lanes: number,
    dy?: ArrayLike<number>,
    { withValue = true, withGradient = true }: HvpOptions = {},
  ): { y: Float64Array; g: Float64Array; hv: Float64Array } | undefined {
    const w = this.runHvp(x, X, rest, dirs, lanes, dy, withValue, withGradient);
    return w === undefined ? undefined : { y: w.Y.slice(), g: w.G, hv: w.GT };
  }

  /** The output's structure at the latest trace (what every variant returns). */
  get output(): Structure | undefined {
    return this.variants[0]?.output;
  }
}
