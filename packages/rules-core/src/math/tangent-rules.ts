import { isAbstractZero, isNoTangent, noTangent, unthunk, zeroTangent } from '../tangent.js';
import { defineTangentRule, type TangentRule } from '../tangent-arithmetic.js';

/**
 * The tangent rules of the vocabulary (ChainRules' `tangent_arithmetic.jl`): what `add`, `mul`,
 * … do with `zeroTangent`, `noTangent` and thunks, so rules written with the vocabulary need no
 * `unthunk`/`isAbstractZero` boilerplate. A function that is not linear in its tangents refuses
 * a structural zero by name (as Julia has no method for `sin(ZeroTangent())`).
 */

type Fn = (...args: never[]) => unknown;

/** The vocabulary's functions that take structural zeros, for the refusal's message. */
const LINEAR =
  'add, sub, mul, div (a tangent by a value), neg, sum, mean, cumsum, dot, matvec, matmul, transpose';

/** The zero a product gives when a factor is a structural zero: `noTangent` if one is, else `zeroTangent`. */
function zeroOf(zeros: readonly unknown[]): unknown {
  return zeros.some(isNoTangent) ? noTangent : zeroTangent;
}

/** `name`'s refusal of a structural zero it cannot take. */
function refusal(name: string, zero: unknown): TypeError {
  const what = isNoTangent(zero) ? 'noTangent' : 'zeroTangent';
  return new TypeError(
    `${name} received ${what}, a structural zero standing for a tangent, but ${name} is not linear ` +
      `in its arguments. Only ${LINEAR} take tangents; test isAbstractZero(t) before calling ${name}.`,
  );
}

/** Thunks unthunked, then `self` called again; a structural zero is refused by name. */
export function unthunkedOnly(name: string, self: Fn): TangentRule {
  return (args) => {
    const xs = args.map((a) => unthunk(a));
    const zero = xs.find((x) => isAbstractZero(x));
    if (zero !== undefined) throw refusal(name, zero);
    return (self as (...xs: unknown[]) => unknown)(...xs);
  };
}

/**
 * For a function linear in each of its tangent arguments (a product, a sum over one array, a
 * matrix-vector product): a structural zero anywhere makes the result that zero.
 */
export function multilinear(self: Fn): TangentRule {
  return (args) => {
    const xs = args.map((a) => unthunk(a));
    const zeros = xs.filter((x) => isAbstractZero(x));
    if (zeros.length > 0) return zeroOf(zeros);
    return (self as (...xs: unknown[]) => unknown)(...xs);
  };
}

/** `add`/`sub`: a zero term drops out (`zero + t = t`, `t − zero = t`, `zero − t = −t`). */
export function additive(self: Fn, negate: ((t: unknown) => unknown) | undefined): TangentRule {
  return (args) => {
    const [a, b] = args.map((x) => unthunk(x));
    const za = isAbstractZero(a);
    const zb = isAbstractZero(b);
    if (za && zb) return zeroOf([a, b]);
    if (za) return negate === undefined ? b : negate(b);
    if (zb) return a;
    return (self as (...xs: unknown[]) => unknown)(a, b);
  };
}

/** `div`: a zero numerator is the result; dividing by a structural zero is refused. */
export function quotient(self: Fn): TangentRule {
  return (args) => {
    const [a, b] = args.map((x) => unthunk(x));
    if (isAbstractZero(b)) {
      throw new TypeError(
        `div received ${isNoTangent(b) ? 'noTangent' : 'zeroTangent'} as the divisor: a tangent ` +
          'can be divided by a value, not by a structural zero.',
      );
    }
    if (isAbstractZero(a)) return a;
    return (self as (...xs: unknown[]) => unknown)(a, b);
  };
}

/** Declares `rule` for each function of `fns`. */
export function withTangentRule(rule: (self: Fn) => TangentRule, ...fns: readonly Fn[]): void {
  for (const fn of fns) defineTangentRule(fn, rule(fn));
}
