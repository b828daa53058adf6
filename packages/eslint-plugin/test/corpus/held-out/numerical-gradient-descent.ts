// corpus: clean
// about: a hand-rolled numerical gradient (a local function named gradient, central differences) and a descent loop with Math on plain numbers; no pullback import
export type Objective = (x: number[]) => number;

export function gradient(f: Objective, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

export const himmelblau: Objective = ([x, y]) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;

export function minimize(f: Objective, x0: number[], lr = 0.01, iterations = 5000): number[] {
  let x = x0.slice();
  for (let k = 0; k < iterations; k++) {
    const g = gradient(f, x);
    const norm = Math.hypot(...g);
    if (norm < 1e-10) break;
    x = x.map((xi, i) => xi - lr * g[i]);
  }
  return x;
}

export const himmelblauMinimum = () => minimize(himmelblau, [0, 0]);
