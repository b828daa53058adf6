// corpus: clean
// about: a growable Float64Array buffer class that happens to be named RealArray, with a Real alias; no pullback import, plain numbers
export type Real = number;

export class RealArray {
  private data = new Float64Array(16);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: Real): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  at(i: number): Real {
    return this.data[i];
  }

  scale(factor: Real): void {
    for (let i = 0; i < this.size; i++) this.data[i] *= factor;
  }

  sum(): Real {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.data[i];
    return s;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.size);
  }
}

export function cumulative(values: Iterable<number>): RealArray {
  const out = new RealArray();
  let running = 0;
  for (const v of values) out.push((running += v));
  return out;
}
