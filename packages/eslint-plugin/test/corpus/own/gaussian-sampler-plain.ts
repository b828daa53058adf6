// corpus: clean
// about: Box-Muller normal samples and a seeded linear congruential generator, plain numeric code next to pullback imports
import type { RealArray } from '@pullback/rules-core';

export class Lcg {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 2 ** 32;
  }
}

export function normals(n: number, rng: Lcg = new Lcg(42)): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const t = 2 * Math.PI * rng.next();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

export function initialWeights(n: number, scale: number): RealArray {
  return normals(n).map((z) => z * scale);
}
