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

/** The part of a rule the engine was running: `partials` are those of a scalar rule. */
export type RulePart = 'frule' | 'rrule' | 'pullback' | 'partials';

/** What a rule's part is called in messages. */
function partOf(functionName: string, part: RulePart): string {
  if (part === 'pullback') return `the pullback returned by ${functionName}'s rrule`;
  return `${functionName}'s ${part}`;
}

/** What a rule's part must return, said once for every message about it. */
const CONTRACT: Readonly<Record<RulePart, string>> = {
  frule:
    'An frule returns [y, dy], with dy shaped like y: a number for a number, an array of the same ' +
    "length for an array, an object with some of y's keys for an object (a missing key means " +
    'zero), zeroTangent for a zero tangent, noTangent when y has no tangent space.',
  rrule:
    'An rrule returns [y, pullback], with pullback a function from a cotangent of y to the ' +
    "arguments' cotangents.",
  pullback:
    'A pullback returns an array with one cotangent per argument, in order, each shaped like its ' +
    'argument: a number for a number, an array of the same length (number[] or Float64Array) for ' +
    "an array, an object with some of the argument's keys for an object (a missing key means zero); " +
    'zeroTangent for a zero cotangent, noTangent for an argument without a tangent space (an ' +
    'index, a flag, a function), or a thunk of any of these.',
  partials:
    'partials(...args, y) returns an array with one partial derivative per argument, each a number ' +
    'or a value computed with the math vocabulary.',
};

/** What `RuleOutputError` reports, field by field. */
export interface RuleOutputProblem {
  /** The function whose rule returned it. */
  readonly functionName: string;
  /** The mode of the interpreter that called the rule. */
  readonly mode: string;
  /** Which part of the rule returned it. */
  readonly part: RulePart;
  /** The index of the argument whose cotangent (or partial) is wrong, when one is. */
  readonly argument?: number;
  /** Where inside the output, e.g. `[1]` or `.weights[2]`; empty for the whole output. */
  readonly path?: string;
  /** What the engine expected there. */
  readonly expected: string;
  /** What it got. */
  readonly received: string;
}

/**
 * Thrown when a rule returns something of the wrong structure: an frule that does not return
 * `[y, dy]` or whose tangent does not fit `y`, an rrule whose pullback is not a function, a
 * pullback with too few or too many cotangents or one that does not fit its argument (a wrong
 * length, an unknown key, a string), partials of the wrong count or kind. The engine checks
 * count, kind, length and keys wherever it receives a rule's output, so such a rule never
 * gives a silently wrong derivative. It is a `RuleDefinitionError` too: the rule as written is
 * at fault, found when it runs.
 */
export class RuleOutputError extends RuleDefinitionError {
  /** The function whose rule returned the output. */
  readonly functionName: string;
  /** The mode of the interpreter that called the rule. */
  readonly mode: string;
  /** Which part of the rule returned it. */
  readonly part: RulePart;
  /** The index of the argument whose cotangent (or partial) is wrong, if one is. */
  readonly argument: number | undefined;
  /** Where inside the output the problem is (`''` for the whole output). */
  readonly path: string;
  /** What the engine expected. */
  readonly expected: string;
  /** What the rule returned there. */
  readonly received: string;
  constructor(problem: RuleOutputProblem) {
    const { functionName, mode, part, argument, path = '', expected, received } = problem;
    const where =
      argument === undefined
        ? path === ''
          ? ''
          : ` at ${path}`
        : ` for argument ${argument} (counting from 0)${path === '' ? '' : ` at ${path}`}`;
    super(
      `${partOf(functionName, part)} returned a wrong result in ${mode} mode${where}: expected ` +
        `${expected}, got ${received}. ${CONTRACT[part]}`,
    );
    this.functionName = functionName;
    this.mode = mode;
    this.part = part;
    this.argument = argument;
    this.path = path;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Thrown when a rule (an frule, an rrule, the pullback it returned, or a scalar rule's
 * partials) throws an error of its own while an engine runs it. It names the function, the
 * mode and the part of the rule, and keeps the original error as `cause`. Errors that are
 * already pullback's own (`PullbackError`s) pass through unwrapped.
 */
export class RuleError extends PullbackError {
  /** The function whose rule threw. */
  readonly functionName: string;
  /** The mode of the interpreter that called the rule. */
  readonly mode: string;
  /** Which part of the rule threw. */
  readonly part: RulePart;
  constructor(functionName: string, mode: string, part: RulePart, cause: unknown) {
    const said = (
      cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
    ).replace(/\.+$/, '');
    super(
      `${partOf(functionName, part)} threw in ${mode} mode: ${said}. The error comes from the ` +
        'rule as written (it is kept as `cause`): fix the rule, or remove it to let the engine ' +
        `differentiate ${functionName}'s body instead.`,
    );
    this.functionName = functionName;
    this.mode = mode;
    this.part = part;
    this.cause = cause;
  }
}
