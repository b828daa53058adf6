// corpus: buggy
// about: a damped oscillator class simulated with explicit Euler on number fields; fit.ts differentiates its final energy in the damping
export class Oscillator {
  private x = 1;
  private v = 0;

  constructor(
    private readonly damping: number, // expect: prefer-generic-types
    private readonly omega: number,
  ) {}

  step(dt: number): void {
    const a = -this.omega * this.omega * this.x - this.damping * this.v; // expect: no-raw-arithmetic
    this.x += dt * this.v; // expect: no-raw-arithmetic
    this.v += dt * a; // expect: no-raw-arithmetic
  }

  energy(): number { // expect: prefer-generic-types
    return 0.5 * this.v * this.v + 0.5 * this.omega * this.omega * this.x * this.x; // expect: no-raw-arithmetic
  }
}
