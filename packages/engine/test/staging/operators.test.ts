import { describe, expect, it } from 'vitest';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, mul, sin, square, sum, tanh, matvec, sub } from '@pullback/rules-core/math';
import {
  forward,
  reverse,
  valueAndGradient,
  valueAndJacobian,
  valueAndPullback,
  valueAndPushforward,
  gradientAndHvp,
  valueGradientAndHessian,
  valueDerivativeAndSecondDerivative,
  valueAndDerivative,
} from '@pullback/engine';
import { StagedPreparation } from '../../src/staging/staged-preparation.js';
import { CompiledOperators } from '../../src/staging/compiled-operators.js';
import { structureOf } from '../../src/tree/structure.js';
import { PassContext } from '../../src/interpreters/pass-context.js';

const ctx = new PassContext({});
const config = (mode: 'forward' | 'reverse') => ctx.config(mode);
const compiled = (f: (x: never, ...r: never[]) => unknown, x: unknown, rest: unknown[] = []) =>
  new CompiledOperators(new StagedPreparation(f, x, rest, config), structureOf(x));

type P = { w: Float64Array; b: number[]; s: number };
const params: P = { w: new Float64Array([0.3, -0.2, 0.5]), b: [0.1, -0.4], s: 0.7 };
const loss = (p: P, data: Float64Array): Real => {
  let t: Real = mul(p.s, sum(square(sub(p.w, data))));
  for (let i = 0; i < p.b.length; i++) t = add(t, tanh(mul(at(p.b, i), at(p.w, i))));
  return t;
};
const data = new Float64Array([1, 2, 3]);
const vecF = (p: P, data: Float64Array): RealArray => mul(exp(p.w), add(sin(data), p.s));

describe('compiled operators equal the eager ones', () => {
  it('gradient over an object with an extra argument', () => {
    const c = compiled(loss as never, params, [data]);
    expect(c.valueAndGradient(params, [data])).toEqual(
      valueAndGradient(loss, reverse(), params, data),
    );
    const other = new Float64Array([0, 1, -1]);
    expect(c.valueAndGradient(params, [other])).toEqual(
      valueAndGradient(loss, reverse(), params, other),
    );
  });
  it('pullback, pushforward and jacobian (both directions)', () => {
    const c = compiled(vecF as never, params, [data]);
    const dy = new Float64Array([1, -2, 0.5]);
    expect(c.valueAndPullback(params, dy, [data])).toEqual(
      valueAndPullback(vecF, reverse(), params, dy, data),
    );
    const tx: P = { w: new Float64Array([1, 0.5, -1]), b: [2, 3], s: -0.3 };
    expect(c.valueAndPushforward(params, tx, [data])).toEqual(
      valueAndPushforward(vecF, forward(), params, tx, data),
    );
    const J = valueAndJacobian(vecF, reverse(), params, data);
    expect(c.valueAndJacobian(params, [data], 'reverse', 1)).toEqual(J);
    const Jf = c.valueAndJacobian(params, [data], 'forward', 4)!;
    expect(Jf[0]).toEqual(J[0]);
    Jf[1].data.forEach((v, i) => expect(v).toBeCloseTo(J[1].data[i], 14));
  });
  it('hvp and hessian', () => {
    const c = compiled(loss as never, params, [data]);
    const v: P = { w: new Float64Array([1, 0.5, -1]), b: [2, 3], s: -0.3 };
    const [g, hv] = c.gradientAndHvp(params, v, [data])!;
    const [ge, hve] = gradientAndHvp(loss, reverse(), params, v, data);
    expect(g).toEqual(ge);
    const close = (a: unknown, b: unknown) =>
      expect(
        JSON.stringify(a, (_, x) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x)),
      ).toBe(JSON.stringify(b, (_, x) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x)));
    close(hv, hve);
    const H = c.valueGradientAndHessian(params, [data], 3)!;
    const He = valueGradientAndHessian(loss, reverse(), params, data);
    close(H, He);
  });
  it('derivatives of a function of one real with a vector output', () => {
    const f = (t: Real) => [mul(t, t), exp(mul(0.5, t)), sin(t)];
    const c = compiled(f as never, 0.4);
    expect(c.valueAndDerivative(0.9, [])).toEqual(valueAndDerivative(f, forward(), 0.9));
    const r = c.valueDerivativeAndSecondDerivative(0.9, [])!;
    const e = valueDerivativeAndSecondDerivative(f, reverse(), 0.9);
    (r[2] as number[]).forEach((v, i) => expect(v).toBeCloseTo((e[2] as number[])[i], 13));
  });
  it('a matrix-valued parameter through a rule call', () => {
    const W = { rows: 2, cols: 3, data: new Float64Array([0.1, 0.2, 0.3, -0.1, 0.4, 0.2]) };
    const f = (w: typeof W, x: Float64Array) => sum(tanh(matvec(w, x)));
    const c = compiled(f as never, W, [data]);
    expect(c.valueAndGradient(W, [data])).toEqual(valueAndGradient(f, reverse(), W, data));
  });
});
