import type { fc } from '@fast-check/vitest';
import { isAbstractZero, noTangent, rulesOf, type RuleConfig } from '@pullback/rules-core';
import { real } from './arbitraries.js';
import { dualConfig, fruleViaDuals } from './dual.js';
import {
  centralDifference,
  expectClose,
  flatten,
  flattenArgs,
  flattenTangent,
  inner,
  unflatten,
  unflattenArgs,
} from './finite-differences.js';

/** A function of the vocabulary and where to test its rules. */
export interface RuleCase {
  readonly name: string;
  readonly f: (...args: never[]) => unknown;
  /** Points at which the function is smooth (kinks and poles are kept a step away). */
  readonly args: fc.Arbitrary<readonly unknown[]>;
  /** Arguments without a tangent (indices, flags, functions). */
  readonly nondiff?: readonly number[];
}

/**
 * Tolerances against central differences (see `centralDifference`: error below ~1e-9 for the
 * magnitudes used). 1e-6 relative plus 1e-6 absolute leaves a margin of 1000 while any real
 * mistake in a rule (a wrong sign, a missing term, a transposed matrix) is off by O(1).
 */
export const FD_TOLERANCE = { rtol: 1e-6, atol: 1e-6 };
/**
 * Between two exact computations of the same quantity (frule against rrule, rules against the
 * traced body): they differ only by rounding, a few ulps per operation over at most a few
 * hundred operations on values of size ~1e3, hence 1e-9 relative.
 */
export const EXACT_TOLERANCE = { rtol: 1e-9, atol: 1e-12 };

type Generator = (arb: fc.Arbitrary<number>) => number;

/** A random direction with `n` components in [-1, 1]. */
export function direction(gen: fc.GeneratorValue, n: number): number[] {
  const draw: Generator = (arb) => gen(() => arb);
  return Array.from({ length: n }, () => draw(real(-1, 1)));
}

/** Fresh copies of the differentiable arguments (rules such as `setAt` write into theirs). */
export function fresh(args: readonly unknown[], nondiff: readonly number[]): unknown[] {
  return unflattenArgs(args, nondiff, flattenArgs(args, nondiff));
}

/** Tangents for the arguments from a direction over their differentiable reals. */
export function tangentsFrom(
  args: readonly unknown[],
  nondiff: readonly number[],
  v: readonly number[],
): unknown[] {
  const pos = { i: 0 };
  return args.map((a, k) => (nondiff.includes(k) ? noTangent : unflatten(a, v, pos)));
}

type AnyFrule = (
  args: readonly unknown[],
  tangents: readonly unknown[],
  c: RuleConfig,
) => [unknown, unknown];
type AnyRrule = (
  args: readonly unknown[],
  c: RuleConfig,
) => [unknown, (dy: unknown) => readonly unknown[]];

function rules(c: RuleCase): { frule: AnyFrule; rrule: AnyRrule } {
  const r = rulesOf(c.f as (...args: never[]) => unknown);
  if (r?.frule === undefined || r.rrule === undefined) throw new Error(`${c.name} lacks a rule`);
  return { frule: r.frule as unknown as AnyFrule, rrule: r.rrule as unknown as AnyRrule };
}

/** The cotangents of the differentiable arguments, flattened. */
function flattenCotangents(
  cts: unknown,
  args: readonly unknown[],
  nondiff: readonly number[],
): number[] {
  // A strong zero stands for the whole tuple when nothing in it depends on the point.
  const each = (k: number): unknown => (isAbstractZero(cts) ? cts : (cts as readonly unknown[])[k]);
  return args.flatMap((a, k) => (nondiff.includes(k) ? [] : flattenTangent(each(k), a)));
}

/** The frule's value and tangent, and the rrule's value and cotangents, against differences. */
export function checkAgainstDifferences(
  c: RuleCase,
  args: readonly unknown[],
  gen: fc.GeneratorValue,
): void {
  const nondiff = c.nondiff ?? [];
  const { frule, rrule } = rules(c);
  const config = dualConfig();
  const y = c.f(...(fresh(args, nondiff) as never[]));
  const nx = flattenArgs(args, nondiff).length;
  const v = direction(gen, nx);
  const w = direction(gen, flatten(y).length);

  const [yf, dy] = frule(fresh(args, nondiff), tangentsFrom(args, nondiff, v), config);
  expectClose(flatten(yf), flatten(y), { ...EXACT_TOLERANCE, what: `${c.name}: frule value` });
  expectClose(flattenTangent(dy, y), centralDifference(c.f, args, nondiff, v), {
    ...FD_TOLERANCE,
    what: `${c.name}: frule tangent vs central differences`,
  });

  const [yr, pullback] = rrule(fresh(args, nondiff), config);
  expectClose(flatten(yr), flatten(y), { ...EXACT_TOLERANCE, what: `${c.name}: rrule value` });
  const ct = flattenCotangents(pullback(unflatten(y, w)), args, nondiff);
  // Component i of the cotangent is ⟨w, J eᵢ⟩, with J eᵢ by central differences.
  const expected = Array.from({ length: nx }, (_, i) => {
    const e = new Array<number>(nx).fill(0);
    e[i] = 1;
    return inner(w, centralDifference(c.f, args, nondiff, e));
  });
  expectClose(ct, expected, {
    ...FD_TOLERANCE,
    what: `${c.name}: rrule cotangent vs central differences`,
  });
}

/** The dot-product test: ⟨w, J v⟩ from the frule equals ⟨Jᵀ w, v⟩ from the rrule. */
export function checkAdjoint(c: RuleCase, args: readonly unknown[], gen: fc.GeneratorValue): void {
  const nondiff = c.nondiff ?? [];
  const { frule, rrule } = rules(c);
  const config = dualConfig();
  const y = c.f(...(fresh(args, nondiff) as never[]));
  const v = direction(gen, flattenArgs(args, nondiff).length);
  const w = direction(gen, flatten(y).length);
  const [, jv] = frule(fresh(args, nondiff), tangentsFrom(args, nondiff, v), config);
  const [, pullback] = rrule(fresh(args, nondiff), config);
  const jtw = flattenCotangents(pullback(unflatten(y, w)), args, nondiff);
  const a = inner(w, flattenTangent(jv, y));
  const b = inner(jtw, v);
  const scale =
    inner(w.map(Math.abs), flattenTangent(jv, y).map(Math.abs)) +
    inner(jtw.map(Math.abs), v.map(Math.abs));
  expectClose([a], [b], {
    rtol: 0,
    atol: 1e-12 + EXACT_TOLERANCE.rtol * scale,
    what: `${c.name}: ⟨w, J v⟩ vs ⟨Jᵀ w, v⟩`,
  });
}

/**
 * The rules are differentiable again: the frule's tangent and the pullback's cotangent, as
 * functions of the point, differentiated by dual numbers running through the rules' own
 * vocabulary calls, agree with central differences of the rules.
 */
export function checkNested(c: RuleCase, args: readonly unknown[], gen: fc.GeneratorValue): void {
  const nondiff = c.nondiff ?? [];
  const { frule, rrule } = rules(c);
  const config = dualConfig();
  const y = c.f(...(fresh(args, nondiff) as never[]));
  const nx = flattenArgs(args, nondiff).length;
  const v = direction(gen, nx);
  const u = direction(gen, nx);
  const w = direction(gen, flatten(y).length);
  const tv = tangentsFrom(args, nondiff, v);
  const cotangent = unflatten(y, w);

  const tangentAt = (...point: unknown[]): unknown => frule(point, tv, config)[1];
  const cotangentAt = (...point: unknown[]): unknown => rrule(point, config)[1](cotangent);
  const flatTangent = (...point: unknown[]): number[] => flattenTangent(tangentAt(...point), y);
  const flatCotangent = (...point: unknown[]): number[] =>
    flattenCotangents(cotangentAt(...point), args, nondiff);

  const [, d2] = fruleViaDuals(
    tangentAt,
    fresh(args, nondiff),
    tangentsFrom(args, nondiff, u) as never,
  );
  expectClose(flattenTangent(d2, y), centralDifference(flatTangent, args, nondiff, u), {
    ...FD_TOLERANCE,
    what: `${c.name}: derivative of the frule tangent (nested duals) vs central differences`,
  });
  const [, d2r] = fruleViaDuals(
    cotangentAt,
    fresh(args, nondiff),
    tangentsFrom(args, nondiff, u) as never,
  );
  expectClose(
    flattenCotangents(d2r, args, nondiff),
    centralDifference(flatCotangent, args, nondiff, u),
    {
      ...FD_TOLERANCE,
      what: `${c.name}: derivative of the pullback (nested duals) vs central differences`,
    },
  );
}

/**
 * The body handles `Real[]` of active values: dual numbers traced through it (only scalar
 * primitives use their rules) give the frule's tangent.
 */
export function checkTraced(c: RuleCase, args: readonly unknown[], gen: fc.GeneratorValue): void {
  const nondiff = c.nondiff ?? [];
  const { frule } = rules(c);
  const y = c.f(...(fresh(args, nondiff) as never[]));
  const v = direction(gen, flattenArgs(args, nondiff).length);
  const tv = tangentsFrom(args, nondiff, v);
  const [yt, dt] = fruleViaDuals(
    c.f as (...a: unknown[]) => unknown,
    fresh(args, nondiff),
    tv as never,
    'trace',
  );
  const [, df] = frule(fresh(args, nondiff), tv, dualConfig());
  expectClose(flatten(yt), flatten(y), { ...EXACT_TOLERANCE, what: `${c.name}: traced value` });
  expectClose(flattenTangent(dt, y), flattenTangent(df, y), {
    ...EXACT_TOLERANCE,
    what: `${c.name}: traced tangent vs frule tangent`,
  });
}
