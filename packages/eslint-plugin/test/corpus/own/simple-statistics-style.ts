// corpus: clean
// about: simple-statistics style functions (sample skewness, linear regression, R-squared) on number arrays
export function sampleSkewness(x: number[]): number {
  if (x.length < 3) throw new Error('sampleSkewness requires at least three data points');
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  let sumSq = 0;
  let sumCubed = 0;
  for (const v of x) {
    const d = v - m;
    sumSq += d * d;
    sumCubed += d * d * d;
  }
  const n = x.length;
  const variance = sumSq / (n - 1);
  return ((n * sumCubed) / ((n - 1) * (n - 2))) / Math.pow(variance, 1.5);
}

export function linearRegression(data: [number, number][]): { m: number; b: number } {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of data) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const n = data.length;
  const m = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { m, b: sy / n - (m * sx) / n };
}

export function rSquared(data: [number, number][], f: (x: number) => number): number {
  const mean = data.reduce((s, [, y]) => s + y, 0) / data.length;
  let ssTot = 0;
  let ssRes = 0;
  for (const [x, y] of data) {
    ssTot += (y - mean) ** 2;
    ssRes += (y - f(x)) ** 2;
  }
  return 1 - ssRes / ssTot;
}
