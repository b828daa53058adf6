// corpus: clean
// about: a ring buffer for gyroscope samples that declares its own RealArray type (a Float64Array); it never imports pullback and never sees an active value
export type RealArray = Float64Array;

export class RingBuffer {
  private readonly data: RealArray;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    this.data[this.head] = v;
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  toArray(): RealArray {
    const out = new Float64Array(this.count);
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) out[i] = this.data[(start + i) % this.capacity];
    return out;
  }
}
