import type { RuleConfig } from '@pullback/rules-core';
import { CodeGenerationUnavailable, generateFunction } from './code-generation.js';
import { CallSite } from './call-site.js';
import { callStatements } from './emit-call.js';
import { emitPushforward } from './emit-pushforward.js';
import { emitReverse } from './emit-reverse.js';
import { activity } from './activity.js';
import { interpretPushforward, interpretReverse, type Run } from './interpret/interpret.js';
import { usedBuffers, type Program } from './program.js';
import { unguardedSafe } from './unguarded.js';

/**
 * The generated functions of a program and the buffers they run in. A kernel is generated once;
 * its buffers (a workspace) are allocated once and reused by every call, except a call made
 * while another runs (a rule calling back into the same preparation), which gets its own.
 * Generated code reads the workspace's buffers by their field names.
 */

/** `(X, P, K, R, O, W) => boolean`: false when a guard failed before anything was written. */
type Generated = Run;
/** An unguarded kernel (see `unguardedSafe`): as `Generated`, or `null` when a result was NaN. */
type Unguarded = (...args: Parameters<Run>) => boolean | null;

/**
 * Compiles generated source (text made from the IR alone) with the workspace fields `fields` in
 * scope; `CodeGenerationUnavailable` where functions cannot be made from text.
 */
export function compileSource<F = Generated>(fields: readonly string[], source: string): F {
  return generateFunction<F>(
    ['X', 'P', 'K', 'R', 'O', 'W'],
    `const { ${fields.join(', ')}, PIN } = W;\n${source}`,
  );
}

/** What runs a kernel: generated code, or the interpreter where code cannot be generated. */
export type KernelEngine = 'generated' | 'interpreted';

/** Where a kernel's rule calls get their `RuleConfig`. */
export type ConfigOf = (mode: 'forward' | 'reverse') => RuleConfig;

/** The buffers every workspace has: the program's own (captured arrays by reference), and call sites. */
class Workspace {
  readonly B: (Float64Array | readonly number[])[];
  readonly CS: CallSite[];
  readonly Y: Float64Array;
  /**
   * The input tangents, lane after lane: the workspace's own buffer (`ownTX`), or during a call
   * the caller's array of that length, read in place (generated code never writes it).
   */
  TX: Float64Array;
  readonly ownTX: Float64Array;
  /** Written, never read: generated code stores here to keep values computed once (pin-forward-values.ts). */
  readonly PIN = new Float64Array(1);
  constructor(p: Program, config: ConfigOf, m: number, tangentsIn: number) {
    const used = usedBuffers(p);
    this.B = p.buffers.map(
      (b, k) => b.array ?? new Float64Array(b.kind === 'temp' && used.has(k) ? b.length : 0),
    );
    this.CS = callStatements(p).map((s) => new CallSite(p.calls[s.call], s, config));
    this.Y = new Float64Array(m);
    this.ownTX = new Float64Array(tangentsIn);
    this.TX = this.ownTX;
  }

  /** Takes the input tangents `t` for one call: in place when it fits, else copied. */
  tangentsIn(t: Float64Array): void {
    if (t.length === this.ownTX.length) this.TX = t;
    else this.ownTX.set(t);
  }
}

/** Buffers of one run of a reverse kernel (forward over reverse when `lanes > 0`). */
export class ReverseWorkspace extends Workspace {
  readonly GB: Float64Array[];
  readonly TP: Float64Array[];
  readonly TB: Float64Array[];
  readonly GBT: Float64Array[];
  readonly TPT: Float64Array[];
  readonly DY: Float64Array;
  /** The results: fresh zeroed arrays per call (they are what the caller returns). */
  G: Float64Array;
  /** `G` for a call that does not return the gradient (zeroed by the caller). */
  readonly ownG: Float64Array;
  GT: Float64Array;
  constructor(
    p: Program,
    config: ConfigOf,
    adjointBuffers: readonly number[],
    tapes: readonly number[],
    n: number,
    m: number,
    lanes: number,
  ) {
    super(p, config, m, n * lanes);
    const sized = (k: number, times: number): Float64Array =>
      new Float64Array(adjointBuffers.includes(k) ? p.buffers[k].length * times : 0);
    this.GB = p.buffers.map((_, k) => sized(k, 1));
    this.TB = p.buffers.map((_, k) => sized(k, lanes));
    this.GBT = p.buffers.map((_, k) => sized(k, lanes));
    this.TP = tapes.map((len) => new Float64Array(len));
    this.TPT = tapes.flatMap((len) => Array.from({ length: lanes }, () => new Float64Array(len)));
    this.DY = new Float64Array(m);
    this.ownG = new Float64Array(n);
    this.G = this.ownG;
    this.GT = new Float64Array(n * lanes);
  }
}

const REVERSE_FIELDS = ['B', 'CS', 'Y', 'GB', 'TP', 'TB', 'GBT', 'TPT', 'DY', 'TX', 'G', 'GT'];

/** Buffers of one run of a forward kernel: tangents lane after lane in `TX` and `TY`. */
export class ForwardWorkspace extends Workspace {
  readonly TB: Float64Array[];
  readonly TY: Float64Array;
  constructor(
    p: Program,
    config: ConfigOf,
    tangentBuffers: readonly number[],
    n: number,
    m: number,
    lanes: number,
  ) {
    super(p, config, m, n * lanes);
    this.TB = p.buffers.map(
      (b, k) => new Float64Array(tangentBuffers.includes(k) ? b.length * lanes : 0),
    );
    this.TY = new Float64Array(m * lanes);
  }
}

const FORWARD_FIELDS = ['B', 'CS', 'Y', 'TB', 'TX', 'TY'];

/**
 * Generated source longer than this runs on the interpreter instead: a straight-line program of
 * this size (a stencil over 900 grid points, forward mode with 8 lanes, was 13 MB) takes
 * seconds to parse and declares more locals than a stack frame holds.
 */
const MAX_GENERATED_SOURCE = 2_000_000;
let maxGeneratedSource = MAX_GENERATED_SOURCE;

/** For tests: the source length above which kernels are interpreted (`undefined`: the default). */
export function limitGeneratedSource(length: number | undefined): void {
  maxGeneratedSource = length ?? MAX_GENERATED_SOURCE;
}

/** The line between a kernel's guarded source and its unguarded one, in `source`. */
const UNGUARDED_HEADER =
  '\n// the same without zero tests, which runs first: a NaN in a result runs the code above\n';

/** Generated code with the workspace it runs in, and a fresh one for a re-entrant call. */
class Kernel<W extends Workspace> {
  private run: Generated;
  /** The same program without zero tests, run first when there is one (see `unguardedSafe`). */
  private unguarded: Unguarded | undefined;
  private readonly shared: W;
  /** The guarded source, then the unguarded one (when there is one). */
  readonly source: string;
  private busy = false;
  private ran = false;
  /** Whether the kernel runs generated code or the interpreter. */
  engine: KernelEngine;

  constructor(
    private readonly program: Program,
    source: string,
    private readonly K: Float64Array,
    fields: readonly string[],
    private readonly make: () => W,
    private readonly interpret: () => Generated,
    /** The unguarded source, made only when `unguardedSafe` allows it. */
    unguardedSource: (() => string) | undefined,
    /** Zeroes what a run accumulates into (`G`, `GT`) before the guarded kernel runs again. */
    private readonly reset: (w: W) => void,
  ) {
    let run: Generated | undefined;
    if (source.length <= maxGeneratedSource) {
      try {
        run = compileSource(fields, source);
      } catch (error) {
        // A strict CSP or --disallow-code-generation-from-strings: the same program, interpreted.
        if (!(error instanceof CodeGenerationUnavailable)) throw error;
      }
    }
    this.engine = run === undefined ? 'interpreted' : 'generated';
    this.run = run ?? interpret();
    // Only beside generated code: the interpreter keeps its zero tests.
    const fast = run === undefined ? undefined : unguardedSource?.();
    if (fast !== undefined && fast.length <= maxGeneratedSource) {
      this.unguarded = compileSource<Unguarded>(fields, fast);
      this.source = source + UNGUARDED_HEADER + fast;
    } else this.source = source;
    this.shared = make();
  }

  /**
   * The workspace of one call: the shared one, or a fresh one for a call made while another
   * runs (a rule calling back into the same preparation). The caller fills its seeds, `exec`s,
   * reads the results and `leave`s, in that order, with nothing else run in between; a caller
   * that keeps the shared workspace's own buffers (`Y`, `TY`) past that copies them.
   */
  enter(): W {
    if (this.busy) return this.make();
    this.busy = true;
    return this.shared;
  }

  /** Ends the call `enter` began (in a `finally`). */
  leave(w: W): void {
    // The caller's tangents are not kept past the call.
    w.TX = w.ownTX;
    if (w === this.shared) this.busy = false;
  }

  /** Runs at input `X` and parameters `P` in `w`; false when a guard failed. */
  exec(w: W, X: Float64Array, P: Float64Array): boolean {
    let ok: boolean | null = null;
    try {
      if (this.unguarded !== undefined) {
        ok = this.unguarded(X, P, this.K, this.program.rules, this.program.opaque, w);
        // A result came out NaN, perhaps from a product a zero test would have made 0.
        if (ok === null) this.reset(w);
      }
      ok ??= this.run(X, P, this.K, this.program.rules, this.program.opaque, w);
    } catch (error) {
      // Generated code whose frame does not fit on the stack fails on entry, before it has
      // touched anything (the seeds are still in place): the interpreter runs the same program
      // in loops instead.
      if (!(error instanceof RangeError) || this.ran || this.engine !== 'generated') throw error;
      this.run = this.interpret();
      this.unguarded = undefined;
      this.engine = 'interpreted';
      ok = this.run(X, P, this.K, this.program.rules, this.program.opaque, w);
    }
    this.ran = true;
    return ok;
  }
}

/**
 * A program's reverse sweep (or, with `lanes > 0`, forward over reverse): a call writes the
 * input's adjoint into `G` (unless `gradient` is false, in forward over reverse), its tangents
 * into `GT` (for the input tangents in `TX`) and, optionally, the output into `Y`.
 */
export class ReverseKernel extends Kernel<ReverseWorkspace> {
  constructor(
    program: Program,
    withValue: boolean,
    n: number,
    m: number,
    config: ConfigOf,
    lanes = 0,
    private readonly gradient = true,
  ) {
    const r = emitReverse(program, withValue, lanes, { gradient });
    super(
      program,
      r.source,
      r.constants,
      REVERSE_FIELDS,
      () => new ReverseWorkspace(program, config, r.adjointBuffers, r.tapes, n, m, lanes),
      () => interpretReverse(program, withValue, lanes),
      unguardedSafe(program, activity(program))
        ? () => emitReverse(program, withValue, lanes, { gradient, zeroTests: false }).source
        : undefined,
      (w) => {
        w.G.fill(0);
        w.GT.fill(0);
      },
    );
  }

  /** Whether a run writes `G` (the interpreter always does). */
  get writesGradient(): boolean {
    return this.gradient || this.engine === 'interpreted';
  }
}

/** A program's forward mode over `lanes` directions. */
export class ForwardKernel extends Kernel<ForwardWorkspace> {
  /** Without `withValue` the output `Y` is not written (and the interpreter's is not read). */
  constructor(
    program: Program,
    n: number,
    m: number,
    lanes: number,
    config: ConfigOf,
    withValue = true,
  ) {
    const r = emitPushforward(program, lanes, true, withValue);
    super(
      program,
      r.source,
      r.constants,
      FORWARD_FIELDS,
      () => new ForwardWorkspace(program, config, r.tangentBuffers, n, m, lanes),
      () => interpretPushforward(program, lanes),
      unguardedSafe(program, activity(program))
        ? () => emitPushforward(program, lanes, false, withValue).source
        : undefined,
      // Every output tangent is assigned, not accumulated: nothing to zero.
      () => undefined,
    );
  }
}
