/** One tool on one case, as the worker reports it and the result files store it. */
import type { Problem, Style, ToolName } from './cases.js';
import type { Load, Machine, Versions } from './machine.js';
import type { PairedTiming } from './timing.js';

/**
 * `ok`: checked and timed. `wrong`: the gradient disagreed with the hand-written one, so it was
 * not timed. `failed`: the tool threw. `skipped`: not run, estimated over the time limit (or a
 * smaller size already failed). `timed out`: killed at the hard limit.
 */
export type Status = 'ok' | 'wrong' | 'failed' | 'skipped' | 'timed out';

/** The result of one worker process (or of the decision not to start it). */
export interface Measurement {
  readonly tool: ToolName;
  readonly problem: Problem;
  readonly style: Style;
  readonly n: number;
  readonly status: Status;
  /** Why it is not `ok`, in a sentence. */
  readonly reason?: string;
  /** The floating-point type the tool computed in. */
  readonly dtype?: 'float64' | 'float32';
  /** From nothing to the first gradient: setup (prepare, `jit`, tensor upload) and first call. */
  readonly firstGradientMs?: number;
  /** Largest |tool − hand-written| over the largest |hand-written| component, worst of 2 calls. */
  readonly checkError?: number;
  /** The bound `checkError` had to meet: 1e-10 in float64, 1e-3 in float32. */
  readonly tolerance?: number;
  /** The paired timing against the hand-written gradient (also when `wrong`: for the notes only). */
  readonly timing?: PairedTiming;
  /** What the tool says about how it ran, if anything. */
  readonly note?: string;
}

/** What the parent sends a worker: the case and its time budget. */
export interface WorkerTask {
  readonly tool: ToolName;
  readonly problem: Problem;
  readonly style: Style;
  readonly n: number;
  readonly budgetMs: number;
}

/** A whole run: where it was made, under what load, and every measurement. */
export interface PeerRun {
  readonly machine: Machine;
  readonly versions: Versions;
  readonly loadAtStart: Load;
  readonly loadAtEnd: Load;
  /** Environment variables every worker process ran with (beyond the parent's own). */
  readonly workerEnvironment: Readonly<Record<string, string>>;
  /** Time for the paired timing of one measurement (twice this at n ≥ 1e6), in milliseconds. */
  readonly budgetMs: number;
  /** A measurement estimated to take longer than this is skipped, in seconds. */
  readonly limitSeconds: number;
  readonly measurements: readonly Measurement[];
}
