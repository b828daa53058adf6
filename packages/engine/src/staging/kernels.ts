import type { RuleConfig } from '@pullback/rules-core';
import { CallSite } from './call-site.js';
import { callStatements } from './emit-call.js';
import { usedBuffers } from './program.js';
import { emitPushforward } from './emit-pushforward.js';
import { emitReverse } from './emit-reverse.js';
import type { Program } from './program.js';

/**
 * The generated functions of a program and the buffers they run in. A kernel is generated once;
 * its buffers (a workspace) are allocated once and reused by every call, except a call made
 * while another runs (a rule calling back into the same preparation), which gets its own.
 */

type Generated = (...args: unknown[]) => boolean;

/** Compiles generated source, the one place code is made from text (text made from the IR alone). */
export function compileSource(parameters: readonly string[], source: string): Generated {
  return new Function(...parameters, source) as Generated;
}

/** Where a kernel's rule calls get their `RuleConfig`. */
export type ConfigOf = (mode: 'forward' | 'reverse') => RuleConfig;

/** The program's buffers: captured arrays by reference, temporaries it still uses allocated. */
function buffersOf(p: Program): (Float64Array | readonly number[])[] {
  const used = usedBuffers(p);
  return p.buffers.map(
    (b, k) => b.array ?? new Float64Array(b.kind === 'temp' && used.has(k) ? b.length : 0),
  );
}

function sitesOf(p: Program, config: ConfigOf): CallSite[] {
  return callStatements(p).map((s) => new CallSite(p.calls[s.call], s, config));
}

/** Buffers of one run of a reverse kernel. */
class ReverseWorkspace {
  readonly B: (Float64Array | readonly number[])[];
  readonly GB: Float64Array[];
  readonly TP: Float64Array[];
  readonly TB: Float64Array[];
  readonly GBT: Float64Array[];
  readonly TPT: Float64Array[];
  /** The results: fresh arrays per call (they are what the caller returns), zeroed. */
  G: Float64Array;
  readonly Y: Float64Array;
  readonly DY: Float64Array;
  readonly TX: Float64Array;
  GT: Float64Array;
  readonly CS: CallSite[];
  constructor(
    p: Program,
    config: ConfigOf,
    adjointBuffers: readonly number[],
    tapes: readonly number[],
    n: number,
    m: number,
    lanes: number,
  ) {
    const sized = (k: number, times: number): Float64Array =>
      new Float64Array(adjointBuffers.includes(k) ? p.buffers[k].length * times : 0);
    this.B = buffersOf(p);
    this.GB = p.buffers.map((_, k) => sized(k, 1));
    this.TB = p.buffers.map((_, k) => sized(k, lanes));
    this.GBT = p.buffers.map((_, k) => sized(k, lanes));
    this.TP = tapes.map((len) => new Float64Array(len));
    this.TPT = tapes.flatMap((len) => Array.from({ length: lanes }, () => new Float64Array(len)));
    this.G = new Float64Array(n);
    this.Y = new Float64Array(m);
    this.DY = new Float64Array(m);
    this.TX = new Float64Array(n * lanes);
    this.GT = new Float64Array(n * lanes);
    this.CS = sitesOf(p, config);
  }
}

/**
 * A program's reverse sweep (or, with `lanes > 0`, forward over reverse): a call writes the
 * input's adjoint into `G`, its tangents into `GT` (for the input tangents in `TX`) and,
 * optionally, the output into `Y`. It returns false, before writing anything, when a guard of
 * the program fails at this point.
 */
export class ReverseKernel {
  readonly source: string;
  private readonly run: Generated;
  private readonly K: Float64Array;
  private readonly make: () => ReverseWorkspace;
  private readonly shared: ReverseWorkspace;
  private busy = false;

  constructor(
    private readonly program: Program,
    withValue: boolean,
    n: number,
    m: number,
    config: ConfigOf,
    readonly lanes = 0,
  ) {
    const r = emitReverse(program, withValue, lanes);
    this.source = r.source;
    this.run = compileSource(
      [
        'X',
        'P',
        'B',
        'K',
        'R',
        'GB',
        'TP',
        'G',
        'DY',
        'Y',
        'TX',
        'TB',
        'GBT',
        'TPT',
        'GT',
        'CS',
        'O',
      ],
      r.source,
    );
    this.K = r.constants;
    this.make = () => new ReverseWorkspace(program, config, r.adjointBuffers, r.tapes, n, m, lanes);
    this.shared = this.make();
  }

  /**
   * Runs at input `X` and parameters `P`; `fill` writes `DY` (and `TX`) into the workspace
   * first, `read` reads the results out of it. `undefined` when a guard failed.
   */
  call<T>(
    X: Float64Array,
    P: Float64Array,
    fill: (w: ReverseWorkspace) => void,
    read: (w: ReverseWorkspace) => T,
  ): T | undefined {
    const reentrant = this.busy;
    const w = reentrant ? this.make() : this.shared;
    this.busy = true;
    try {
      fill(w);
      const ok = this.run(
        X,
        P,
        w.B,
        this.K,
        this.program.rules,
        w.GB,
        w.TP,
        w.G,
        w.DY,
        w.Y,
        w.TX,
        w.TB,
        w.GBT,
        w.TPT,
        w.GT,
        w.CS,
        this.program.opaque,
      );
      return ok === false ? undefined : read(w);
    } finally {
      if (!reentrant) this.busy = false;
    }
  }
}

/** Buffers of one run of a forward kernel. */
class ForwardWorkspace {
  readonly B: (Float64Array | readonly number[])[];
  readonly TB: Float64Array[];
  readonly TX: Float64Array;
  readonly Y: Float64Array;
  readonly TY: Float64Array;
  readonly CS: CallSite[];
  constructor(
    p: Program,
    config: ConfigOf,
    tangentBuffers: readonly number[],
    n: number,
    m: number,
    lanes: number,
  ) {
    this.B = buffersOf(p);
    this.TB = p.buffers.map(
      (b, k) => new Float64Array(tangentBuffers.includes(k) ? b.length * lanes : 0),
    );
    this.TX = new Float64Array(n * lanes);
    this.Y = new Float64Array(m);
    this.TY = new Float64Array(m * lanes);
    this.CS = sitesOf(p, config);
  }
}

/** A program's forward mode over `lanes` directions (tangents lane after lane in `TX`, `TY`). */
export class ForwardKernel {
  readonly source: string;
  private readonly run: Generated;
  private readonly K: Float64Array;
  private readonly make: () => ForwardWorkspace;
  private readonly shared: ForwardWorkspace;
  private busy = false;

  constructor(
    private readonly program: Program,
    n: number,
    m: number,
    readonly lanes: number,
    config: ConfigOf,
  ) {
    const r = emitPushforward(program, lanes);
    this.source = r.source;
    this.run = compileSource(['X', 'P', 'B', 'K', 'R', 'TX', 'TB', 'Y', 'TY', 'CS', 'O'], r.source);
    this.K = r.constants;
    this.make = () => new ForwardWorkspace(program, config, r.tangentBuffers, n, m, lanes);
    this.shared = this.make();
  }

  /** Like `ReverseKernel.call`. */
  call<T>(
    X: Float64Array,
    P: Float64Array,
    fill: (w: ForwardWorkspace) => void,
    read: (w: ForwardWorkspace) => T,
  ): T | undefined {
    const reentrant = this.busy;
    const w = reentrant ? this.make() : this.shared;
    this.busy = true;
    try {
      fill(w);
      const ok = this.run(
        X,
        P,
        w.B,
        this.K,
        this.program.rules,
        w.TX,
        w.TB,
        w.Y,
        w.TY,
        w.CS,
        this.program.opaque,
      );
      return ok === false ? undefined : read(w);
    } finally {
      if (!reentrant) this.busy = false;
    }
  }
}

export type { ReverseWorkspace, ForwardWorkspace };
