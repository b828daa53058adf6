import type { Comparison } from '../program.js';

/** The comparisons a program branches on, on numbers and over blocks of registers. */

/** A comparison's outcome, as the generated operator computes it. */
export function compare(cmp: Comparison, a: number, b: number): boolean {
  switch (cmp) {
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'eq':
      return a === b;
    default:
      return a !== b;
  }
}

/** `Y[k] = A[k] ⋄ B[k] ? 1 : 0`, one loop per comparison. */
export function compareBlock(
  cmp: Comparison,
  n: number,
  A: Float64Array,
  B: Float64Array,
  Y: Float64Array,
): void {
  switch (cmp) {
    case 'lt':
      for (let k = 0; k < n; k++) Y[k] = A[k] < B[k] ? 1 : 0;
      return;
    case 'le':
      for (let k = 0; k < n; k++) Y[k] = A[k] <= B[k] ? 1 : 0;
      return;
    case 'gt':
      for (let k = 0; k < n; k++) Y[k] = A[k] > B[k] ? 1 : 0;
      return;
    case 'ge':
      for (let k = 0; k < n; k++) Y[k] = A[k] >= B[k] ? 1 : 0;
      return;
    case 'eq':
      for (let k = 0; k < n; k++) Y[k] = A[k] === B[k] ? 1 : 0;
      return;
    case 'ne':
      for (let k = 0; k < n; k++) Y[k] = A[k] !== B[k] ? 1 : 0;
      return;
  }
}
