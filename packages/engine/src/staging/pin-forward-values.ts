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
import { tangent, value, type Lines } from './source.js';

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
  /** Ids whose values the code after the region reads (behind zero tests, as far as known). */
  readonly values: ReadonlySet<number>;
  /** Whether a failing guard returns there (its comparison then reads its operands). */
  readonly guards: boolean;
  /** Outputs written after the region: unconditional reads. */
  readonly outputs?: readonly OutputLeaf[];
  /** Forward over reverse: the activity and the lanes whose tangents the code after reads too. */
  readonly tangents?: { readonly act: Activity; readonly lanes: number };
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
      values: plan.needs,
      guards: true,
      outputs: withValue ? p.outputs : [],
      tangents: lanes > 0 ? { act, lanes } : undefined,
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
  const values = new Set<number>();
  for (const s of loop.body) partialNeeds(s, act, plan.loops, values, lanes > 0);
  pinForwardValues(
    loop.body.filter((s) => recompute.has(s)),
    { values, guards: false, tangents: lanes > 0 ? { act, lanes } : undefined },
    out,
  );
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
    ...(reads.tangents === undefined ? [] : tangentPins(region, reads, reads.tangents)),
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
          if (!reads.values.has(s.id)) break;
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
