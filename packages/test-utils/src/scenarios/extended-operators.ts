import { at, setAt } from '@pullback/rules-core/math';
import type { Real, RealArray } from '@pullback/rules-core';
import * as engine from '@pullback/engine';
import type { Backend } from '@pullback/engine';
import { deepCopy, firstDifference } from '../tree/clone.js';
import { flatten } from '../tree/flatten.js';
import { layoutOf, type Layout } from '../tree/layout.js';
import { rebuild } from '../tree/rebuild.js';
import { compare, matrixEntries, times, timesTransposed, type Expected } from './expected.js';
import type { Scenario } from './scenario.js';

/**
 * The operator forms beyond DifferentiationInterface's eight families, checked on the same
 * scenarios: in-place functions (`f(y, x, ...rest)` made from the scenario's `f`), batches of
 * directions (`tangents(…)`), and `linearize`/`vjp`. Each is checked against the scenario's
 * known derivatives; the in-place forms also against the out-of-place operators of the same
 * backend, to 1e-14.
 */

/** The extended operator forms `testDifferentiation` runs when asked to in `operators`. */
export type ExtendedOperator =
  | 'pushforwardInPlace'
  | 'pullbackInPlace'
  | 'derivativeInPlace'
  | 'jacobianInPlace'
  | 'pushforwardBatch'
  | 'pullbackBatch'
  | 'hvpBatch'
  | 'linearize'
  | 'vjp';

/** Every extended form, in the order of the summary's columns. */
export const EXTENDED: readonly ExtendedOperator[] = [
  'pushforwardInPlace',
  'pullbackInPlace',
  'derivativeInPlace',
  'jacobianInPlace',
  'pushforwardBatch',
  'pullbackBatch',
  'hvpBatch',
  'linearize',
  'vjp',
];

/** How close an in-place result must be to the out-of-place one (relative to its largest entry). */
export const IN_PLACE_AGREEMENT = 1e-14;

/** True for an output an in-place function can write: one number, or a flat array. */
function flatOutput(s: Scenario): boolean {
  const l = layoutOf(s.y);
  return l.kind === 'number' || l.kind === 'array';
}

/** Whether the extended form `op` applies to scenario `s`. */
export function appliesExtended(s: Scenario, op: ExtendedOperator): boolean {
  switch (op) {
    case 'pushforwardInPlace':
    case 'pullbackInPlace':
    case 'jacobianInPlace':
      return flatOutput(s);
    case 'derivativeInPlace':
      return flatOutput(s) && typeof s.x === 'number';
    case 'hvpBatch':
      return typeof s.y === 'number' && s.hessian !== undefined;
    default:
      return true;
  }
}

/** The scenario's `f` written in place: `f(x, ...rest)` copied into `y` with `setAt`. */
function inPlaceOf(s: Scenario): (y: RealArray, x: unknown, ...rest: unknown[]) => void {
  const scalar = layoutOf(s.y).kind === 'number';
  return function inPlace(y: RealArray, x: unknown, ...rest: unknown[]): void {
    const v = s.f(x as never, ...(rest as never[]));
    if (scalar) setAt(y, 0, v as Real);
    else for (let i = 0; i < s.m; i++) setAt(y, i, at(v as RealArray, i));
  };
}

/** A second direction unlike the first: its entries reversed, minus half of it. */
function another(layout: Layout, t: unknown): unknown {
  const v = flatten(layout, t);
  return rebuild(
    layout,
    Float64Array.from(v, (e, i) => v[v.length - 1 - i] - 0.5 * e),
  );
}

/** What one extended row needs from `testDifferentiation`: tolerances and how to report. */
export interface RowChecks {
  readonly rtol: number;
  readonly atol: number;
  readonly normwise: boolean;
  readonly problems: string[];
}

/**
 * Runs the extended form `op` of scenario `s` with backend `b`, unprepared and (where the form
 * has one) prepared twice; records problems in `c.problems`. Returns whether each half passed.
 */
export function runExtended(
  s: Scenario,
  op: ExtendedOperator,
  b: Backend,
  c: RowChecks,
): { unprepared: boolean; prepared: boolean } {
  const e = engine as unknown as Record<string, (...a: unknown[]) => unknown>;
  const inLayout = layoutOf(s.x);
  const outLayout = layoutOf(s.y);
  const flatY: Layout = { kind: 'array', size: s.m, typed: true };
  const tx = flatten(inLayout, s.tx);
  const dy = flatten(outLayout, s.dy);
  const tx2 = another(inLayout, s.tx);
  const dy2 = another(outLayout, s.dy);
  const hess = s.hessian ?? [];
  const jac = s.jacobian;
  const yValues: Expected = { layout: flatY, values: flatten(outLayout, s.y) };

  const check = (label: string, got: unknown, want: Expected, rtol = c.rtol, atol = c.atol) => {
    const problem = compare(got, want, rtol, atol, c.normwise);
    if (problem !== undefined) c.problems.push(`${label}: ${problem}`);
    return problem === undefined;
  };
  /** `got` against the out-of-place result `ref` (in `layout`), to 1e-14 of its largest entry. */
  const agrees = (label: string, got: unknown, ref: unknown, layout: Layout | [number, number]) => {
    const matrix = Array.isArray(layout);
    const values = matrix ? matrixEntries(ref, layout[0], layout[1]) : flatten(layout, ref);
    let scale = 0;
    for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]));
    const want: Expected = matrix
      ? { layout: { matrix: layout }, values }
      : { layout: layout === outLayout ? flatY : layout, values };
    const tol = IN_PLACE_AGREEMENT * Math.max(scale, Number.MIN_VALUE);
    return check(`${label} against the out-of-place operator`, got, want, 0, tol);
  };
  const guarded = (label: string, body: (x: unknown) => boolean): boolean => {
    const x = deepCopy(s.x);
    try {
      const ok = body(x);
      const moved = firstDifference(x, s.x, 'x');
      if (moved !== undefined) {
        c.problems.push(`${label} mutated its input at ${moved}`);
        return false;
      }
      return ok;
    } catch (err) {
      c.problems.push(
        `${label} threw ${err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err)}`,
      );
      return false;
    }
  };
  const twice = (label: string, body: (x: unknown, call: number) => boolean) =>
    [1, 2].every((call) => guarded(`${label}, call ${call}`, (x) => body(x, call)));
  const rest = s.rest;
  const f = s.f as never;
  const fy = inPlaceOf(s) as never;
  const y = () => new Float64Array(s.m);

  switch (op) {
    case 'pushforwardInPlace': {
      const want: Expected = { layout: flatY, values: times(jac, s.m, s.n, tx) };
      const unprepared = guarded(op, (x) => {
        const out = y();
        const r = e.pushforwardInPlace(fy, b, out, x, deepCopy(s.tx), ...rest);
        return (
          check(op, r, want) &&
          check(`${op}: y`, out, yValues) &&
          agrees(op, r, e.pushforward(f, b, x, deepCopy(s.tx), ...rest), outLayout)
        );
      });
      let p: Record<string, (...a: unknown[]) => unknown> | undefined;
      const prepared =
        guarded('preparePushforwardInPlace', (x) => {
          p = e.preparePushforwardInPlace(fy, b, y(), x, ...rest) as typeof p;
          return true;
        }) &&
        twice(`prepared.pushforward`, (x) => {
          const out = y();
          const r = p!.pushforward(out, x, deepCopy(s.tx), ...rest);
          return check(`prepared.pushforward`, r, want) && check('prepared y', out, yValues);
        });
      return { unprepared, prepared };
    }
    case 'pullbackInPlace': {
      const want: Expected = { layout: inLayout, values: timesTransposed(jac, s.m, s.n, dy) };
      const unprepared = guarded(op, (x) => {
        const out = y();
        const r = e.pullbackInPlace(fy, b, out, x, Float64Array.from(dy), ...rest);
        return (
          check(op, r, want) &&
          check(`${op}: y`, out, yValues) &&
          agrees(op, r, e.pullback(f, b, x, deepCopy(s.dy), ...rest), inLayout)
        );
      });
      let p: Record<string, (...a: unknown[]) => unknown> | undefined;
      const prepared =
        guarded('preparePullbackInPlace', (x) => {
          p = e.preparePullbackInPlace(fy, b, y(), x, ...rest) as typeof p;
          return true;
        }) &&
        twice('prepared.pullback', (x) => {
          const out = y();
          const r = p!.pullback(out, x, Float64Array.from(dy), ...rest);
          return check('prepared.pullback', r, want) && check('prepared y', out, yValues);
        });
      return { unprepared, prepared };
    }
    case 'derivativeInPlace': {
      const want: Expected = { layout: flatY, values: jac };
      const unprepared = guarded(op, (x) => {
        const out = y();
        const r = e.derivativeInPlace(fy, b, out, x, ...rest);
        return (
          check(op, r, want) &&
          check(`${op}: y`, out, yValues) &&
          agrees(op, r, e.derivative(f, b, x, ...rest), outLayout)
        );
      });
      let p: Record<string, (...a: unknown[]) => unknown> | undefined;
      const prepared =
        guarded('prepareDerivativeInPlace', (x) => {
          p = e.prepareDerivativeInPlace(fy, b, y(), x, ...rest) as typeof p;
          return true;
        }) &&
        twice('prepared.derivative', (x) =>
          check('prepared.derivative', p!.derivative(y(), x, ...rest), want),
        );
      return { unprepared, prepared };
    }
    case 'jacobianInPlace': {
      const want: Expected = { layout: { matrix: [s.m, s.n] }, values: jac };
      const unprepared = guarded(op, (x) => {
        const out = y();
        const r = e.jacobianInPlace(fy, b, out, x, ...rest);
        return (
          check(op, r, want) &&
          check(`${op}: y`, out, yValues) &&
          agrees(op, r, e.jacobian(f, b, x, ...rest), [s.m, s.n])
        );
      });
      let p: Record<string, (...a: unknown[]) => unknown> | undefined;
      const prepared =
        guarded('prepareJacobianInPlace', (x) => {
          p = e.prepareJacobianInPlace(fy, b, y(), x, ...rest) as typeof p;
          return true;
        }) &&
        twice('prepared.jacobian', (x) =>
          check('prepared.jacobian', p!.jacobian(y(), x, ...rest), want),
        );
      return { unprepared, prepared };
    }
    case 'pushforwardBatch':
    case 'pullbackBatch':
    case 'hvpBatch': {
      const family = op.slice(0, -'Batch'.length);
      const [d1, d2] = op === 'pullbackBatch' ? [s.dy, dy2] : [s.tx, tx2];
      const expect = (d: unknown): Expected => {
        if (op === 'pushforwardBatch')
          return { layout: outLayout, values: times(jac, s.m, s.n, flatten(inLayout, d)) };
        if (op === 'pullbackBatch')
          return {
            layout: inLayout,
            values: timesTransposed(jac, s.m, s.n, flatten(outLayout, d)),
          };
        return { layout: inLayout, values: times(hess, s.n, s.n, flatten(inLayout, d)) };
      };
      const batch = () => engine.tangents(deepCopy(d1), deepCopy(d2));
      const both = (label: string, r: unknown) =>
        Array.isArray(r) &&
        r.length === 2 &&
        check(`${label}[0]`, r[0], expect(d1)) &&
        check(`${label}[1]`, r[1], expect(d2));
      const unprepared = guarded(`${family}(f, backend, x, tangents(…))`, (x) =>
        both(family, e[family](f, b, x, batch(), ...rest)),
      );
      const prepareName = `prepare${family[0].toUpperCase()}${family.slice(1)}`;
      let p: Record<string, (...a: unknown[]) => unknown> | undefined;
      const prepared =
        guarded(prepareName, (x) => {
          p = e[prepareName](f, b, x, ...rest) as typeof p;
          return true;
        }) &&
        twice(`prepared.${family}(x, tangents(…))`, (x) =>
          both(`prepared.${family}`, p![family](x, batch(), ...rest)),
        );
      return { unprepared, prepared };
    }
    case 'linearize': {
      const ok = guarded('linearize(f, backend, x)', (x) => {
        const lin = engine.linearize(f, b, x as never, ...rest);
        const want = (d: unknown): Expected => ({
          layout: outLayout,
          values: times(jac, s.m, s.n, flatten(inLayout, d)),
        });
        return (
          check('linearize(…).value', lin.value, { layout: outLayout, values: yValues.values }) &&
          check('linearize(…).jvp(tx)', lin.jvp(deepCopy(s.tx) as never), want(s.tx)) &&
          check('linearize(…).jvp(tx2)', lin.jvp(tx2 as never), want(tx2)) &&
          check('linearize(…).jvp(tx), again', lin.jvp(deepCopy(s.tx) as never), want(s.tx))
        );
      });
      return { unprepared: ok, prepared: ok };
    }
    case 'vjp': {
      const ok = guarded('vjp(f, backend, x)', (x) => {
        const r = engine.vjp(f, b, x as never, ...rest);
        const want = (d: unknown): Expected => ({
          layout: inLayout,
          values: timesTransposed(jac, s.m, s.n, flatten(outLayout, d)),
        });
        return (
          check('vjp(…).value', r.value, { layout: outLayout, values: yValues.values }) &&
          check('vjp(…).pullback(dy)', r.pullback(deepCopy(s.dy) as never), want(s.dy)) &&
          check('vjp(…).pullback(dy2)', r.pullback(dy2 as never), want(dy2)) &&
          check('vjp(…).pullback(dy), again', r.pullback(deepCopy(s.dy) as never), want(s.dy))
        );
      });
      return { unprepared: ok, prepared: ok };
    }
  }
}
