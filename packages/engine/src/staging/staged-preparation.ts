import {
  flattenInto,
  sameStructure,
  sizeOf,
  structureOf,
  type Structure,
} from '../tree/structure.js';
import { fuse } from './fuse.js';
import { codeGenerationAvailable } from './code-generation.js';
import { ForwardKernel, ReverseKernel, type ConfigOf, type KernelEngine } from './kernels.js';
import { usedBuffers, type Program } from './program.js';
import { reroll } from './reroll.js';
import { stage, type RestLayout, type Staged } from './stage.js';
import { NotStaged } from './tracer.js';

/** What compiling a preparation did, as `prepared.compilation` reports it. */
export interface Compilation {
  /** True while the preparation runs generated code. */
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

/** After this many retraces a preparation stays eager: its branches change too often. */
export const MAX_RETRACES = 8;

/** One trace of `f` with the kernels generated from it. */
class Variant {
  readonly program: Program;
  readonly kernels = new Map<string, ReverseKernel | ForwardKernel>();
  readonly P: Float64Array;
  /** False when no statement reads the extra arguments' data: then it is not copied per call. */
  private readonly readsData: boolean;
  constructor(readonly staged: Staged) {
    this.program = fuse(reroll(staged.program));
    this.P = new Float64Array(staged.rest.size);
    const p = this.program;
    this.readsData = [...usedBuffers(p)].some((b) => p.buffers[b].kind === 'param');
  }

  /** True when `rest` is what this trace baked in (numbers, functions) and shaped as traced. */
  accepts(rest: readonly unknown[]): boolean {
    return acceptsRest(this.staged.rest, rest, this.readsData ? this.P : undefined);
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
  /** What runs the latest kernel made. */
  /** Every kernel made so far (each says whether it runs generated code or the interpreter). */
  private readonly made: { readonly engine: KernelEngine }[] = [];
  /** Kernels generated so far: each one's first result is checked against the eager engine. */
  kernels = 0;

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
    if (this.made.length === 0) return codeGenerationAvailable() ? 'generated' : 'interpreted';
    return this.made.some((k) => k.engine === 'interpreted') ? 'interpreted' : 'generated';
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
      const v = new Variant(stage(this.f, x, rest));
      if (this.variants.length === 0) this.operations = v.staged.program.body.length;
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
   * Runs `attempt` on the variant whose guards hold at `(x, rest)`, tracing again (at most
   * `MAX_RETRACES` times) when none does.
   */
  private run<T>(
    x: unknown,
    rest: readonly unknown[],
    attempt: (v: Variant) => T | undefined,
  ): T | undefined {
    if (this.reason !== undefined) return undefined;
    let restAccepted = false;
    for (const v of this.variants) {
      if (!v.accepts(rest)) continue;
      restAccepted = true;
      const r = this.safely(() => attempt(v));
      if (r !== undefined) return r;
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
    return this.safely(() => attempt(v));
  }

  private safely<T>(body: () => T | undefined): T | undefined {
    try {
      return body();
    } catch (error) {
      if (error instanceof NotStaged) {
        this.giveUp(error.reason);
        return undefined;
      }
      throw error;
    }
  }

  private kernel<K extends ReverseKernel | ForwardKernel>(
    v: Variant,
    mode: string,
    make: () => K,
  ): K {
    let k = v.kernels.get(mode) as K | undefined;
    if (k === undefined) {
      k = make();
      v.kernels.set(mode, k);
      this.sourceBytes += k.source.length;
      this.kernels++;
      this.made.push(k);
    }
    return k;
  }

  /**
   * The output (flat) and the pullback of the flat cotangent `dy` (`undefined`: the scalar 1),
   * at `x` flattened into `X`.
   */
  vjp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    dy: ArrayLike<number> | undefined,
    withValue: boolean,
  ): { y: Float64Array; g: Float64Array } | undefined {
    return this.run(x, rest, (v) => {
      const n = X.length;
      const m = sizeOf(v.staged.output);
      const k = this.kernel(
        v,
        `reverse${withValue ? '' : ', derivative only'}`,
        () => new ReverseKernel(v.program, withValue, n, m, this.config),
      );
      return k.call(
        X,
        v.P,
        (w) => {
          if (dy === undefined) w.DY.fill(1);
          else w.DY.set(dy);
          w.G = new Float64Array(n);
        },
        (w) => ({ y: w.Y.slice(), g: w.G }),
      );
    });
  }

  /** The output and its tangents along the `lanes` directions in `tx` (lane after lane). */
  jvp(
    x: unknown,
    X: Float64Array,
    rest: readonly unknown[],
    tx: Float64Array,
    lanes: number,
  ): { y: Float64Array; ty: Float64Array } | undefined {
    return this.run(x, rest, (v) => {
      const n = X.length;
      const m = sizeOf(v.staged.output);
      const k = this.kernel(
        v,
        `forward, ${lanes} lanes`,
        () => new ForwardKernel(v.program, n, m, lanes, this.config),
      );
      return k.call(
        X,
        v.P,
        (w) => w.tangentsIn(tx),
        (w) => ({ y: w.Y.slice(), ty: w.TY.slice() }),
      );
    });
  }

  /**
   * Forward over reverse: the output (flat), the pullback `g` of the output cotangent `dy`
   * (`undefined`: the scalar 1), and its derivatives along the `lanes` directions in `dirs`
   * (lane after lane): Hessian-vector products for a scalar output. Without `withValue` the
   * output is not computed (`y` is then meaningless) and the loops only it needs are skipped;
   * without `withGradient`, `g` is the workspace's own buffer, valid only until the next call.
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
    return this.run(x, rest, (v) => {
      const n = X.length;
      const m = sizeOf(v.staged.output);
      const k = this.kernel(
        v,
        `forward over reverse, ${lanes} lanes${withValue ? '' : ', derivative only'}`,
        () => new ReverseKernel(v.program, withValue, n, m, this.config, lanes),
      );
      return k.call(
        X,
        v.P,
        (w) => {
          if (dy === undefined) w.DY.fill(1);
          else w.DY.set(dy);
          w.tangentsIn(dirs);
          w.G = withGradient ? new Float64Array(n) : w.ownG.fill(0);
          w.GT = new Float64Array(n * lanes);
        },
        (w) => ({ y: w.Y.slice(), g: w.G, hv: w.GT }),
      );
    });
  }

  /** The output's structure at the latest trace (what every variant returns). */
  get output(): Structure | undefined {
    return this.variants[0]?.staged.output;
  }
}
