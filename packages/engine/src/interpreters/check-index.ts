import { IndexOutOfRangeError } from '@pullback/rules-core/math';
import { describe } from '../tree/describe.js';

/** Checks an index the way the vocabulary does, with an error saying what was asked. */
export function checkIndex(fname: string, i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new IndexOutOfRangeError(
      `${fname}: index ${describe(i)} is outside an array of length ${n}; use an integer in 0..${n - 1}.`,
    );
  }
}
