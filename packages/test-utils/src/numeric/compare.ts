/**
 * The tolerance rule shared by every numeric check: `|a - e| <= atol + rtol·max(|a|, |e|) + slack`,
 * where `slack` is the finite-difference error estimate when `e` came from finite differences.
 * Relative to the larger magnitude (as Julia's `isapprox`), so neither side is privileged.
 */
export function close(
  actual: number,
  expected: number,
  rtol: number,
  atol: number,
  slack = 0,
): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) {
    return Number.isNaN(actual) && Number.isNaN(expected);
  }
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  const s = Number.isFinite(slack) ? slack : 0;
  return (
    Math.abs(actual - expected) <= atol + rtol * Math.max(Math.abs(actual), Math.abs(expected)) + s
  );
}

/** `Σ aᵢbᵢ` and `Σ |aᵢbᵢ|` (the scale against which rounding in the sum is judged). */
export function dotWithScale(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let s = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] * b[i];
    s += p;
    m += Math.abs(p);
  }
  return [s, m];
}

/**
 * How many times its own error estimate a finite-difference value may be off before a
 * mismatch is blamed on the rule. The estimate assumes each function evaluation is correct to
 * one ulp of the function's size; real code (a polynomial summed term by term, a product of
 * several factors) errs by a few ulps, and on such functions the measured error reaches ~10x
 * the estimate (see the README's accuracy table).
 */
export const FD_ERROR_MARGIN = 10;

/** The tolerance a finite-difference value's error estimate earns. */
export function fdSlack(accuracy: number): number {
  return Number.isFinite(accuracy) ? FD_ERROR_MARGIN * accuracy : 0;
}
