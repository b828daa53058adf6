import {
  ACTIVE,
  isActive,
  PRIMAL,
  type ActiveCoercionError,
  type DifferentiableFunction,
  type Real,
} from '@pullback/rules-core';
import type { DifferentiableRecord, Interpreter } from '@pullback/rules-core/interpreter';
import { holdsActive, someNode } from '../tree/walk.js';
import { ForwardInterpreter } from '../interpreters/forward.js';
import { Dual, DualArray } from '../values/dual.js';
import { ReverseInterpreter } from '../interpreters/reverse.js';
import { FallbackError, type FallbackEvent } from './events.js';
import {
  plainArguments,
  readSlot,
  shiftedArguments,
  type SlotPosition,
} from './black-box-arguments.js';
import type { BoundaryHandler } from '../interpreters/boundary.js';
import { central, ErrorTally, type Stencil } from './difference-stencil.js';
import type { FallbackLog } from './fallback-log.js';
import { CENTRAL_STEP } from './finite-differences.js';
import { primalDeep } from '../tree/primal-deep.js';
import { userLocation } from './source-location.js';
import { flatten, structureOf, unflatten, type Structure } from '../tree/structure.js';

/** What a black box computed, and how far to trust it. */
interface Differences<T> {
  readonly result: T;
  readonly verdict: Pick<FallbackEvent, 'errorEstimate' | 'reliable'>;
}

/**
 * The last resort at a `differentiable` boundary (or the top-level function): the body could
 * not carry active values, so it is re-run on plain numbers and its Jacobian with respect to
 * the active arguments is taken by central differences, with an error estimate
 * (difference-stencil.ts). Differences known to be garbage (a jump or kink next to the point)
 * are never returned: they throw `FallbackError`. Each evaluation gets fresh copies of what
 * holds active values (black-box-arguments.ts), so a body that mutates them cannot corrupt the
 * result or the caller's data.
 */
export class BlackBoxFallback implements BoundaryHandler {
  constructor(private readonly log: FallbackLog) {}

  /** Reports a fallback that needs no differences (an impure kernel run per element); refused under `fallback: 'error'`. */
  report(key: object, event: FallbackEvent): void {
    // Refused: nothing ran (the estimate is NaN, as for every refused fallback).
    if (this.log.refuses)
      throw new FallbackError({ ...event, errorEstimate: NaN, reliable: false });
    this.log.report(key, event);
  }

  blackBox(
    interpreter: Interpreter,
    f: DifferentiableFunction | undefined,
    rec: Pick<DifferentiableRecord, 'name' | 'body'>,
    args: readonly unknown[],
    error: ActiveCoercionError,
    caught = false,
  ): unknown {
    // A fallback refused inside the body (fallback: 'error') is the error to report, as it is:
    // that decision stands under this boundary's policy too.
    if (error instanceof FallbackError) throw error;
    // Values of a lower level (an outer differentiation) would be stripped to numbers here and
    // their derivatives silently lost. Unwind instead: the lower level's own boundary catches
    // the same error and takes its differences through this whole pass.
    if (args.some((a) => holdsOtherLevels(interpreter, a))) throw error;
    const event = (verdict: Differences<unknown>['verdict']): FallbackEvent => ({
      functionName: rec.name || 'anonymous function',
      location: userLocation(error),
      mode: interpreter.mode,
      reason:
        firstSentence(error.message) +
        (caught ? ' The function caught that error itself and carried on without it.' : ''),
      replacement: 'finite differences',
      lintRule: lintRuleFor(rec.body),
      ...verdict,
    });
    if (this.log.refuses) {
      throw new FallbackError(event({ errorEstimate: NaN, reliable: false }), error);
    }
    const run = evaluator(rec.body, error);
    let differences: Differences<unknown>;
    if (interpreter instanceof ReverseInterpreter) {
      const slots = interpreter.trackedSlots(args);
      const { result, verdict } = centralColumns(run, args, slots);
      differences = {
        result: interpreter.recordJacobian(args, result.y0, slots, result.columns),
        verdict,
      };
    } else if (interpreter instanceof ForwardInterpreter) {
      const slots = forwardSlots(interpreter, args);
      const { result, verdict } = laneDifferences(run, args, slots, interpreter.lanes, error);
      differences = { result: interpreter.lift(result.y0, result.lanes), verdict };
    } else {
      throw error;
    }
    if (!differences.verdict.reliable) throw new FallbackError(event(differences.verdict), error);
    const key = f ?? rec.body;
    if (!this.log.has(key)) this.log.report(key, event(differences.verdict));
    return differences.result;
  }
}

/** True when `x` holds an active value of another interpreter, at any depth or level below. */
function holdsOtherLevels(interpreter: Interpreter, x: unknown): boolean {
  return someNode(x, (node) =>
    isActive(node)
      ? node[ACTIVE] !== interpreter || holdsOtherLevels(interpreter, node[PRIMAL])
      : undefined,
  );
}

/** A forward-mode slot: its position and its tangent in each lane. */
interface ForwardSlot extends SlotPosition {
  readonly lanes: readonly Real[];
}

function forwardSlots(interp: ForwardInterpreter, args: readonly unknown[]): ForwardSlot[] {
  const slots: ForwardSlot[] = [];
  args.forEach((a, arg) =>
    someNode(
      a,
      (x, path) => {
        if (x instanceof Dual && x.owner === interp)
          slots.push({ arg, path, index: -1, lanes: x.tangents });
        else if (x instanceof DualArray && x.owner === interp) {
          for (let i = 0; i < x.length; i++)
            slots.push({
              arg,
              path,
              index: i,
              lanes: x.tangents.map((l) => (l as ArrayLike<Real>)[i]),
            });
        } else return undefined;
        return false;
      },
      [],
    ),
  );
  return slots;
}

type Evaluate = (args: readonly unknown[]) => unknown;

/**
 * `body` on plain arguments, its result made plain. A result that still holds active values
 * comes from values the body closes over, whose derivatives stripping would drop: the
 * original error is raised again instead, so an enclosing boundary (one that owns those
 * values) falls back for the whole.
 */
function evaluator(body: (...args: never[]) => unknown, error: ActiveCoercionError): Evaluate {
  return (xs) => {
    const y = body(...(xs as never[]));
    if (holdsActive(y)) throw error;
    return primalDeep(y);
  };
}

/** The four values along direction `shift` (slot j moves by k·shift(j) at point k). */
function stencil(
  run: Evaluate,
  args: readonly unknown[],
  slots: readonly SlotPosition[],
  s: Structure,
  center: Float64Array,
  h: number,
  shift: (j: number) => number,
): Stencil {
  const at = (k: number): Float64Array =>
    flatten(run(shiftedArguments(args, slots, (j) => k * shift(j))), s);
  return { h, minus: at(-1), center, plus: at(1), plus2: at(2) };
}

/** The value at the plain arguments and one central-difference column per slot. */
function centralColumns(
  run: Evaluate,
  args: readonly unknown[],
  slots: readonly SlotPosition[],
): Differences<{ y0: unknown; columns: unknown[] }> {
  const base = plainArguments(args);
  const y0 = run(plainArguments(args));
  const s = structureOf(y0);
  const center = flatten(y0, s);
  const tally = new ErrorTally();
  const columns = slots.map((slot) => {
    const h = CENTRAL_STEP * Math.max(1, Math.abs(readSlot(base, slot)));
    const st = stencil(run, args, [slot], s, center, h, () => h);
    const d = central(st);
    tally.add(st, d);
    return unflatten(s, d);
  });
  return { result: { y0, columns }, verdict: tally.verdict() };
}

/**
 * The value and one central difference along each lane's tangent: 3 evaluations per lane,
 * where a column per input would take 3 per input in every chunk.
 */
function laneDifferences(
  run: Evaluate,
  args: readonly unknown[],
  slots: readonly ForwardSlot[],
  laneCount: number,
  error: ActiveCoercionError,
): Differences<{ y0: unknown; lanes: unknown[] }> {
  const base = plainArguments(args);
  const y0 = run(plainArguments(args));
  const s = structureOf(y0);
  const center = flatten(y0, s);
  const tally = new ErrorTally();
  const lanes = Array.from({ length: laneCount }, (_, l) => {
    const t = slots.map((slot) => slot.lanes[l]);
    if (!t.every((v): v is number => typeof v === 'number')) throw error;
    const tmax = t.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
    if (tmax === 0) return unflatten(s, new Float64Array(center.length));
    const xmax = slots.reduce((acc, slot) => Math.max(acc, Math.abs(readSlot(base, slot))), 0);
    const h = (CENTRAL_STEP * Math.max(1, xmax)) / tmax;
    const st = stencil(run, args, slots, s, center, h, (j) => h * t[j]);
    const d = central(st);
    tally.add(st, d);
    return unflatten(s, d);
  });
  return { result: { y0, lanes }, verdict: tally.verdict() };
}

function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end < 0 ? message : message.slice(0, end + 1);
}

/** The lint rule most likely to flag what made `body` fail, read from its source. */
function lintRuleFor(body: (...args: never[]) => unknown): string {
  const source = Function.prototype.toString.call(body);
  if (/new\s+(Float64Array|Float32Array|Array)\b|Float64Array\.(from|of)/.test(source)) {
    return '@pullback/no-non-generic-storage';
  }
  if (/\.(set|fill|copyWithin)\(/.test(source)) return '@pullback/no-typed-array-write';
  return '@pullback/no-active-coercion';
}
