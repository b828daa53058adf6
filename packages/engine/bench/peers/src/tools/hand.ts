/** The hand-written gradient as a tool of its own: its ratio shows the harness's noise floor. */
import { handGradient } from '../hand.js';
import type { MakeSubject } from './subject.js';

/** The hand-written gradient, timed against itself. */
export const makeHand: MakeSubject = async (c, x) => {
  const g = handGradient(c.problem);
  return { gradient: () => g(x), dtype: 'float64' };
};
