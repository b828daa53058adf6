// corpus: clean
// about: a particle system class with a generic reduction helper, a report method that prints primal values, and a Lennard-Jones energy differentiated for the forces
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import { add, at, div, mul, pow, square, sub } from '@pullback/rules-core/math';
import { gradient, reverse } from '@pullback/engine';

function sumOver<T>(items: readonly T[], term: (item: T, index: number) => Real): Real {
  let total: Real = 0;
  items.forEach((item, index) => {
    total = add(total, term(item, index));
  });
  return total;
}

export class ParticleSystem {
  constructor(
    readonly count: number,
    readonly epsilon = 1,
    readonly sigma = 1,
  ) {}

  private pairDistanceSquared(pos: RealArray, i: number, j: number): Real {
    return add(square(sub(at(pos, 2 * i), at(pos, 2 * j))), square(sub(at(pos, 2 * i + 1), at(pos, 2 * j + 1))));
  }

  energy(pos: RealArray): Real {
    const pairs: [number, number][] = [];
    for (let i = 0; i < this.count; i++) for (let j = i + 1; j < this.count; j++) pairs.push([i, j]);
    return sumOver(pairs, ([i, j]) => {
      const s6 = pow(div(this.sigma * this.sigma, this.pairDistanceSquared(pos, i, j)), 3);
      return mul(4 * this.epsilon, sub(square(s6), s6));
    });
  }

  report(pos: RealArray): string {
    const e = primal(this.energy(pos));
    return `${this.count} particles, energy ${e.toFixed(4)} (ε = ${this.epsilon})`;
  }
}

const system = new ParticleSystem(3);
const positions = [0, 0, 1.12, 0, 0.56, 0.97];

export const forcesNegated = gradient((pos: RealArray) => system.energy(pos), reverse(), positions);
console.log(system.report(positions));
