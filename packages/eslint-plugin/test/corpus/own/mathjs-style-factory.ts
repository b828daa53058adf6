// corpus: clean
// about: mathjs-style factories building typed functions on numbers and matrices; no differentiation anywhere
type Matrix = { size: [number, number]; data: number[][] };

interface Dependencies {
  add: (a: number, b: number) => number;
  multiply: (a: number, b: number) => number;
}

export function createDot({ add, multiply }: Dependencies) {
  return function dot(x: number[], y: number[]): number {
    let c = 0;
    for (let i = 0; i < x.length; i++) c = add(c, multiply(x[i], y[i]));
    return c;
  };
}

export function createTrace({ add }: Dependencies) {
  return function trace(m: Matrix): number {
    let sum = 0;
    for (let i = 0; i < Math.min(...m.size); i++) sum = add(sum, m.data[i][i]);
    return sum;
  };
}

export const dot = createDot({ add: (a, b) => a + b, multiply: (a, b) => a * b });
