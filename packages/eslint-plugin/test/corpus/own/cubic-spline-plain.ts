// corpus: clean
// about: natural cubic spline coefficients by the Thomas algorithm and evaluation, ordinary numeric code on Float64Arrays
export function naturalSpline(xs: Float64Array, ys: Float64Array): (x: number) => number {
  const n = xs.length - 1;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) h[i] = xs[i + 1] - xs[i];
  const c = new Float64Array(n + 1);
  const diag = new Float64Array(n + 1).fill(1);
  const rhs = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) {
    diag[i] = 2 * (h[i - 1] + h[i]);
    rhs[i] = (3 * (ys[i + 1] - ys[i])) / h[i] - (3 * (ys[i] - ys[i - 1])) / h[i - 1];
  }
  for (let i = 2; i < n; i++) {
    const w = h[i - 1] / diag[i - 1];
    diag[i] -= w * h[i - 1];
    rhs[i] -= w * rhs[i - 1];
  }
  for (let i = n - 1; i >= 1; i--) c[i] = (rhs[i] - h[i] * c[i + 1]) / diag[i];
  return (x) => {
    let i = 0;
    while (i < n - 1 && x > xs[i + 1]) i++;
    const t = x - xs[i];
    const b = (ys[i + 1] - ys[i]) / h[i] - (h[i] * (c[i + 1] + 2 * c[i])) / 3;
    const d = (c[i + 1] - c[i]) / (3 * h[i]);
    return ys[i] + t * (b + t * (c[i] + t * d));
  };
}
