import {
  ACTIVE,
  isAbstractZero,
  isActive,
  isNoTangent,
  isThunk,
  RuleOutputError,
  thunk,
  unthunk,
  type Active,
  type RulePart,
} from '@pullback/rules-core';
import { interpretersInFlight } from '@pullback/rules-core/interpreter';
import { article, describe } from '../tree/describe.js';
import { isPlainObject } from '../tree/leaves.js';
import { ruleFailure, type RuleSite } from './rule-failure.js';

/** The record of the rule whose output is checked (its name is what messages give). */
type Rec = RuleSite['rec'];

/**
 * The structure checks at the boundary where the engine receives a rule's output: count, kind,
 * length and keys, never the numbers themselves (a `Float64Array` is not scanned). A tangent or
 * cotangent is checked against the value it belongs to: the frule's `y` for a tangent, the
 * argument for a cotangent. A thunk is checked when it is unthunked, as ChainRules unthunks
 * lazily: it is replaced by a thunk that checks what it computes.
 */

/** A short description of a value a rule returned. */
export function describeOutput(v: unknown): string {
  if (isThunk(v)) return 'a thunk';
  if (isAbstractZero(v)) return isNoTangent(v) ? 'noTangent' : 'zeroTangent';
  if (isActive(v)) {
    return 'length' in v
      ? `an active array of length ${(v as { length: number }).length}`
      : 'an active scalar';
  }
  if (ArrayBuffer.isView(v))
    return `${article(v.constructor.name)} of length ${(v as Float64Array).length}`;
  // "got the number 3", not "got 3", after "expected an array of 2 cotangents".
  if (typeof v === 'number') return `the number ${v}`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return describe(v);
}

/**
 * What a rule returned when its output holds an active value whose differentiation has ended:
 * typically a pullback (which runs after the forward pass) returning a value it closes over.
 */
const ENDED =
  'an active value of a differentiation that has ended (the rule most likely closes over a ' +
  'value being differentiated: pass that value to the function as an argument instead)';

/** True for an active value whose interpreter is no longer in flight. */
function hasEnded(v: unknown): boolean {
  const owner = (v as Partial<Active>)[ACTIVE];
  return owner !== undefined && interpretersInFlight()[owner.level] !== owner;
}

/** True for a number or an active scalar (of any level): a scalar's tangent, or a partial. */
export function isScalarValue(x: unknown): boolean {
  return typeof x === 'number' || (isActive(x) && !('length' in x));
}

/** What a value's tangents look like, read from the value itself. */
type Kind = 'scalar' | 'array' | 'tuple' | 'record' | 'none';

function kindOf(like: unknown): Kind {
  if (typeof like === 'number') return 'scalar';
  if (typeof like !== 'object' || like === null) return 'none';
  if (isActive(like)) return 'length' in like ? 'array' : 'scalar';
  if (like instanceof Float64Array) return 'array';
  if (Array.isArray(like)) {
    for (let i = 0; i < like.length; i++) if (!isScalarValue(like[i])) return 'tuple';
    return 'array';
  }
  return isPlainObject(like) ? 'record' : 'none';
}

/** How the tangent of each kind is described in messages. */
const EXPECTED: Readonly<Record<Kind, (like: unknown) => string>> = {
  scalar: () => 'a number (or zeroTangent, noTangent, a thunk)',
  array: (like) =>
    `an array of length ${(like as { length: number }).length} (number[], Float64Array, or zeroTangent)`,
  tuple: (like) =>
    `an array of length ${(like as unknown[]).length} with one tangent per element (or zeroTangent)`,
  record: (like) =>
    `an object with some of the keys ${Object.keys(like as object).join(', ')} (or zeroTangent)`,
  none: () => 'noTangent (the value has no tangent space)',
};

/** The error for a tangent at `path` of `argument` that is not what was expected. */
function mismatch(
  rec: Rec,
  mode: string,
  part: RulePart,
  argument: number | undefined,
  path: string,
  expected: string,
  received: string,
): RuleOutputError {
  return new RuleOutputError({
    functionName: rec.name,
    mode,
    part,
    argument,
    path,
    expected,
    received,
  });
}

/**
 * Checks one tangent or cotangent `t` against the value `like` it belongs to and returns it,
 * with thunks replaced by checking thunks and strong zeros inside a `number[]` replaced by 0
 * (a copy, only when there are any). Throws `RuleOutputError` on a mismatch.
 */
export function checkTangent(
  rec: Rec,
  mode: string,
  part: RulePart,
  t: unknown,
  like: unknown,
  argument: number | undefined,
  path = '',
): unknown {
  // Not zipLeaves: each kind fails with its own RuleOutputError, and `t` itself is returned
  // when nothing changed (this runs on every rule call).
  // The common case first, with nothing to look up: a number for a number.
  if (typeof t === 'number' && typeof like === 'number') return t;
  if (isThunk(t)) {
    return thunk(() => {
      let v: unknown;
      try {
        v = unthunk(t);
      } catch (error) {
        throw ruleFailure({ rec, mode }, part, error);
      }
      return checkTangent(rec, mode, part, v, like, argument, path);
    });
  }
  if (isAbstractZero(t)) return t;
  const fail = (expected: string, received = describeOutput(t)): RuleOutputError =>
    mismatch(rec, mode, part, argument, path, expected, received);
  switch (kindOf(like)) {
    case 'scalar':
      if (!isScalarValue(t)) throw fail(EXPECTED.scalar(like));
      if (typeof t !== 'number' && hasEnded(t)) throw fail(EXPECTED.scalar(like), ENDED);
      return t;
    case 'array':
      return checkArray(t, (like as { length: number }).length, fail);
    case 'tuple': {
      const n = (like as unknown[]).length;
      if (!Array.isArray(t) || t.length !== n) throw fail(EXPECTED.tuple(like));
      let out: unknown[] | undefined;
      for (let i = 0; i < n; i++) {
        const e: unknown = t[i];
        const c = checkTangent(
          rec,
          mode,
          part,
          e,
          (like as unknown[])[i],
          argument,
          `${path}[${i}]`,
        );
        if (c !== e) (out ??= t.slice())[i] = c;
      }
      return out ?? t;
    }
    case 'record': {
      if (!isPlainObject(t)) throw fail(EXPECTED.record(like));
      const primal = like as Record<string, unknown>;
      let out: Record<string, unknown> | undefined;
      for (const key of Object.keys(t)) {
        if (!Object.hasOwn(primal, key)) {
          const received = `${describeOutput(t)} (${JSON.stringify(key)} is not a key of the value)`;
          throw fail(EXPECTED.record(like), received);
        }
        const c = checkTangent(rec, mode, part, t[key], primal[key], argument, `${path}.${key}`);
        if (c !== t[key]) (out ??= { ...t })[key] = c;
      }
      return out ?? t;
    }
    default:
      // Opaque objects (class instances, other typed arrays) are not differentiated: whatever
      // structure a rule gives them is ignored. Values like strings and flags take noTangent.
      if (typeof like === 'object' && like !== null && typeof t === 'object' && t !== null) {
        return t;
      }
      throw fail(EXPECTED.none(like));
  }
}

/** An array tangent of length `n`: `number[]` (strong zeros become 0), `Float64Array`, or active. */
function checkArray(
  t: unknown,
  n: number,
  fail: (expected: string, received?: string) => RuleOutputError,
): unknown {
  const expected = EXPECTED.array({ length: n });
  if (t instanceof Float64Array || (isActive(t) && 'length' in t)) {
    if ((t as { length: number }).length !== n) throw fail(expected);
    if (!(t instanceof Float64Array) && hasEnded(t)) throw fail(expected, ENDED);
    return t;
  }
  if (!Array.isArray(t) || t.length !== n) throw fail(expected);
  let out: unknown[] | undefined;
  for (let i = 0; i < n; i++) {
    const e: unknown = t[i];
    if (typeof e === 'number') continue;
    if (isScalarValue(e)) {
      if (hasEnded(e)) throw fail(expected, `an array whose element ${i} is ${ENDED}`);
      continue;
    }
    if (!isAbstractZero(e)) {
      throw fail(expected, `an array whose element ${i} is ${describeOutput(e)}`);
    }
    (out ??= t.slice())[i] = 0;
  }
  return out ?? t;
}

/** Checks that a rule returned a pair `[y, second]` (an frule's or an rrule's result). */
export function checkPair(
  rec: Rec,
  mode: string,
  part: 'frule' | 'rrule',
  r: unknown,
): [unknown, unknown] {
  const second = part === 'frule' ? 'dy' : 'pullback';
  if (!Array.isArray(r) || r.length !== 2) {
    throw new RuleOutputError({
      functionName: rec.name,
      mode,
      part,
      expected: `an array [y, ${second}] of length 2`,
      received: describeOutput(r),
    });
  }
  if (part === 'rrule' && typeof r[1] !== 'function') {
    throw new RuleOutputError({
      functionName: rec.name,
      mode,
      part,
      path: '[1]',
      expected: 'the pullback, a function',
      received: describeOutput(r[1]),
    });
  }
  if (part === 'frule' && r[1] === undefined) {
    throw new RuleOutputError({
      functionName: rec.name,
      mode,
      part,
      path: '[1]',
      expected: 'the tangent dy, shaped like y (zeroTangent when it is zero)',
      received: 'undefined',
    });
  }
  return r as [unknown, unknown];
}

/** Checks a pullback's result against the arguments: one fitting cotangent per argument. */
export function checkCotangents(
  rec: Rec,
  mode: string,
  cts: unknown,
  args: readonly unknown[],
): readonly unknown[] {
  const n = args.length;
  if (!Array.isArray(cts) || cts.length !== n) {
    throw new RuleOutputError({
      functionName: rec.name,
      mode,
      part: 'pullback',
      expected: `an array of ${n} cotangent(s), one per argument`,
      received: describeOutput(cts),
    });
  }
  let out: unknown[] | undefined;
  for (let k = 0; k < n; k++) {
    const c = checkTangent(rec, mode, 'pullback', cts[k], args[k], k);
    if (c !== cts[k]) (out ??= cts.slice())[k] = c;
  }
  return out ?? cts;
}

/** Checks a scalar rule's partials: one number or active scalar per argument. */
export function checkPartials(rec: Rec, mode: string, ps: unknown, n: number): readonly unknown[] {
  if (!Array.isArray(ps) || ps.length !== n) {
    throw new RuleOutputError({
      functionName: rec.name,
      mode,
      part: 'partials',
      expected: `an array of ${n} partial derivative(s), one per argument`,
      received: describeOutput(ps),
    });
  }
  for (let k = 0; k < n; k++) {
    if (isScalarValue(ps[k])) continue;
    throw new RuleOutputError({
      functionName: rec.name,
      mode,
      part: 'partials',
      argument: k,
      expected: 'a number (a partial derivative)',
      received: describeOutput(ps[k]),
    });
  }
  return ps;
}
