import { planFirstOrder, warnManyForwardPasses, type Family } from '../backends/auto.js';
import type { Backend } from '../backends/backend.js';
import { UnsupportedInputError } from '../errors.js';
import type { UserFunction } from '../interpreters/passes.js';
import { checkOutput } from '../interpreters/user-output.js';
import { describe } from '../tree/describe.js';
import { copyValue } from '../tree/fresh.js';
import { primalDeep } from '../tree/primal-deep.js';
import { sizeOf, structureOf } from '../tree/structure.js';
import type { Differentiand } from './types.js';

/**
 * The number of scalars `f` returns at `x` (one extra call of `f`, on a copy: `f` may write
 * into its input).
 */
function outputSize(f: Differentiand, x: unknown, rest: readonly unknown[], operator: string) {
  const y = (f as UserFunction)(copyValue(x) as never, ...(rest as never[]));
  checkOutput(y, operator);
  return sizeOf(structureOf(primalDeep(y), 'f(x)', operator));
}

/** Resolves `backend` for `family` at `x`, measuring sizes only when `auto()` needs them. */
export function plan(
  f: Differentiand,
  backend: Backend,
  family: Family,
  x: unknown,
  rest: readonly unknown[],
  operator: string = family,
) {
  const p = planFirstOrder(backend, family, () => ({
    n: sizeOf(structureOf(x)),
    m: outputSize(f, x, rest, operator),
  }));
  // A Jacobian's output size is known for free once it is computed: it warns then.
  if (family === 'gradient')
    warnManyForwardPasses(operator, p.backend, () => sizeOf(structureOf(x)), 1);
  return p;
}

/** Checks that `x` is one real, for the derivative operators. */
export function requireRealInput(op: string, x: unknown): void {
  if (
    typeof x === 'number' ||
    (typeof x === 'object' && x !== null && !('length' in x) && structureOf(x).kind === 'number')
  )
    return;
  throw new UnsupportedInputError(
    `${op} differentiates a function of one real number, but x is ${describe(x)}; use ` +
      'pushforward or jacobian for array inputs.',
  );
}
