import {
  ACTIVE,
  isActive,
  PRIMAL,
  type ActiveCoercionError,
  type DifferentiableFunction,
  type DifferentiableRecord,
  type Interpreter,
  type Real,
} from '@pullback/rules-core';
import { ForwardInterpreter } from '../forward/interpreter.js';
import { Dual, DualArray } from '../forward/values.js';
import { ReverseInterpreter, type Slot } from '../reverse/interpreter.js';
import { FallbackError, type FallbackEvent } from '../fallback.js';
import type { BoundaryHandler } from './boundary.js';
import type { FallbackLog } from './fallback-log.js';
import { isPlainObject } from './leaves.js';
import { primalDeep } from './primal-deep.js';
import { copyPytree, flatten, sizeOf, structureOf, unflatten } from './structure.js';

/**
 * The last resort at a `differentiable` boundary (or the top-level function): the body could
 * not carry active values, so it is re-run on plain numbers and its Jacobian with respect to
 * the active arguments is taken by central differences. Each evaluation gets fresh copies of
 * the arguments, so a body that mutates them cannot corrupt the result or the caller's data.
 */
export class BlackBoxFallback implements BoundaryHandler {
  constructor(private readonly log: FallbackLog) {}

  report(key: unknown, event: FallbackEvent): void {
    this.log.report(key, event);
  }

  blackBox(
    interpreter: Interpreter,
    f: DifferentiableFunction | undefined,
    rec: Pick<DifferentiableRecord, 'name' | 'body'>,
    args: readonly unknown[],
    error: ActiveCoercionError,
  ): unknown {
    // A fallback refused inside the body (fallback: 'error') is the error to report, as it is.
    if (error instanceof FallbackError) throw error;
    // Values of a lower level (an outer differentiation) would be stripped to numbers here and
    // their derivatives silently lost. Unwind instead: the lower level's own boundary catches
    // the same error and takes its differences through this whole pass.
    if (args.some((a) => holdsOtherLevels(interpreter, a))) throw error;
    const event: FallbackEvent = {
      functionName: rec.name || 'anonymous function',
      mode: interpreter.mode,
      reason: firstSentence(error.message),
      replacement: 'finite differences',
      lintRule: lintRuleFor(rec.body),
    };
    this.log.report(f ?? rec.body, event, error);
    if (interpreter instanceof ReverseInterpreter) {
      const slots = interpreter.trackedSlots(args);
      const { y0, columns } = centralColumns(rec.body, args, slots);
      return interpreter.recordJacobian(args, y0, slots, columns);
    }
    if (interpreter instanceof ForwardInterpreter) {
      // One central difference along each lane's tangent: 2 evaluations per lane, where a
      // column per input would take 2 per input in every chunk.
      const slots = forwardSlots(interpreter, args);
      const base = args.map((a) => primalDeep(a));
      const run = evaluator(rec.body);
      const y0 = run(base);
      const s = structureOf(y0);
      const m = sizeOf(s);
      const lanes = Array.from({ length: interpreter.lanes }, (_, l) => {
        const t = slots.map((slot) => slot.lanes[l]);
        if (!t.every((v): v is number => typeof v === 'number')) throw error;
        const out = new Float64Array(m);
        const tmax = t.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
        if (tmax > 0) {
          const xmax = slots.reduce(
            (acc, slot) => Math.max(acc, Math.abs(readSlot(base, slot))),
            0,
          );
          const h = (CENTRAL_STEP * Math.max(1, xmax)) / tmax;
          const plus = flatten(run(shifted(base, slots, t, h)), s);
          const minus = flatten(run(shifted(base, slots, t, -h)), s);
          for (let i = 0; i < m; i++) out[i] = (plus[i] - minus[i]) / (2 * h);
        }
        return unflatten(s, out);
      });
      return interpreter.lift(y0, lanes);
    }
    throw error;
  }
}

/** True when `x` holds an active value of another interpreter, at any depth or level below. */
function holdsOtherLevels(interpreter: Interpreter, x: unknown): boolean {
  if (isActive(x)) {
    return x[ACTIVE] !== interpreter || holdsOtherLevels(interpreter, x[PRIMAL]);
  }
  if (Array.isArray(x)) return x.some((e) => holdsOtherLevels(interpreter, e));
  if (isPlainObject(x)) return Object.values(x).some((e) => holdsOtherLevels(interpreter, e));
  return false;
}

/** A forward-mode slot: its position and its tangent in each lane. */
interface ForwardSlot extends Pick<Slot, 'arg' | 'path' | 'index'> {
  readonly lanes: readonly Real[];
}

function forwardSlots(interp: ForwardInterpreter, args: readonly unknown[]): ForwardSlot[] {
  const slots: ForwardSlot[] = [];
  const visit = (x: unknown, arg: number, path: readonly (string | number)[]): void => {
    if (x instanceof Dual && x.o === interp) slots.push({ arg, path, index: -1, lanes: x.d });
    else if (x instanceof DualArray && x.o === interp) {
      for (let i = 0; i < x.length; i++)
        slots.push({ arg, path, index: i, lanes: x.d.map((l) => (l as ArrayLike<Real>)[i]) });
    } else if (Array.isArray(x)) x.forEach((e, i) => visit(e, arg, [...path, i]));
    else if (isPlainObject(x)) for (const k of Object.keys(x)) visit(x[k], arg, [...path, k]);
  };
  args.forEach((a, k) => visit(a, k, []));
  return slots;
}

type SlotPosition = Pick<Slot, 'arg' | 'path' | 'index'>;

/** cbrt(eps): balances truncation (h²) against round-off (eps/h) for central differences. */
const CENTRAL_STEP = 6.055454452393343e-6;

/** `body` on fresh copies of plain arguments (it may mutate them), its result made plain. */
function evaluator(body: (...args: never[]) => unknown): (xs: readonly unknown[]) => unknown {
  return (xs) => primalDeep(body(...(xs.map(copyPytree) as never[])));
}

/** The value at the plain arguments and one central-difference column per slot. */
function centralColumns(
  body: (...args: never[]) => unknown,
  args: readonly unknown[],
  slots: readonly SlotPosition[],
): { y0: unknown; columns: unknown[] } {
  const base = args.map((a) => primalDeep(a));
  const run = evaluator(body);
  const y0 = run(base);
  const s = structureOf(y0);
  const columns = slots.map((slot) => {
    const x = readSlot(base, slot);
    const h = CENTRAL_STEP * Math.max(1, Math.abs(x));
    const plus = flatten(run(withSlot(base, slot, x + h)), s);
    const minus = flatten(run(withSlot(base, slot, x - h)), s);
    const col = new Float64Array(plus.length);
    for (let i = 0; i < col.length; i++) col[i] = (plus[i] - minus[i]) / (2 * h);
    return unflatten(s, col);
  });
  return { y0, columns };
}

function locate(
  root: readonly unknown[],
  slot: SlotPosition,
): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = root as unknown as Record<string | number, unknown>;
  let key: string | number = slot.arg;
  for (const p of slot.path) {
    parent = parent[key] as Record<string | number, unknown>;
    key = p;
  }
  if (slot.index >= 0) {
    parent = parent[key] as Record<string | number, unknown>;
    key = slot.index;
  }
  return { parent, key };
}

function readSlot(root: readonly unknown[], slot: SlotPosition): number {
  const { parent, key } = locate(root, slot);
  return parent[key] as number;
}

/** A copy of `root` moved by `h · t` (one entry of `t` per slot). */
function shifted(
  root: readonly unknown[],
  slots: readonly SlotPosition[],
  t: readonly number[],
  h: number,
): unknown[] {
  const copy = root.map(copyPytree);
  slots.forEach((slot, j) => {
    if (t[j] === 0) return;
    const { parent, key } = locate(copy, slot);
    parent[key] = (parent[key] as number) + h * t[j];
  });
  return copy;
}

function withSlot(root: readonly unknown[], slot: SlotPosition, value: number): unknown[] {
  const copy = root.map(copyPytree);
  const { parent, key } = locate(copy, slot);
  parent[key] = value;
  return copy;
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
