import { PullbackError } from '@pullback/rules-core';

/**
 * Thrown by the global sparsity detector when `f`'s pattern may depend on the point: `f` read a
 * traced value with `primal()`, or a comparison (`gt`, `lt`, …) of traced values reached
 * JavaScript control flow instead of an `ifElse`. No pattern valid on the whole domain can be
 * found then; the message names the function and says what to do (write the branch with
 * `ifElse`, or use the local detector). `sparse(...)` catches it and detects locally instead,
 * reporting the fallback.
 */
export class GlobalSparsityError extends PullbackError {
  constructor(
    /** The operator the user called, e.g. `'jacobianSparsity'`. */
    readonly operator: string,
    /** The name of the function whose pattern was sought (`'f'` when anonymous). */
    readonly functionName: string,
    /**
     * What made a global pattern impossible: `'primal() read'`, `'step value'` (a result of
     * `floor`, `ceil`, `round` or `sign` used where a number is needed, as an index), or the name
     * of the comparison.
     */
    readonly reason: string,
  ) {
    super(
      `${operator}: the global sparsity detector cannot find a pattern of ${functionName} that ` +
        `holds on the whole domain, because ${because(functionName, reason)}. ` +
        (reason === 'step value'
          ? "Use the local detector ('local'), whose pattern holds at this point and is detected again where the index changes."
          : `Write the branch as ifElse(${reason === 'primal() read' ? 'gt(a, b)' : `${reason}(a, b)`}, whenTrue, whenFalse), ` +
            `whose pattern is the union of both sides, or use the local detector ('local'), whose ` +
            `pattern holds at this point and is detected again where a branch changes.`),
    );
  }
}

function because(functionName: string, reason: string): string {
  if (reason === 'primal() read') {
    return `${functionName} reads a traced value with primal(), and JavaScript may branch on it`;
  }
  if (reason === 'step value') {
    return `${functionName} used a result of floor, ceil, round or sign where a number is needed (as an index), so what it reads depends on the point`;
  }
  return `the result of ${reason}(…) on traced values reached JavaScript control flow (an if, ?: or &&) instead of an ifElse`;
}
