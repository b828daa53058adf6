/**
 * The talk's "Homemade AD" without any library: each basic function carries its pushforward
 * x ↦ (v ↦ ∂f(x)[v]), and the pushforward of a composition is composed by the chain rule,
 * ∂(f ∘ g)(x) = ∂f(g(x)) ∘ ∂g(x). (`homemade.ts` does the same with pullback's `differentiable`.)
 */
import type { Transcript } from './transcript.js';

/** A function of a vector, the talk's `x .^ 2` and `2x` kind. */
export type VectorFunction = (x: readonly number[]) => number[];
/** x ↦ (v ↦ ∂f(x)[v]): Julia's `∂(f)`. */
export type Pushforward = (x: readonly number[]) => (v: readonly number[]) => number[];

/** `f ∘ g`, remembering its parts as Julia's `ComposedFunction` does. */
export interface Composed extends VectorFunction {
  readonly outer: VectorFunction;
  readonly inner: VectorFunction;
}

const pushforwards = new Map<VectorFunction, Pushforward>();

// Slide "Homemade AD (1)", basic functions.
/** `double(x) = 2x`. */
export const double: VectorFunction = (x) => x.map((xi) => 2 * xi);
pushforwards.set(double, () => (v) => v.map((vi) => 2 * vi)); // independent from x
/** `square(x) = x .^ 2`. */
export const square: VectorFunction = (x) => x.map((xi) => xi ** 2);
pushforwards.set(square, (x) => (v) => v.map((vi, i) => vi * 2 * x[i])); // depends on x

/** `outer ∘ inner`. */
export function compose(outer: VectorFunction, inner: VectorFunction): Composed {
  return Object.assign((x: readonly number[]) => outer(inner(x)), { outer, inner });
}

function isComposed(f: VectorFunction): f is Composed {
  return 'outer' in f && 'inner' in f;
}

/** Julia's `∂(f)`: the registered pushforward, or the chain rule for a composition. */
export function pushforwardOf(f: VectorFunction): Pushforward {
  // Slide "Homemade AD (1)", chain rule: ∂(c::ComposedFunction) = x -> ∂(f)(g(x)) ∘ ∂(g)(x).
  if (isComposed(f)) {
    const pf = pushforwardOf(f.outer);
    const pg = pushforwardOf(f.inner);
    return (x) => (v) => pf(f.inner(x))(pg(x)(v));
  }
  const pushforward = pushforwards.get(f);
  if (pushforward === undefined) {
    throw new TypeError(
      `pushforwardOf: no pushforward is registered for ${f.name || 'this function'}.`,
    );
  }
  return pushforward;
}

/** How `typeof(square ∘ double)` prints, in this file's terms. */
export function describe(f: VectorFunction): string {
  const names = new Map<VectorFunction, string>([
    [double, 'double'],
    [square, 'square'],
  ]);
  return isComposed(f)
    ? `Composed(${describe(f.outer)}, ${describe(f.inner)})`
    : (names.get(f) ?? '?');
}

/** Slides "Homemade AD (1)" and "(2)": the pushforward by hand and the difference quotient. */
export function homemadeSlides(t: Transcript): void {
  t.slide('Homemade AD (1)');
  t.showText(
    'square ∘ double is',
    describe(compose(square, double)),
    /^Composed\(square, double\)$/,
  );
  t.say('∂(square ∘ double)(x) = ∂(square)(double(x)) ∘ ∂(double)(x), composed by the chain rule.');

  t.slide('Homemade AD (2)');
  // complicated_function = square ∘ double ∘ square ∘ double
  const complicated = compose(square, compose(double, compose(square, double)));
  const x = [3, 5];
  const v = [1, 0];
  t.show(
    '∂(complicated_function)(x)(v) at x = [3, 5], v = [1, 0]',
    pushforwardOf(complicated)(x)(v),
    [6912, 0],
  );
  const eps = 1e-5;
  const shifted = complicated(x.map((xi, i) => xi + eps * v[i]));
  const quotient = complicated(x).map((y, i) => (shifted[i] - y) / eps);
  // The talk printed 6912.034559991297 in Julia: the same IEEE arithmetic gives the same digits.
  t.show(
    '(complicated_function(x + εv) − complicated_function(x)) / ε, ε = 1e-5',
    quotient,
    [6912.034559991297, 0],
  );
}
