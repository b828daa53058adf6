// corpus: clean
// about: a local finite-difference gradient that happens to be called gradient, used to check a plain objective; not pullback's
export function gradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + h;
    const up = f(probe);
    probe[i] = x[i] - h;
    const down = f(probe);
    probe[i] = x[i];
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

export const g = gradient((x) => x[0] * x[0] + Math.sin(x[1]), new Float64Array([1, 2]));
