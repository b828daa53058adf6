// corpus: clean
// about: signal smoothing in a module that declares its own `type Real = number` and `type RealArray = Float64Array`; no pullback import, plain typed-array code
export type Real = number;
export type RealArray = Float64Array;

export function movingAverage(x: RealArray, window: number): RealArray {
  const y = new Float64Array(x.length);
  let acc: Real = 0;
  for (let i = 0; i < x.length; i++) {
    acc += x[i];
    if (i >= window) acc -= x[i - window];
    y[i] = acc / Math.min(i + 1, window);
  }
  return y;
}

export function exponentialSmoothing(x: RealArray, alpha: Real): RealArray {
  const y = new Float64Array(x.length);
  y[0] = x[0];
  for (let i = 1; i < x.length; i++) y[i] = alpha * x[i] + (1 - alpha) * y[i - 1];
  return y;
}

export function detrend(x: RealArray): RealArray {
  const trend = movingAverage(x, 16);
  const out = new Float64Array(x.length);
  out.set(x);
  for (let i = 0; i < out.length; i++) out[i] -= trend[i];
  return out;
}
