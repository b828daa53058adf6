/** ⟨a, b⟩. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The Euclidean norm ‖a‖. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** x + t·d, as a new array. */
export function step(x: ArrayLike<number>, t: number, d: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (xi, i) => xi + t * d[i]);
}

/** a − b, as a new array. */
export function minus(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return Float64Array.from(a, (ai, i) => ai - b[i]);
}
