import { describe, expect, it } from 'vitest';
import { sin, cos, mul, add, sum, square, at, sub } from '@pullback/rules-core/math';
import {
  derivative,
  gradient,
  forward,
  reverse,
  finiteDifferences,
  jacobian,
  hessian,
  hvp,
  secondOrder,
} from '@pullback/engine';

describe('smoke', () => {
  it('derivative of sin', () => {
    for (const b of [forward(), reverse(), finiteDifferences()]) {
      expect(derivative((x: number) => sin(x), b, 0.42)).toBeCloseTo(Math.cos(0.42), 8);
    }
  });
  it('gradient of sum of squares', () => {
    const f = (x: Float64Array) => sum(square(x));
    for (const b of [forward(), reverse(), finiteDifferences()]) {
      expect(Array.from(gradient(f, b, new Float64Array([1, 2, 3])))).toEqual(
        [2, 4, 6].map((v) => expect.closeTo(v, 6)),
      );
    }
  });
  it('scalar loop', () => {
    const f = (x: number[]) => {
      let s: any = 0;
      for (let i = 0; i < x.length - 1; i++)
        s = add(s, mul(100, square(sub(at(x, i + 1), square(at(x, i))))));
      return s;
    };
    const g1 = gradient(f, reverse(), [1, 2, 3]);
    const g2 = gradient(f, forward(), [1, 2, 3]);
    const g3 = gradient(f, finiteDifferences(), [1, 2, 3]);
    expect(g1).toEqual(g2);
    g1.forEach((v, i) => expect(v).toBeCloseTo(g3[i], 4));
  });
  it('nested derivative', () => {
    expect(
      derivative((x: number) => derivative((y: number) => sin(y), forward(), x), forward(), 0.42),
    ).toBeCloseTo(-Math.sin(0.42), 12);
    expect(
      derivative(
        (x: any) =>
          mul(
            x,
            derivative((y: any) => add(x, y), forward(), 1),
          ),
        forward(),
        1,
      ),
    ).toBe(1);
  });
  it('hessian', () => {
    const f = (x: Float64Array) =>
      mul(sum(mul(square(x), square(x))), sum(mul(square(square(x)), square(x))));
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(gradient(f, reverse(), x)[0]).toBeCloseTo(282334, 6);
    const H1 = hessian(f, reverse(), x);
    expect(H1.data[0]).toBeCloseTo(874350, 4);
    const H2 = hessian(f, secondOrder(reverse(), forward()), x);
    const H3 = hessian(f, forward(), x);
    expect(Array.from(H2.data)).toEqual(Array.from(H1.data).map((v) => expect.closeTo(v, 4)));
    expect(Array.from(H3.data)).toEqual(Array.from(H1.data).map((v) => expect.closeTo(v, 4)));
    const J = jacobian((x: Float64Array) => [sin(x), cos(x)] as any, reverse(), x);
    expect(J.rows).toBe(12);
    void hvp;
  });
});
