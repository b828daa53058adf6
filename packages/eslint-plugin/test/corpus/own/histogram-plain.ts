// corpus: clean
// about: histogram binning with Math.floor into an Int32Array, and a kernel density estimate, plain numbers
export function histogram(xs: readonly number[], lo: number, hi: number, bins: number): Int32Array {
  const counts = new Int32Array(bins);
  const width = (hi - lo) / bins;
  for (const x of xs) {
    if (x < lo || x >= hi) continue;
    counts[Math.floor((x - lo) / width)]++;
  }
  return counts;
}

export function kde(xs: readonly number[], at: number, bandwidth: number): number {
  let s = 0;
  for (const x of xs) s += Math.exp(-0.5 * ((at - x) / bandwidth) ** 2);
  return s / (xs.length * bandwidth * Math.sqrt(2 * Math.PI));
}
