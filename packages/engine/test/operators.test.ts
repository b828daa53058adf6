import { describe, expect, it } from 'vitest';
import {
  auto,
  derivative,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  prepareDerivative,
  prepareGradient,
  prepareHessian,
  prepareJacobian,
  pullback,
  pushforward,
  reverse,
  secondDerivative,
  secondOrder,
  valueAndGradient,
  valueAndJacobian,
  valueDerivativeAndSecondDerivative,
  valueGradientAndHessian,
  gradientAndHvp,
  type Backend,
} from '@pullback/engine';
import { scenarios } from './scenarios.js';
import { expectClose, flat } from './helpers.js';

const ad: [string, Backend][] = [
  ['forward()', forward()],
  ['forward({ chunkSize: 2 })', forward({ chunkSize: 2 })],
  ['reverse()', reverse()],
  ['auto()', auto()],
];
const all: [string, Backend, number][] = [
  ...ad.map(([n, b]) => [n, b, 1e-12] as [string, Backend, number]),
  ['finiteDifferences()', finiteDifferences(), 1e-6],
];
const secondOrders: [string, Backend, number][] = [
  ['forward over reverse', secondOrder(forward(), reverse()), 1e-12],
  ['reverse over forward', secondOrder(reverse(), forward()), 1e-12],
  ['forward over forward', secondOrder(forward(), forward()), 1e-12],
  ['reverse over reverse', secondOrder(reverse(), reverse()), 1e-12],
  ['reverse() (default: forward over reverse)', reverse(), 1e-12],
  ['finite differences over finite differences', finiteDifferences(), 1e-4],
];

/** A deep copy to prove operators leave the caller's input alone. */
const snapshot = (x: unknown): string =>
  JSON.stringify(x, (_k, v) => (v instanceof Float64Array ? { f64: Array.from(v) } : v));

describe.each(all)('first-order operators with %s', (_name, backend, rtol) => {
  for (const s of scenarios) {
    if (s.gradient) {
      it(`gradient: ${s.name}`, () => {
        const x = s.x();
        const before = snapshot(x);
        expectClose(gradient(s.f, backend, x as never), s.gradient!, rtol);
        expect(snapshot(x)).toBe(before);
        const [y, g] = valueAndGradient(s.f, backend, x as never);
        if (s.y) expectClose(y, s.y, 1e-15);
        expectClose(g, s.gradient!, rtol);
        const prep = prepareGradient(s.f, backend, x as never);
        expectClose(prep.gradient(s.x() as never), s.gradient!, rtol);
        expectClose(prep.gradient(s.x() as never), s.gradient!, rtol);
        expect(prep.diagnostics).toEqual([]);
      });
    }
    if (s.jacobian) {
      it(`jacobian: ${s.name}`, () => {
        const x = s.x();
        const before = snapshot(x);
        const J = jacobian(s.f, backend, x as never);
        expectClose(J.data, s.jacobian!, rtol);
        expect(J.rows * J.cols).toBe(s.jacobian!.length);
        expect(snapshot(x)).toBe(before);
        const [y] = valueAndJacobian(s.f, backend, x as never);
        if (s.y) expectClose(y, s.y, 1e-15);
        const prep = prepareJacobian(s.f, backend, x as never);
        expectClose(prep.jacobian(s.x() as never).data, s.jacobian!, rtol);
        expectClose(prep.jacobian(s.x() as never).data, s.jacobian!, rtol);
      });
      it(`pushforward and pullback agree with the Jacobian: ${s.name}`, () => {
        const x = s.x();
        const n = flat(x).length;
        const m = s.jacobian!.length / n;
        // Tangent e_0 + 2 e_last picks two columns; cotangent 1 everywhere sums the rows.
        const tx = flat(x).map((_, j) => (j === 0 ? 1 : j === n - 1 ? 2 : 0));
        const txStructured = restructure(x, tx);
        const expectedJv = Array.from(
          { length: m },
          (_, i) => s.jacobian![i * n] + (n > 1 ? 2 * s.jacobian![i * n + n - 1] : 0),
        );
        expectClose(pushforward(s.f, backend, x as never, txStructured as never), expectedJv, rtol);
        const y = valueAndJacobian(s.f, forward(), x as never)[0];
        const dy = restructure(y, new Array<number>(m).fill(1));
        const expectedVJ = Array.from({ length: n }, (_, j) =>
          Array.from({ length: m }, (_, i) => s.jacobian![i * n + j]).reduce((a, b) => a + b, 0),
        );
        expectClose(pullback(s.f, backend, x as never, dy as never), expectedVJ, rtol);
      });
    }
    if (s.derivative) {
      it(`derivative: ${s.name}`, () => {
        expectClose(derivative(s.f, backend, s.x() as number), s.derivative!, rtol);
        const prep = prepareDerivative(s.f, backend, s.x() as number);
        expectClose(prep.derivative(s.x() as number), s.derivative!, rtol);
      });
    }
  }
});

describe.each(secondOrders)('second-order operators with %s', (_name, backend, rtol) => {
  for (const s of scenarios) {
    if (s.hessian) {
      it(`hessian, hvp: ${s.name}`, () => {
        // Second-order finite differences are accurate relative to the Hessian's scale, not entrywise.
        const scale = Math.max(1, ...s.hessian!.map(Math.abs));
        const x = s.x();
        const before = snapshot(x);
        const H = hessian(s.f, backend, x as never);
        expectClose(H.data, s.hessian!, rtol, rtol * scale);
        expect(snapshot(x)).toBe(before);
        const [, g, H2] = valueGradientAndHessian(s.f, backend, x as never);
        if (s.gradient) expectClose(g, s.gradient, rtol, rtol * scale);
        expectClose(H2.data, s.hessian!, rtol, rtol * scale);
        const n = flat(x).length;
        const v = restructure(
          x,
          flat(x).map((_, j) => j + 1),
        );
        const Hv = Array.from({ length: n }, (_, i) =>
          s.hessian!.slice(i * n, i * n + n).reduce((a, h, j) => a + h * (j + 1), 0),
        );
        expectClose(hvp(s.f, backend, x as never, v as never), Hv, rtol, rtol * scale);
        const [g2, hv2] = gradientAndHvp(s.f, backend, x as never, v as never);
        if (s.gradient) expectClose(g2, s.gradient, rtol, rtol * scale);
        expectClose(hv2, Hv, rtol, rtol * scale);
        const prep = prepareHessian(s.f, backend, x as never);
        expectClose(prep.hessian(s.x() as never).data, s.hessian!, rtol, rtol * scale);
        expectClose(prep.hessian(s.x() as never).data, s.hessian!, rtol, rtol * scale);
      });
    }
    if (s.secondDerivative) {
      it(`secondDerivative: ${s.name}`, () => {
        expectClose(
          secondDerivative(s.f, backend, s.x() as number),
          s.secondDerivative!,
          rtol,
          rtol,
        );
        const [y, dy, d2y] = valueDerivativeAndSecondDerivative(s.f, backend, s.x() as number);
        expectClose(y, s.y!, 1e-15);
        expectClose(dy, s.derivative!, rtol * 10);
        expectClose(d2y, s.secondDerivative!, rtol);
      });
    }
  }
});

/** Puts the numbers of `values` into the structure of `like`. */
function restructure(like: unknown, values: number[]): unknown {
  let k = 0;
  const build = (v: unknown): unknown => {
    if (typeof v === 'number') return values[k++];
    if (v instanceof Float64Array) return Float64Array.from(v, () => values[k++]);
    if (Array.isArray(v)) return v.map(build);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([key, e]) => [key, build(e)]));
    return v;
  };
  return build(like);
}
