/**
 * Exact rational arithmetic on BigInt, used once per stencil to solve for finite-difference
 * coefficients. The Vandermonde systems involved are badly conditioned in floating point for
 * high orders; solved exactly, every coefficient is correctly rounded.
 */

interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(n: bigint, d: bigint): Fraction {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

const sub = (a: Fraction, b: Fraction): Fraction => make(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction): Fraction => make(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction): Fraction => make(a.n * b.d, a.d * b.n);

/** `n / d` as a double, within an ulp: stencil coefficients are small rationals. */
function toNumber(f: Fraction): number {
  return Number(f.n) / Number(f.d);
}

/**
 * Solves `A x = b` exactly for integer `A` and `b` (Gauss-Jordan elimination with a non-zero
 * pivot) and rounds the solution to doubles. Throws when `A` is singular.
 */
export function solveExact(a: readonly (readonly bigint[])[], b: readonly bigint[]): number[] {
  const n = b.length;
  const m: Fraction[][] = a.map((row, i) => [...row.map((v) => make(v, 1n)), make(b[i], 1n)]);
  for (let col = 0; col < n; col++) {
    const pivot = m.findIndex((row, r) => r >= col && row[col].n !== 0n);
    if (pivot === -1) throw new RangeError('finite-difference system is singular');
    [m[col], m[pivot]] = [m[pivot], m[col]];
    const p = m[col][col];
    m[col] = m[col].map((v) => div(v, p));
    for (let r = 0; r < n; r++) {
      if (r === col || m[r][col].n === 0n) continue;
      const factor = m[r][col];
      m[r] = m[r].map((v, c) => sub(v, mul(factor, m[col][c])));
    }
  }
  return m.map((row) => toNumber(row[n]));
}

/** `k!` as a BigInt. */
export function factorial(k: number): bigint {
  let out = 1n;
  for (let i = 2n; i <= BigInt(k); i++) out *= i;
  return out;
}
