/**
 * Cost assertions that hold on a shared machine. Both sides run in interleaved rounds, so a slow
 * spell slows both alike, and a bound gets three attempts: one burst of load can still land on
 * one side only, but a cost over the bound three times in a row is the code, not the machine.
 */
import { expect } from 'vitest';

/** How the two sides' times are summarised: the fastest (the cost without noise) or the median. */
export type Summary = 'fastest' | 'median';

/** `measured`'s time over `baseline`'s, from `rounds` interleaved rounds after `warmup` unmeasured ones. */
export function pairedRatio(
  measured: () => unknown,
  baseline: () => unknown,
  {
    rounds = 20,
    warmup = 5,
    summary = 'fastest',
  }: { rounds?: number; warmup?: number; summary?: Summary } = {},
): number {
  const m: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < warmup + rounds; k++) {
    let t0 = performance.now();
    measured();
    const tm = performance.now() - t0;
    t0 = performance.now();
    baseline();
    const tb = performance.now() - t0;
    if (k >= warmup) {
      m.push(tm);
      b.push(tb);
    }
  }
  const pick = (t: number[]) =>
    summary === 'fastest' ? Math.min(...t) : [...t].sort((p, q) => p - q)[t.length >> 1];
  return pick(m) / pick(b);
}

/** Expects `measured` to cost less than `bound` times `baseline`, in one of three attempts. */
export function expectRatioBelow(
  measured: () => unknown,
  baseline: () => unknown,
  bound: number,
  options: { rounds?: number; warmup?: number; summary?: Summary } = {},
): void {
  const ratios: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = pairedRatio(measured, baseline, options);
    if (r < bound) return;
    ratios.push(r);
  }
  expect(ratios, `over ${bound}x in three attempts`).toEqual([]);
}
