// corpus: buggy
// about: an RK4 integrator over `type State = number[]`; the state being differentiated (from fit.ts) flows through raw arithmetic in axpy and the step
export type State = number[];
export type Rhs = (t: number, y: State) => State;

function axpy(a: number, x: State, y: State): State { // expect: prefer-generic-types
  return y.map((yi, i) => yi + a * x[i]); // expect: no-raw-arithmetic
}

export function rk4Step(f: Rhs, t: number, y: State, h: number): State { // expect: prefer-generic-types
  const k1 = f(t, y);
  const k2 = f(t + h / 2, axpy(h / 2, k1, y));
  const k3 = f(t + h / 2, axpy(h / 2, k2, y));
  const k4 = f(t + h, axpy(h, k3, y));
  return y.map((yi, i) => yi + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])); // expect: no-raw-arithmetic
}

export function integrate(f: Rhs, y0: State, t1: number, steps: number): State { // expect: prefer-generic-types
  const h = t1 / steps;
  let y = y0;
  for (let s = 0; s < steps; s++) y = rk4Step(f, s * h, y, h);
  return y;
}
