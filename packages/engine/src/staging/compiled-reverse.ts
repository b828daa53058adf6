import type { DifferentiableRecord } from '@pullback/rules-core';
import { emitReverse } from './emit-reverse.js';
import type { Program } from './program.js';

/** `(X, P, B, K, R, GB, TP, G, DY, Y, TX, TB, GBT, TPT, GT) => void`, as generated. */
type ReverseFunction = (
  X: Float64Array,
  P: Float64Array,
  B: readonly Float64Array[],
  K: Float64Array,
  R: readonly DifferentiableRecord[],
  GB: readonly Float64Array[],
  TP: readonly Float64Array[],
  G: Float64Array,
  DY: Float64Array,
  Y: Float64Array,
  TX: Float64Array,
  TB: readonly Float64Array[],
  GBT: readonly Float64Array[],
  TPT: readonly Float64Array[],
  GT: Float64Array,
) => void;

/**
 * A program's reverse sweep (or, with `lanes > 0`, its forward over reverse), generated once,
 * with every buffer it uses allocated once: a call writes the input's adjoint into `G`, its
 * tangents into `GT` (`lanes` lanes, for the input tangents in `TX`), and (optionally) the
 * output into `Y`, and allocates nothing.
 */
export class CompiledReverse {
  readonly source: string;
  private readonly run: ReverseFunction;
  private readonly K: Float64Array;
  private readonly B: Float64Array[];
  private readonly GB: Float64Array[];
  private readonly TP: Float64Array[];
  private readonly TB: Float64Array[];
  private readonly GBT: Float64Array[];
  private readonly TPT: Float64Array[];
  readonly G: Float64Array;
  readonly Y: Float64Array;
  readonly DY: Float64Array;
  readonly TX: Float64Array;
  readonly GT: Float64Array;

  constructor(
    private readonly program: Program,
    withValue: boolean,
    inputSize: number,
    outputSize: number,
    lanes = 0,
  ) {
    const r = emitReverse(program, withValue, lanes);
    this.source = r.source;
    this.run = new Function('X', 'P', 'B', 'K', 'R', 'GB', 'TP', 'G', 'DY', 'Y', 'TX', 'TB', 'GBT', 'TPT', 'GT', r.source) as ReverseFunction;
    this.K = r.constants;
    const sized = (k: number, times: number): Float64Array =>
      new Float64Array(r.adjointBuffers.includes(k) ? program.buffers[k].length * times : 0);
    this.B = program.buffers.map((b) => b.array ?? new Float64Array(b.kind === 'temp' ? b.length : 0));
    this.GB = program.buffers.map((_, k) => sized(k, 1));
    this.TB = program.buffers.map((_, k) => sized(k, lanes));
    this.GBT = program.buffers.map((_, k) => sized(k, lanes));
    this.TP = r.tapes.map((n) => new Float64Array(n));
    this.TPT = r.tapes.flatMap((n) => Array.from({ length: lanes }, () => new Float64Array(n)));
    this.G = new Float64Array(inputSize);
    this.Y = new Float64Array(outputSize);
    this.DY = new Float64Array(outputSize);
    this.TX = new Float64Array(inputSize * lanes);
    this.GT = new Float64Array(inputSize * lanes);
  }

  /** Runs the sweep at input `X` and parameters `P`, for the cotangent in `DY`. */
  call(X: Float64Array, P: Float64Array): void {
    this.run(X, P, this.B, this.K, this.program.rules, this.GB, this.TP, this.G, this.DY, this.Y, this.TX, this.TB, this.GBT, this.TPT, this.GT);
  }
}
