import type { DifferentiableRecord } from '@pullback/rules-core';
import { emitPushforward } from './emit-pushforward.js';
import type { Program } from './program.js';

/** `(X, P, B, K, R, TX, TB, Y, TY) => void`, as generated. */
type PushforwardFunction = (
  X: Float64Array,
  P: Float64Array,
  B: readonly Float64Array[],
  K: Float64Array,
  R: readonly DifferentiableRecord[],
  TX: Float64Array,
  TB: readonly Float64Array[],
  Y: Float64Array,
  TY: Float64Array,
) => void;

/**
 * A program's forward mode over `lanes` directions, generated once, buffers allocated once: a
 * call reads the input tangents lane after lane from `TX` and writes the output's values into
 * `Y` and its tangents, lane after lane, into `TY`.
 */
export class CompiledPushforward {
  readonly source: string;
  private readonly run: PushforwardFunction;
  private readonly K: Float64Array;
  private readonly B: Float64Array[];
  private readonly TB: Float64Array[];
  readonly TX: Float64Array;
  readonly Y: Float64Array;
  readonly TY: Float64Array;

  constructor(
    private readonly program: Program,
    inputSize: number,
    outputSize: number,
    readonly lanes: number,
  ) {
    const r = emitPushforward(program, lanes);
    this.source = r.source;
    this.run = new Function('X', 'P', 'B', 'K', 'R', 'TX', 'TB', 'Y', 'TY', r.source) as PushforwardFunction;
    this.K = r.constants;
    this.B = program.buffers.map((b) => b.array ?? new Float64Array(b.kind === 'temp' ? b.length : 0));
    this.TB = program.buffers.map((b, k) => new Float64Array(r.tangentBuffers.includes(k) ? b.length * lanes : 0));
    this.TX = new Float64Array(inputSize * lanes);
    this.Y = new Float64Array(outputSize);
    this.TY = new Float64Array(outputSize * lanes);
  }

  /** Runs forward mode at input `X` and parameters `P` for the tangents in `TX`. */
  call(X: Float64Array, P: Float64Array): void {
    this.run(X, P, this.B, this.K, this.program.rules, this.TX, this.TB, this.Y, this.TY);
  }
}
