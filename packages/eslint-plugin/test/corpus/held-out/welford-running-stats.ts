// corpus: clean
// about: Welford's running mean and variance as a class over plain numbers; never differentiated
export class RunningStats {
  private n = 0;
  private mean = 0;
  private m2 = 0;

  push(x: number): void {
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  get count(): number {
    return this.n;
  }

  get average(): number {
    return this.mean;
  }

  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : 0;
  }

  get std(): number {
    return Math.sqrt(this.variance);
  }

  static of(xs: Iterable<number>): RunningStats {
    const stats = new RunningStats();
    for (const x of xs) stats.push(x);
    return stats;
  }
}
