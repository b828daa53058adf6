/**
 * The talk's decision tree: choose the mode from the input and output dimensions, fall back to
 * finite differences only when nothing else works. `auto()` does this and says what it chose.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { cos, exp, mul, sin, sum, square } from '@pullback/rules-core/math';
import {
  auto,
  finiteDifferences,
  gradient,
  prepareDerivative,
  prepareGradient,
  prepareHessian,
  prepareJacobian,
} from '@pullback/engine';
import type { Transcript } from './transcript.js';

/** What `auto()` picks for a derivative, a gradient, a wide and a tall Jacobian, and a Hessian. */
export function decisionTree(): string[] {
  const curve = (t: Real) => [sin(t), cos(t), mul(t, t)];
  const loss = (x: RealArray) => sum(square(x));
  const wide = (x: RealArray) => [sum(x), sum(exp(x))];
  const x = new Float64Array(20).fill(0.5);
  return [
    prepareDerivative(curve as never, auto(), 0.5).explain(),
    prepareGradient(loss, auto(), x).explain(),
    prepareJacobian(curve as never, auto(), 0.5).explain(),
    prepareJacobian(wide as never, auto(), x).explain(),
    prepareHessian(loss, auto(), x).explain(),
  ];
}

/** The slide "A simple decision tree": steps 2 and 4, what pullback can decide for you. */
export function decisionTreeSlides(t: Transcript): void {
  t.slide('A simple decision tree');
  t.say(
    'Step two, choose the mode from the input and output dimensions: auto() does, and says why.',
  );
  const [derivative, gradientLine, tall, wide, hessianLine] = decisionTree();
  t.showText(
    'derivative',
    derivative,
    /^auto\(\) chose forward mode for derivative: .*x: number; backend forward\(\)\.$/,
  );
  t.showText(
    'gradient',
    gradientLine,
    /^auto\(\) chose reverse mode for gradient: .*x: Float64Array\(20\); backend reverse\(\)\.$/,
  );
  t.showText(
    'jacobian, R → R³',
    tall,
    /^auto\(\) chose forward mode for jacobian: 1 input\(s\) <= 3 output\(s\), so 1 chunked forward pass\(es\) beat 3 reverse sweeps\. Prepared for x: number; backend forward\(\)\.$/,
  );
  t.showText(
    'jacobian, R²⁰ → R²',
    wide,
    /^auto\(\) chose reverse mode for jacobian: 2 output\(s\) < 20 input\(s\), so 2 reverse sweep\(s\) beat 20 forward directions\. Prepared for x: Float64Array\(20\); backend reverse\(\)\.$/,
  );
  t.showText(
    'hessian',
    hessianLine,
    /^auto\(\) chose forward-over-reverse for hessian: .*Float64Array\(20\); backend secondOrder\(forward\(\), reverse\(\)\)\.$/,
  );
  t.say('Step four, if nothing works, finite differences:');
  const x = new Float64Array([0.5, -1, 2]);
  // Central differences with step cbrt(ε)·max(1, |x|): error about 1e-10 relative on this loss.
  t.show(
    'gradient(Σ sin(xᵢ)², finiteDifferences(), [0.5, -1, 2])',
    gradient(sinSquares, finiteDifferences(), x),
    Array.from(x, (v) => Math.sin(2 * v)),
    1e-9,
  );
}

/** Σ sin(xᵢ)², whose gradient is sin(2xᵢ). */
const sinSquares = (x: RealArray): Real => sum(square(sin(x)));
