// corpus: buggy
// about: dot-product affinity of user and item embeddings typed number[], with a forEach accumulator and a raw sigmoid; train.ts calls both on active embeddings
export function affinity(u: number[], v: number[]) { // expect: prefer-generic-types
  let s = 0;
  u.forEach((ui, k) => {
    s += ui * v[k]; // expect: no-raw-arithmetic
  });
  return s;
}

export function sigmoid(z: number) { // expect: prefer-generic-types
  return 1 / (1 + Math.exp(-z)); // expect: no-raw-arithmetic, no-active-coercion
}
