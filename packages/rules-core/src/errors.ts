/** Base class of every error pullback throws on purpose, so callers can catch them as a family. */
export class PullbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Thrown when an active value (a dual number, a taped scalar, a tracer) is turned into a
 * primitive: by `Number(x)`, `+x`, a template literal, `Math.*`, or a write into a typed array.
 * Silently dropping the derivative would be the worst possible bug, so this is never allowed.
 */
export class ActiveCoercionError extends PullbackError {
  /** How the coercion was attempted, e.g. `'number'`, `'string'` or `'default'` hint. */
  readonly hint: string;
  constructor(hint: string, detail?: string) {
    super(
      `An active value (one being differentiated) was converted to a ${hint === 'string' ? 'string' : 'number'}` +
        `${detail ? ` ${detail}` : ''}, which would silently drop its derivative. ` +
        'Use the math vocabulary from @pullback/rules-core/math for arithmetic (add, mul, sin, ...), ' +
        '`primal(x)` from @pullback/rules-core for control flow or printing, and `similar(x)` or ' +
        '`zerosLike(x)` with `setAt` for storage instead of `new Float64Array(...)`.',
    );
    this.hint = hint;
  }
}

/** Thrown when `differentiable`, `scalarRule` or a rule receives something it cannot use. */
export class RuleDefinitionError extends PullbackError {}

/** Thrown when a tangent does not fit the primal it belongs to. */
export class TangentMismatchError extends PullbackError {}

/**
 * Thrown when an active value is used after the differentiation that created it has finished
 * (for example, stored in a closure and read later), as JAX's `UnexpectedTracerError` does.
 */
export class EscapedActiveError extends PullbackError {}
