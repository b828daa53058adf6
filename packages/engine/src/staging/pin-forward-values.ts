import type { Activity } from './activity.js';
import { partialNeeds, type LoopPlan, type ReversePlan } from './reverse-plan.js';
import {
  operands,
  walk,
  type Loop,
  type OutputLeaf,
  type Program,
  type Statement,
} from './program.js';
import { hessianOf } from '../primitives/second-order-primitives.js';
import { reads as readsOf, tangent, value, type Lines } from './source.js';

/**
 * Forward values that generated code computes once, whatever V8 makes of the code after them.
 *
 * In a derivative-only reverse kernel the forward values are read only inside the adjoint
 * sweep's zero tests (`if (g7 !== 0) { g0 += g7 * Math.cos(v0); }`). TurboFan's scheduler then
 * moves each pure computation into the branches that use it and, with several such branches,
 * copies it into each one: each branch recomputes its chain of the forward sweep, and the cost
 * grows with the square of the chain's length (the 100-input scalar-heavy gradient ran 18x its
 * hand-written code, 0.16 ms without the tests). A value read unconditionally is computed once,
 * before the branches. So the region's last values that only such branches read are summed
 * into one store into the workspace's scratch slot `PIN` (never read back): the store makes them,
 * and everything they are computed from, unconditional. A store, unlike an unused sum, is not
 * dropped by the optimizer.
 */

/** What a forward region's values are read by, beyond the region itself. */
interface PinReads {
  /**
   * Ids whose values the code after the region reads (behind zero tests, as far as known), with
   * the number of statements reading each.
   */
  readonly values: ReadonlyMap<number, number>;
  /** Whether a failing guard returns there (its comparison then reads its operands). */
  readonly guards: boolean;
  /** Outputs written after the region: unconditional reads. */
  readonly outputs?: readonly OutputLeaf[];
  /** The same for tangents (forward over reverse). */
  readonly tangents: ReadonlyMap<number, number>;
  /** Forward over reverse: the activity and the number of lanes. */
  readonly lanes?: { readonly act: Activity; readonly lanes: number };
}

/**
 * Pins the values of a reverse kernel's forward sweep (the statements of `live`, top level)
 * that its reverse sweep reads: the output, when written, is read unconditionally.
 */
export function pinTopLevel(
  p: Program,
  act: Activity,
  plan: ReversePlan,
  live: ReadonlySet<Statement>,
  withValue: boolean,
  lanes: number,
  out: Lines,
): void {
  pinForwardValues(
    p.body.filter((s) => live.has(s)),
    {
      ...readers(p.body, act, plan, lanes),
      guards: true,
      outputs: withValue ? p.outputs : [],
      lanes: lanes > 0 ? { act, lanes } : undefined,
    },
    out,
  );
}

/**
 * Pins the values an iteration of `loop`'s reverse sweep recomputes (its plan's `recompute`)
 * and its adjoint code reads.
 */
export function pinLoopBody(
  loop: Loop,
  act: Activity,
  plan: ReversePlan,
  lanes: number,
  out: Lines,
): void {
  const recompute = (plan.loops.get(loop.loop) as LoopPlan).recompute;
  pinForwardValues(
    loop.body.filter((s) => recompute.has(s)),
    {
      ...readers(loop.body, act, plan, lanes),
      guards: false,
      lanes: lanes > 0 ? { act, lanes } : undefined,
    },
    out,
  );
}

/** How many statements of `body`'s reverse sweep read each id's value, and its tangents. */
function readers(
  body: readonly Statement[],
  act: Activity,
  plan: ReversePlan,
  lanes: number,
): { values: Map<number, number>; tangents: Map<number, number> } {
  const values = new Map<number, number>();
  const tangents = new Map<number, number>();
  const count = (counts: Map<number, number>, ids: ReadonlySet<number>): void => {
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const s of body) {
    const v = new Set<number>();
    const t = new Set<number>();
    if (s.op === 'prim' && lanes > 0) {
      // `partialNeeds` over forward over reverse reads every operand and the result, to be
      // safe; pinning what is not read would compute it for nothing: the exact reads.
      partialNeeds(s, act, plan.loops, v, false);
      secondOrderReads(s, act, v, t);
    } else {
      partialNeeds(s, act, plan.loops, v, lanes > 0);
      if (lanes > 0) for (const id of v) if (act.ids[id] === 1) t.add(id);
    }
    count(values, v);
    count(tangents, t);
  }
  return { values, tangents };
}

/**
 * What the tangent of a partial reads, as emit-reverse.ts writes it: for each active operand `k`
 * and each non-zero second partial `h[k][j]` with operand `j` active, `h[k][j]`'s operands and
 * the tangent of operand `j`.
 */
function secondOrderReads(
  s: Statement & { op: 'prim' },
  act: Activity,
  values: Set<number>,
  tangents: Set<number>,
): void {
  const h = hessianOf(s.p);
  if (h === undefined || act.ids[s.id] === 0) return;
  const active = (k: number): boolean => k < s.args.length && act.ids[s.args[k]] === 1;
  const rows = [
    [h.aa, h.ab],
    [h.ab, h.bb],
  ];
  for (let k = 0; k < s.args.length; k++) {
    if (!active(k)) continue;
    for (let j = 0; j < s.args.length; j++) {
      const hkj = rows[k][j];
      if (!active(j) || hkj === '0') continue;
      tangents.add(s.args[j]);
      const need = readsOf(hkj);
      if (need.a) values.add(s.args[0]);
      if (need.b && s.args.length > 1) values.add(s.args[1]);
      if (need.y) values.add(s.id);
    }
  }
}

/**
 * Writes `PIN[0] = …;` summing the values (and, in forward over reverse, tangents) of `region`
 * (the statements a forward emission wrote, in program order) that code after it reads only
 * conditionally, as few as make every value it reads unconditional: a pinned value's operands
 * need no pin. Writes nothing when no value needs one.
 */
function pinForwardValues(region: readonly Statement[], reads: PinReads, out: Lines): void {
  const pins = [
    ...pinned(region, reads, 'value').map((id) => value(id)),
    ...(reads.lanes === undefined ? [] : tangentPins(region, reads, reads.lanes)),
  ];
  if (pins.length > 0) out.push(`PIN[0] = ${pins.join(' + ')};`);
}

function tangentPins(
  region: readonly Statement[],
  reads: PinReads,
  { act, lanes }: { readonly act: Activity; readonly lanes: number },
): string[] {
  const ids = pinned(region, reads, 'tangent', act);
  return ids.flatMap((id) => Array.from({ length: lanes }, (_, l) => tangent(id, l)));
}

/**
 * Walks `region` backwards, marking what is computed unconditionally (`anchored`): operands of
 * statements with effects (stores, calls, loops, rule calls, guards), outputs, and operands of
 * anything anchored. A read value that nothing anchors is pinned, which anchors its operands in
 * turn. Comparisons, loads and rule calls are never pinned: code after the region reads a
 * comparison only unconditionally (a select's condition), and loads and calls are not moved.
 *
 * For tangents (`layer` 'tangent', forward over reverse) the same walk runs on the tangent
 * expressions, which read their operands' tangents unconditionally (in their zero tests).
 */
function pinned(
  region: readonly Statement[],
  reads: PinReads,
  layer: 'value' | 'tangent',
  act?: Activity,
): number[] {
  const has = (id: number): boolean => id >= 0 && (act === undefined || act.ids[id] === 1);
  const read = layer === 'value' ? reads.values : reads.tangents;
  if (!copied(region, read, layer, has)) return [];
  const anchored = new Set<number>();
  const anchor = (ids: Iterable<number>): void => {
    for (const id of ids) if (has(id)) anchored.add(id);
  };
  if (layer === 'value') {
    for (const leaf of reads.outputs ?? []) if (leaf.kind === 'scalar') anchor([leaf.id]);
  }
  const pins: number[] = [];
  for (let k = region.length - 1; k >= 0; k--) {
    const s = region[k];
    switch (s.op) {
      case 'prim':
      case 'select': {
        if (!has(s.id)) break;
        if (!anchored.has(s.id)) {
          if (!read.has(s.id)) break;
          pins.push(s.id);
          anchored.add(s.id);
        }
        anchor(layer === 'value' ? operands(s) : s.args);
        break;
      }
      case 'cmp':
        if (layer === 'value' && ((s.guard && reads.guards) || reads.values.has(s.id)))
          anchor(s.args);
        break;
      case 'loop':
        // It runs unconditionally: whatever it reads from outside is computed before it.
        anchor(s.carried.map((c) => c.init));
        walk(s.body, (t) => anchor(operands(t)));
        break;
      default:
        // Stores, calls and rule calls run unconditionally (rule calls are calls).
        anchor(operands(s));
    }
  }
  // Program order reads better (the sum's order does not matter: it is never read).
  return pins.reverse();
}

/**
 * Whether TurboFan could copy a computation of `region` into several branches: some pure value
 * (or tangent) is read by two statements or more, counting the region's own pure statements
 * (which may end up in branches themselves) and the reverse sweep's. Otherwise each is computed
 * at most once wherever it lands, and a pin would only add work (Rosenbrock's reverse sweep,
 * whose values are each read in one zero test: 5% slower pinned).
 */
function copied(
  region: readonly Statement[],
  after: ReadonlyMap<number, number>,
  layer: 'value' | 'tangent',
  has: (id: number) => boolean,
): boolean {
  const pure = (s: Statement): s is Statement & { op: 'prim' | 'select' } =>
    s.op === 'prim' || s.op === 'select';
  // Only statements whose result something reads count: V8 drops the others.
  const live = new Set(after.keys());
  const counts = new Map(after);
  for (let k = region.length - 1; k >= 0; k--) {
    const s = region[k];
    if (pure(s) && !live.has(s.id)) continue;
    for (const id of pure(s) && layer === 'tangent' ? s.args : operands(s)) {
      live.add(id);
      if (pure(s)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return region.some((s) => pure(s) && has(s.id) && (counts.get(s.id) ?? 0) >= 2);
}

/**
 * Pins the partials forward mode names for one statement (`parts`, from emit-tangent.ts) when
 * more than one lane reads them. Each lane reads them only behind its tangent's zero test, and
 * TurboFan copies a value read in several branches into each: with `lanes` lanes a partial such
 * as `Math.cos(v)` was computed up to `lanes` times (scalar-heavy pushforward, 4 and 8 lanes:
 * twice the time of the pinned code). One lane reads it in one branch, where it is computed only
 * for a non-zero tangent: left alone.
 */
export function pinPartials(
  parts: readonly ({ readonly name?: string } | undefined)[],
  lanes: number,
  out: Lines,
): void {
  const names = parts.flatMap((part) => (part?.name === undefined ? [] : [part.name]));
  if (lanes > 1 && names.length > 0) out.push(`PIN[0] = ${names.join(' + ')};`);
}
