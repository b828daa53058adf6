// corpus: buggy
// about: a spring chain's elastic energy as a class method on positions typed number[]; raw arithmetic on the positions drops the forces
import { gradient, reverse } from '@pullback/engine';

export class SpringChain {
  constructor(
    private readonly stiffness: number,
    private readonly restLength: number,
  ) {}

  energy(x: number[]) { // expect: prefer-generic-types
    let e = 0;
    for (let i = 0; i + 1 < x.length; i++) {
      const stretch = x[i + 1] - x[i] - this.restLength; // expect: no-raw-arithmetic
      e += 0.5 * this.stiffness * stretch * stretch; // expect: no-raw-arithmetic
    }
    return e;
  }
}

const chain = new SpringChain(40, 0.25);

/** Forces on the masses: minus the gradient of the energy. */
export function forces(positions: number[]): number[] {
  const g = gradient((x: number[]) => chain.energy(x), reverse(), positions); // expect: prefer-generic-types
  return g.map((gi) => -gi);
}
