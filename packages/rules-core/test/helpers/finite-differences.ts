import { isAbstractZero, unthunk } from '@pullback/rules-core';

/**
 * Central finite differences for the rule tests (test-utils will provide adaptive ones).
 *
 * Values are flattened to vectors of reals: a number is one real, an array its elements, a
 * matrix `{ rows, cols, data }` its entries (the dimensions are shape, not values); arguments
 * listed as non-differentiable are skipped.
 */

type Matrixish = { rows: number; cols: number; data: ArrayLike<number> };

function isMatrixish(v: unknown): v is Matrixish {
  return typeof v === 'object' && v !== null && 'rows' in v && 'cols' in v && 'data' in v;
}

/** The reals in `v`, in order. */
export function flatten(v: unknown): number[] {
  const u = unthunk(v);
  if (typeof u === 'number') return [u];
  if (Array.isArray(u) || u instanceof Float64Array)
    return Array.from(u as ArrayLike<unknown>).flatMap(flatten);
  if (isMatrixish(u)) return flatten(u.data);
  if (typeof u === 'boolean') return [];
  throw new Error(`flatten: cannot flatten ${String(u)}`);
}

/** The reals of tangent `t` of a primal shaped like `template`; strong zeros become zeros. */
export function flattenTangent(t: unknown, template: unknown): number[] {
  const u = unthunk(t);
  if (isAbstractZero(u)) return new Array<number>(flatten(template).length).fill(0);
  if (typeof u === 'number') return [u];
  if (Array.isArray(u) || u instanceof Float64Array) {
    const parts = template as ArrayLike<unknown>;
    return Array.from(u as ArrayLike<unknown>).flatMap((e, i) => flattenTangent(e, parts[i]));
  }
  if (isMatrixish(template)) return flattenTangent((u as Matrixish).data, template.data);
  throw new Error(`flattenTangent: cannot flatten ${String(u)}`);
}

/** A value shaped like `template` with its reals taken from `flat`, starting at `pos.i`. */
export function unflatten(template: unknown, flat: readonly number[], pos = { i: 0 }): unknown {
  if (typeof template === 'number') return flat[pos.i++];
  if (template instanceof Float64Array) return Float64Array.from(template, () => flat[pos.i++]);
  if (Array.isArray(template)) return template.map((e) => unflatten(e, flat, pos));
  if (isMatrixish(template)) {
    return { rows: template.rows, cols: template.cols, data: unflatten(template.data, flat, pos) };
  }
  if (typeof template === 'boolean') return template;
  throw new Error(`unflatten: cannot rebuild ${String(template)}`);
}

/** The differentiable reals of the arguments, as one vector. */
export function flattenArgs(args: readonly unknown[], nondiff: readonly number[]): number[] {
  return args.flatMap((a, k) => (nondiff.includes(k) ? [] : flatten(a)));
}

/** Arguments rebuilt from a vector of their differentiable reals. */
export function unflattenArgs(
  args: readonly unknown[],
  nondiff: readonly number[],
  flat: readonly number[],
): unknown[] {
  const pos = { i: 0 };
  return args.map((a, k) => (nondiff.includes(k) ? a : unflatten(a, flat, pos)));
}

/**
 * The directional derivative of `f` at `args` along `v` (a vector over the differentiable
 * reals) by the central difference `(f(x + h v) − f(x − h v)) / 2h`, flattened. Its error is
 * `h²/6 · |D³f[v,v,v]|` from truncation plus about `ε |f| / h` from rounding; with `h = 1e-5`
 * both are below `1e-9` for the magnitudes the tests use (|f|, |D³f| up to ~1e3).
 */
export function centralDifference(
  f: (...args: never[]) => unknown,
  args: readonly unknown[],
  nondiff: readonly number[],
  v: readonly number[],
  h = 1e-5,
): number[] {
  const x = flattenArgs(args, nondiff);
  const at = (s: number): number[] =>
    flatten(
      f(
        ...(unflattenArgs(
          args,
          nondiff,
          x.map((xi, i) => xi + s * v[i]),
        ) as never[]),
      ),
    );
  const plus = at(h);
  const minus = at(-h);
  return plus.map((p, i) => (p - minus[i]) / (2 * h));
}

/** `⟨a, b⟩`. */
export function inner(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`inner: lengths ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Expects `actual ≈ expected` componentwise: `|a − e| ≤ atol + rtol · max(|a|, |e|)`, with a
 * message naming the component.
 */
export function expectClose(
  actual: readonly number[],
  expected: readonly number[],
  { rtol, atol, what }: { rtol: number; atol: number; what: string },
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: ${actual.length} components, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const tol = atol + rtol * Math.max(Math.abs(a), Math.abs(e));
    if (!(Math.abs(a - e) <= tol) && !(Number.isNaN(a) && Number.isNaN(e))) {
      throw new Error(
        `${what}: component ${i} is ${a}, expected ${e} (tolerance ${tol.toExponential(2)})`,
      );
    }
  }
}
