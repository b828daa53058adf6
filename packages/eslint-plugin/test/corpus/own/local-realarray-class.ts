// corpus: clean
// about: a growable buffer class that happens to be called RealArray, in code that never imports pullback
export class RealArray {
  private data = new Float64Array(8);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i];
    return s;
  }
}

export function scaled(values: RealArray, k: number): RealArray {
  const out = new RealArray();
  for (let i = 0; i < values.length; i++) out.push(values.sum() * k);
  return out;
}
