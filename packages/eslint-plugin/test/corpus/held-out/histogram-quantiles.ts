// corpus: clean
// about: histogram binning with Math.floor into an Int32Array and quantiles by sorting a copy; plain numbers, never differentiated
export function histogram(xs: readonly number[], bins: number, lo: number, hi: number): Int32Array {
  const counts = new Int32Array(bins);
  const width = (hi - lo) / bins;
  for (const x of xs) {
    if (x < lo || x > hi) continue;
    const b = Math.min(bins - 1, Math.floor((x - lo) / width));
    counts[b]++;
  }
  return counts;
}

export function quantile(xs: readonly number[], q: number): number {
  const sorted = Float64Array.from(xs).sort();
  const pos = (sorted.length - 1) * q;
  const below = Math.floor(pos);
  const above = Math.ceil(pos);
  return sorted[below] + (sorted[above] - sorted[below]) * (pos - below);
}

export function interquartileRange(xs: readonly number[]): number {
  return quantile(xs, 0.75) - quantile(xs, 0.25);
}
