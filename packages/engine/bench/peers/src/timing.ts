/**
 * Paired timing, as in `../paired.ts`: the machine's speed drifts by up to 2x over seconds (other
 * tenants), so the reference and the measured task run back to back in each round and the ratio
 * reported is the median of the per-round ratios. Unlike `../paired.ts` (tinybench, at least
 * three calls per round plus five warm-up calls), the number of calls adapts to the task, since a
 * peer's gradient can take seconds: a round holds one call of a slow task.
 */

/** The medians of one paired measurement. */
export interface PairedTiming {
  /** Median time of one call of the measured task, in milliseconds. */
  readonly ms: number;
  /** Median time of one call of the reference, in milliseconds. */
  readonly referenceMs: number;
  /** Median over the rounds of (measured / reference). */
  readonly ratio: number;
  /** The smallest and largest per-round ratio. */
  readonly ratioRange: readonly [number, number];
  /** How many rounds ran. */
  readonly rounds: number;
  /** How many calls of the measured task the rounds made in all. */
  readonly calls: number;
}

/** A sample shorter than this is timed as a batch of calls, so the clock's grain does not count. */
const minSampleMs = 0.5;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds per call of `fn`, timed as one batch of `calls` calls. */
function timeBatch(fn: () => unknown, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - start) / calls;
}

/** Calls per sample so that one sample lasts at least `minSampleMs`. */
function batchFor(msPerCall: number): number {
  return Math.max(1, Math.ceil(minSampleMs / Math.max(msPerCall, 1e-6)));
}

/** Per-call times of samples of `batch` calls each, taken until `budgetMs` is spent (one at least). */
function samplesFor(fn: () => unknown, batch: number, budgetMs: number): number[] {
  const out: number[] = [];
  const deadline = performance.now() + budgetMs;
  do out.push(timeBatch(fn, batch));
  while (performance.now() < deadline);
  return out;
}

/**
 * Times `fn` against `reference` in up to `maxRounds` rounds within about `budgetMs` in all
 * (after a warm-up of a tenth of the budget). Both are assumed to have run once already.
 */
export function pairedTiming(
  fn: () => unknown,
  reference: () => unknown,
  budgetMs: number,
  maxRounds = 9,
): PairedTiming {
  // Warm-up, which also estimates each task's time per call.
  const warmMs = budgetMs / 10;
  const warmEnd = performance.now() + warmMs;
  let fnMs = timeBatch(fn, 1);
  let refMs = timeBatch(reference, 1);
  while (performance.now() < warmEnd) {
    fnMs = Math.min(fnMs, timeBatch(fn, batchFor(fnMs)));
    refMs = Math.min(refMs, timeBatch(reference, batchFor(refMs)));
  }
  const rounds = Math.max(1, Math.min(maxRounds, Math.floor((budgetMs - warmMs) / (fnMs + refMs))));
  const roundMs = (budgetMs - warmMs) / rounds;
  const ms: number[] = [];
  const referenceMs: number[] = [];
  const ratios: number[] = [];
  let calls = 0;
  for (let r = 0; r < rounds; r++) {
    // Each side's share of a round follows its time per call as last measured, but is at least a
    // quarter of the round, so the fast side still gets many samples.
    const fnShare = roundMs * Math.min(0.75, Math.max(0.25, fnMs / (fnMs + refMs)));
    const refBatch = batchFor(refMs);
    const fnBatch = batchFor(fnMs);
    refMs = median(samplesFor(reference, refBatch, roundMs - fnShare));
    const samples = samplesFor(fn, fnBatch, fnShare);
    calls += samples.length * fnBatch;
    fnMs = median(samples);
    ms.push(fnMs);
    referenceMs.push(refMs);
    ratios.push(fnMs / refMs);
  }
  return {
    ms: median(ms),
    referenceMs: median(referenceMs),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    rounds,
    calls,
  };
}
