// corpus: clean
// about: ordinary descriptive statistics on number arrays (mean, variance, quantiles on a sorted copy), never differentiated
export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / (xs.length - 1);
}

export function quantile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function zScores(xs: readonly number[]): Float64Array {
  const m = mean(xs);
  const sd = Math.sqrt(variance(xs));
  const out = new Float64Array(xs.length);
  xs.forEach((x, i) => {
    out[i] = (x - m) / sd;
  });
  return out;
}
