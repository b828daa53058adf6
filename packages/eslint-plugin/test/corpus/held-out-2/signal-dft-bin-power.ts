// corpus: buggy
// about: power of one DFT bin of a signal typed number[]; the twiddle factors are plain numbers, but multiplying them into the active samples is raw arithmetic
import { gradient, reverse } from '@pullback/engine';

function binPower(x: number[], bin: number) { // expect: prefer-generic-types
  let re = 0;
  let im = 0;
  for (const [n, xn] of x.entries()) {
    const phase = (-2 * Math.PI * bin * n) / x.length;
    re += xn * Math.cos(phase); // expect: no-raw-arithmetic
    im += xn * Math.sin(phase); // expect: no-raw-arithmetic
  }
  return re * re + im * im; // expect: no-raw-arithmetic
}

const tone = Array.from({ length: 32 }, (_, n) => Math.sin((2 * Math.PI * 3 * n) / 32));

export const dPower = gradient((x: number[]) => binPower(x, 3), reverse(), tone); // expect: prefer-generic-types
