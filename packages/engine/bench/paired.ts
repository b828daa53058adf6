/**
 * Paired timing. This machine's speed drifts by up to 2x over seconds (other tenants), so a
 * ratio of two medians taken at different moments can be off by that much. Here the reference
 * and the measured task run back to back in each of several short tinybench rounds, and the
 * ratio reported is the median of the per-round ratios: both sides of each ratio saw the same
 * machine.
 */
import { Bench } from 'tinybench';

/** Medians of one paired measurement. */
export interface Paired {
  /** Median time of the measured task, in milliseconds. */
  readonly ms: number;
  /** Median time of the reference, in milliseconds. */
  readonly baseMs: number;
  /** Median over the rounds of (measured / reference). */
  readonly ratio: number;
}

/** The tinybench median of one task, or the error it threw. */
function p50(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result as
    { latency?: { p50?: number }; error?: unknown } | undefined;
  if (result?.error) throw result.error;
  return result?.latency?.p50 ?? Number.NaN;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Times `fn` against `base` in `rounds` rounds of `budgetMs / rounds` per task. */
export async function paired(
  fn: () => unknown,
  base: () => unknown,
  budgetMs: number,
  rounds = 5,
): Promise<Paired> {
  const ms: number[] = [];
  const baseMs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({
      time: budgetMs / rounds,
      warmupTime: r === 0 ? Math.min(200, budgetMs) : 0,
      warmupIterations: r === 0 ? 5 : 1,
      iterations: 3,
    });
    bench.add('reference', base);
    bench.add('measured', fn);
    await bench.run();
    const a = p50(bench, 'measured');
    const b = p50(bench, 'reference');
    ms.push(a);
    baseMs.push(b);
    ratios.push(a / b);
  }
  return { ms: median(ms), baseMs: median(baseMs), ratio: median(ratios) };
}

/**
 * The closure `make` returns, made a second time. TurboFan specializes the first closure made at
 * a source location to the values it closes over: a hand-written loop over a constant array then
 * drops its bounds checks, and the same hand-written Rosenbrock primal ran 0.74 µs in the first
 * row of a group and 1.09–1.17 µs in the others (n = 1e3), so the first row of each group was
 * compared with a faster reference than the rest. The benches make both sides of every row
 * through here, so no row's closures are specialized.
 */
export function unspecialized(make: () => () => unknown): () => unknown {
  make();
  return make();
}
