// corpus: buggy
// about: a dense tanh layer class on Float64Array, differentiated in its input; the input is accumulated with += and written into a Float64Array of the layer's width
import { gradient, reverse } from '@pullback/engine';
import { sum } from '@pullback/rules-core/math';

export class DenseTanh {
  constructor(
    readonly weights: Float64Array, // outputs × inputs, row-major
    readonly bias: Float64Array,
  ) {}

  get outputs(): number {
    return this.bias.length;
  }

  forward(x: Float64Array): Float64Array { // expect: prefer-generic-types
    const n = x.length;
    const out = new Float64Array(this.outputs); // expect: no-non-generic-storage
    for (let j = 0; j < this.outputs; j++) {
      let acc = this.bias[j];
      for (let i = 0; i < n; i++) acc += this.weights[j * n + i] * x[i]; // expect: no-raw-arithmetic
      out[j] = Math.tanh(acc); // expect: no-typed-array-write, no-active-coercion
    }
    return out;
  }
}

export function inputGradient(layer: DenseTanh, x: Float64Array): Float64Array {
  return gradient((v: Float64Array) => sum(layer.forward(v)), reverse(), x); // expect: prefer-generic-types
}
