/**
 * The talk's "Features" slide: the eight standard operators on several backends, SecondOrder
 * (combining backends for second derivatives) and DifferentiateWith (translating between
 * backends inside one differentiation).
 */
import {
  derivative,
  differentiateWith,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  pullback,
  pushforward,
  reverse,
  secondDerivative,
  secondOrder,
  type Backend,
} from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { mul, square, sum } from '@pullback/rules-core/math';
import { rosenbrock } from '../rosenbrock-newton.js';
import { sumOfSquares } from './copies.js';
import type { Transcript } from './transcript.js';

const cube = (t: Real): Real => mul(t, mul(t, t));
const squares = (x: RealArray): RealArray => square(x);

/** Each operator at a point where its value is known by hand. */
function operators(t: Transcript, backend: Backend, tolerance: number): void {
  const x = [1, 2, 3, 4];
  const e1 = [1, 0, 0, 0];
  const name = backend.kind;
  t.show(
    `${name}: pushforward(Σx², x, e₁)`,
    pushforward(sumOfSquares, backend, x, e1) as number,
    2,
    tolerance,
  );
  t.show(
    `${name}: pullback(Σx², x, 1)`,
    pullback(sumOfSquares, backend, x, 1) as number[],
    [2, 4, 6, 8],
    tolerance,
  );
  t.show(`${name}: derivative(t³, 2)`, derivative(cube, backend, 2) as number, 12, tolerance);
  t.show(`${name}: gradient(Σx², x)`, gradient(sumOfSquares, backend, x), [2, 4, 6, 8], tolerance);
  t.show(
    `${name}: jacobian(x², x), diagonal`,
    diagonal(jacobian(squares, backend, x)),
    [2, 4, 6, 8],
    tolerance,
  );
  t.show(
    `${name}: secondDerivative(t³, 2)`,
    secondDerivative(cube, backend, 2) as number,
    12,
    tolerance,
  );
  t.show(`${name}: hvp(Σx², x, e₁)`, hvp(sumOfSquares, backend, x, e1), [2, 0, 0, 0], tolerance);
  t.show(
    `${name}: hessian(Σx², x), diagonal`,
    diagonal(hessian(sumOfSquares, backend, x)),
    [2, 2, 2, 2],
    tolerance,
  );
}

const diagonal = (m: { rows: number; cols: number; data: ArrayLike<number> }): number[] =>
  Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + i]);

/** The "Features" slide, in three parts. */
export function featuresSlides(t: Transcript): void {
  t.slide('Features');
  t.say('Eight standard operators, each on three backends:');
  operators(t, forward(), 0);
  operators(t, reverse(), 0);
  // Second differences of differences lose half the digits: 1e-4 is what central differences
  // with a cube-root step give on second derivatives of these polynomials.
  operators(t, finiteDifferences(), 1e-4);

  t.say('Combine different backends using SecondOrder (outer over inner):');
  // Rosenbrock's Hessian at its minimum [1, 1] is [[802, −400], [−400, 200]].
  for (const backend of [
    secondOrder(forward(), reverse()),
    secondOrder(forward(), forward()),
    secondOrder(reverse(), forward()),
  ]) {
    t.showMatrix(
      `hessian(rosenbrock, ${backend.kind}(${backend.outer.kind}(), ${backend.inner.kind}()), [1, 1])`,
      hessian(rosenbrock, backend, [1, 1]),
      [802, -400, -400, 200],
    );
  }

  t.say('Translate between backends using DifferentiateWith:');
  // A black box: it computes on plain numbers (Math.sin into a Float64Array), so no AD mode can
  // see inside; differentiateWith makes reverse mode call finite differences for it.
  const blackBox = differentiateWith(function blackBox(x: Float64Array): Float64Array {
    return Float64Array.from(x, Math.sin);
  }, finiteDifferences());
  const outer = (x: RealArray): Real => sum(square(blackBox(x as Float64Array)));
  const x = new Float64Array([0.5, 1]);
  // d/dx Σ sin(xᵢ)² = sin(2xᵢ); central differences inside: about 1e-10.
  t.show(
    'gradient(x ↦ Σ blackBox(x)², reverse(), [0.5, 1]) with blackBox by finiteDifferences()',
    gradient(outer, reverse(), x),
    [Math.sin(1), Math.sin(2)],
    1e-9,
  );
  const inner = differentiateWith((y: RealArray): RealArray => square(y), forward());
  t.show(
    'gradient(x ↦ Σ inner(x), reverse(), [0.5, 1]) with inner by forward()',
    gradient((y: RealArray) => sum(inner(y)), reverse(), x),
    [1, 2],
  );
}
