// corpus: clean
// about: a signal-processing module that declares its own RealArray alias of Float64Array and never uses pullback
export type RealArray = Float64Array;

export function movingAverage(x: RealArray, window: number): RealArray {
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    if (i >= window) s -= x[i - window];
    out[i] = s / Math.min(i + 1, window);
  }
  return out;
}

export function normalise(x: RealArray): void {
  const peak = Math.max(...x.map(Math.abs));
  if (peak > 0) for (let i = 0; i < x.length; i++) x[i] /= peak;
}
