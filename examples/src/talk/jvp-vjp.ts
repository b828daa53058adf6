/**
 * The talk's "What about Jacobian matrices?", "Matrix-vector products", "Forward mode" and
 * "Reverse mode": the same composition square ∘ double ∘ square ∘ double, its Jacobian as a
 * product of the layers' Jacobians, and JVPs and VJPs propagated layer by layer, by hand and by
 * pullback's `pushforward` and `pullback`.
 */
import { forward, pullback, pushforward, reverse } from '@pullback/engine';
import { complicated } from './homemade.js';
import { double, square, type VectorFunction } from './homemade-by-hand.js';
import type { Transcript } from './transcript.js';

/** The layers f₁ … f₄ of square ∘ double ∘ square ∘ double, innermost first. */
const layers: readonly VectorFunction[] = [double, square, double, square];

/** Jᵢ at the layer's input, diagonal for these elementwise layers. */
const jacobianDiagonal = (f: VectorFunction, x: readonly number[]): number[] =>
  f === double ? x.map(() => 2) : x.map((xi) => 2 * xi);

/** The input of every layer (the forward pass that reverse mode must remember). */
function layerInputs(x: readonly number[]): number[][] {
  const inputs = [Array.from(x)];
  for (const f of layers.slice(0, -1)) inputs.push(f(inputs[inputs.length - 1]));
  return inputs;
}

/** The slides on Jacobians as products, JVPs and VJPs. */
export function jvpVjpSlides(t: Transcript): void {
  const x = [3, 5];
  const inputs = layerInputs(x);

  t.slide('What about Jacobian matrices?');
  // J = J₄ J₃ J₂ J₁, each diagonal: multiply the diagonals.
  const J = inputs.reduce(
    (acc, xi, l) => acc.map((a, i) => a * jacobianDiagonal(layers[l], xi)[i]),
    [1, 1],
  );
  t.showMatrix(
    'J(x) = J₄ J₃ J₂ J₁ at x = [3, 5] (complicated_function(x) = 64x⁴, J = diag(256x³))',
    { rows: 2, cols: 2, data: [J[0], 0, 0, J[1]] },
    [6912, 0, 0, 32000],
  );
  t.say(
    'Very wasteful in high dimension: the identity would store an n × n matrix to apply nothing.',
  );

  t.slide('Matrix-vector products');
  const v = new Float64Array([1, 0]);
  const w = new Float64Array([1, 1]);
  const Jv = pushforward(complicated, forward(), new Float64Array(x), v) as Float64Array;
  const wJ = pullback(complicated, reverse(), new Float64Array(x), w) as Float64Array;
  t.show('JVP J(x)v, v = [1, 0], pushforward in forward mode', Jv, [6912, 0]);
  t.show('VJP wᵀJ(x), w = [1, 1], pullback in reverse mode', wJ, [6912, 32000]);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => a[0] * b[0] + a[1] * b[1];
  t.show('⟨w, Jv⟩ and ⟨wᵀJ, v⟩ agree', [dot(w, Jv), dot(wJ, v)], [6912, 6912]);

  t.slide('Forward mode');
  // J₄(J₃(J₂(J₁v))): each layer pushes the perturbation forward, from layer 1 to layer 4.
  let vl = Array.from(v);
  const tangents: number[][] = [];
  layers.forEach((f, l) => {
    const d = jacobianDiagonal(f, inputs[l]);
    vl = vl.map((vi, i) => d[i] * vi);
    tangents.push(vl);
  });
  t.show('v₁ = J₁v', tangents[0], [2, 0]);
  t.show('v₂ = J₂v₁', tangents[1], [24, 0]);
  t.show('v₃ = J₃v₂', tangents[2], [48, 0]);
  t.show('v₄ = J₄v₃ = Jv', tangents[3], [6912, 0]);

  t.slide('Reverse mode');
  // (((wᵀJ₄)J₃)J₂)J₁: the sensitivity flows back from layer 4 to layer 1, using the inputs the
  // forward pass stored.
  let wl = Array.from(w);
  const cotangents: number[][] = [];
  for (let l = layers.length - 1; l >= 0; l--) {
    const d = jacobianDiagonal(layers[l], inputs[l]);
    wl = wl.map((wi, i) => wi * d[i]);
    cotangents.push(wl);
  }
  t.show('w₄ = wᵀJ₄', cotangents[0], [144, 400]);
  t.show('w₃ = w₄J₃', cotangents[1], [288, 800]);
  t.show('w₂ = w₃J₂', cotangents[2], [3456, 16000]);
  t.show('w₁ = w₂J₁ = wᵀJ', cotangents[3], [6912, 32000]);
}
