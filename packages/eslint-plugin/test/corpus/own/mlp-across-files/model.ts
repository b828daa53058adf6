// corpus: buggy
// about: a two-layer perceptron written on numbers in its own file; the training loop in train.ts differentiates it in the weights
export const hidden = 5;

export function forwardPass(w: number[], x: number[]): number { // expect: prefer-generic-types
  const h: number[] = [];
  for (let i = 0; i < hidden; i++) {
    let s = w[i * (x.length + 1)];
    for (let j = 0; j < x.length; j++) s += w[i * (x.length + 1) + j + 1] * x[j]; // expect: no-raw-arithmetic
    h.push(Math.max(0, s)); // expect: no-active-coercion
  }
  const offset = hidden * (x.length + 1);
  let out = w[offset];
  for (let i = 0; i < hidden; i++) out += w[offset + 1 + i] * h[i]; // expect: no-raw-arithmetic
  return out;
}
