import { ACTIVE, EscapedActiveError } from '@pullback/rules-core';
import { interpretersInFlight, type Interpreter } from '@pullback/rules-core/interpreter';
import { OutputShapeError } from '../errors.js';
import { isPlainObject } from '../tree/leaves.js';

/**
 * Checks what the user's `f` returned before an operator uses it: a promise (an `async` `f`)
 * or an active value whose differentiation has finished would otherwise pass through as a
 * constant, and the derivative would silently be zero.
 */
export function checkOutput(y: unknown, operator: string): void {
  if (isThenable(y)) {
    // The promise is dropped here: handle its rejection, or it would end the process.
    try {
      y.then(undefined, () => undefined);
    } catch {
      // A thenable whose `then` throws has nothing left to reject.
    }
    throw new OutputShapeError(
      `${operator}: f returned a promise (is it an async function?). Operators differentiate ` +
        'synchronous functions only: await what f needs before calling the operator, and ' +
        'pass it to f as an extra argument.',
    );
  }
  checkLive(y, 'f(x)', operator, 0);
}

/** Deeper than this the walk stops: only a cyclic output nests so deep, and `structureOf` names the cycle. */
const MAX_DEPTH = 100;

/** The checked versions of each function, by operator: one per pair, so their identity is stable. */
const checkedVersions = new WeakMap<object, Map<string, unknown>>();

/**
 * `f` with its output checked as `checkOutput` does, for the paths that evaluate `f` outside a
 * pass (finite differences, sparsity detection). The same `f` and operator always give the same
 * function, so whatever is keyed by the function (reported fallbacks) sees one function.
 */
export function withCheckedOutput<F extends (...args: never[]) => unknown>(
  f: F,
  operator: string,
): F {
  let versions = checkedVersions.get(f);
  if (versions === undefined) checkedVersions.set(f, (versions = new Map()));
  let checked = versions.get(operator) as F | undefined;
  if (checked === undefined) {
    checked = ((...args: never[]): unknown => {
      const y = f(...args);
      checkOutput(y, operator);
      return y;
    }) as F;
    Object.defineProperty(checked, 'name', { value: f.name });
    versions.set(operator, checked);
  }
  return checked;
}

function isThenable(y: unknown): y is PromiseLike<unknown> {
  return (
    ((typeof y === 'object' && y !== null) || typeof y === 'function') &&
    typeof (y as { then?: unknown }).then === 'function'
  );
}

/** Throws `EscapedActiveError` for an active value in `y` whose interpreter is no longer in flight. */
// Not `someNode`: this runs before the output's structure is checked, so it bounds the depth
// (a cyclic output), and skips numbers inline on every call.
function checkLive(y: unknown, path: string, operator: string, depth: number): void {
  if (typeof y !== 'object' || y === null || ArrayBuffer.isView(y) || depth > MAX_DEPTH) return;
  const owner = (y as { [ACTIVE]?: Interpreter })[ACTIVE];
  if (owner !== undefined) {
    if (interpretersInFlight()[owner.level] !== owner) {
      throw new EscapedActiveError(
        `${operator}: f returned, at ${path}, an active value left over from an earlier ` +
          'differentiation that has finished (it was stored outside f during an earlier ' +
          'call, and carries no derivative with respect to this x). Return values computed ' +
          'from x in this call; to keep a number from an earlier call, store primal(v).',
      );
    }
    return;
  }
  if (Array.isArray(y)) {
    for (let i = 0; i < y.length; i++) {
      const e: unknown = y[i];
      if (typeof e === 'object' && e !== null) checkLive(e, `${path}[${i}]`, operator, depth + 1);
    }
  } else if (isPlainObject(y)) {
    for (const k of Object.keys(y)) checkLive(y[k], `${path}.${k}`, operator, depth + 1);
  }
}
