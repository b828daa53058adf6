import { hessianOf } from '../primitives/second-order-primitives.js';
import type { Activity } from './activity.js';
import { defined, operands, type Loop, type Program, type Statement } from './program.js';
import { reads } from './source.js';

/**
 * What the reverse sweep of each loop needs, decided before any code is written. An iteration
 * of a loop's reverse sweep recomputes the values its partials read from the loads they come
 * from (cheap, and no memory), except the values carried from the previous iteration, which the
 * forward sweep stores per iteration (`taped`). A sum's accumulator is never read by a partial,
 * so a reduction stores nothing and its reverse sweep is one loop, like hand-written code.
 */
export interface LoopPlan {
  /** Carried values stored per iteration by the loop's forward sweep. */
  readonly taped: readonly number[];
  /** Body statements run again inside each reverse iteration. */
  readonly recompute: ReadonlySet<Statement>;
  /** Ids defined outside the loop that its reverse sweep reads. */
  readonly external: ReadonlySet<number>;
  /** Ids defined outside the loop that its forward sweep reads (needed when it is taped). */
  readonly forwardReads: ReadonlySet<number>;
}

/** The plans of every loop, by loop number, and the ids the top level must keep for them. */
export interface ReversePlan {
  readonly loops: ReadonlyMap<number, LoopPlan>;
  /** Top-level ids that the reverse sweep reads. */
  readonly needs: ReadonlySet<number>;
}

/**
 * The ids the reverse sweep of statement `s` reads (not what it recomputes). Forward over
 * reverse (`second`) also reads the tangents of the operands, which come with their values.
 */
export function partialNeeds(
  s: Statement,
  act: Activity,
  plans: ReadonlyMap<number, LoopPlan>,
  into: Set<number>,
  second: boolean,
): void {
  switch (s.op) {
    case 'prim':
      if (act.ids[s.id] === 0) return;
      s.args.forEach((arg, k) => {
        if (act.ids[arg] === 0) return;
        const spec = k === 0 ? s.p.spec.da : s.p.spec.db;
        const need = reads(spec);
        if (need.a) into.add(s.args[0]);
        if (need.b && s.args.length > 1) into.add(s.args[1]);
        if (need.y) into.add(s.id);
      });
      // The tangent of a partial reads the operands' values and tangents, and is zero (not
      // written) where every second partial it takes is zero: add's, sub's, a constant factor's.
      if (second && hasPartialTangent(s, act)) {
        s.args.forEach((arg) => into.add(arg));
        into.add(s.id);
      }
      return;
    case 'rule':
      if (act.ids[s.id] === 0) return;
      s.args.forEach((a) => into.add(a));
      into.add(s.id);
      return;
    case 'select':
      if (act.ids[s.id] === 1) into.add(s.cond);
      return;
    case 'loop': {
      const plan = plans.get(s.loop);
      if (plan === undefined) return;
      plan.external.forEach((id) => into.add(id));
      if (plan.taped.length > 0) plan.forwardReads.forEach((id) => into.add(id));
      return;
    }
    default:
      return;
  }
}

/**
 * True when forward over reverse writes a tangent of a partial of `s`: some second partial of
 * an active operand's row is not the literal 0 where the other operand is active (as
 * `emit-reverse` writes them). Without second partials it says true (nothing is left out).
 */
function hasPartialTangent(s: Statement & { op: 'prim' }, act: Activity): boolean {
  const h = hessianOf(s.p);
  if (h === undefined) return true;
  const active = (k: number): boolean => k < s.args.length && act.ids[s.args[k]] === 1;
  const rows = [
    [h.aa, h.ab],
    [h.ab, h.bb],
  ];
  return [0, 1].some((k) => active(k) && [0, 1].some((j) => active(j) && rows[k][j] !== '0'));
}

/** Plans the reverse sweep of every loop in `p`. */
export function planReverse(p: Program, act: Activity, second = false): ReversePlan {
  const loops = new Map<number, LoopPlan>();
  const planBody = (body: readonly Statement[]): void => {
    for (const s of body) if (s.op === 'loop') planLoop(s, act, loops, planBody, second);
  };
  planBody(p.body);
  const needs = new Set<number>();
  for (const s of p.body) partialNeeds(s, act, loops, needs, second);
  return { loops, needs };
}

function planLoop(
  loop: Loop,
  act: Activity,
  plans: Map<number, LoopPlan>,
  planBody: (body: readonly Statement[]) => void,
  second: boolean,
): void {
  planBody(loop.body);
  const inside = definedIn(loop);
  const needs = new Set<number>();
  for (const s of loop.body) partialNeeds(s, act, plans, needs, second);
  // Inner loops with taped values must run forward again inside each reverse iteration.
  const recompute = new Set<Statement>();
  for (const s of loop.body) {
    if (s.op === 'loop' && (plans.get(s.loop)?.taped.length ?? 0) > 0) recompute.add(s);
  }
  for (let k = loop.body.length - 1; k >= 0; k--) {
    const s = loop.body[k];
    if (s.op === 'store' || s.op === 'const') continue;
    if (s.op === 'loop') {
      if (recompute.has(s) || s.carried.some((c) => needs.has(c.out))) {
        recompute.add(s);
        const inner = plans.get(s.loop) as LoopPlan;
        inner.forwardReads.forEach((id) => needs.add(id));
      }
      continue;
    }
    if (needs.has(defined(s))) {
      recompute.add(s);
      operands(s).forEach((id) => needs.add(id));
    }
  }
  const taped = loop.carried.filter((c) => needs.has(c.phi)).map((c) => c.phi);
  const external = new Set([...needs].filter((id) => !inside.has(id)));
  plans.set(loop.loop, { taped, recompute, external, forwardReads: forwardReads(loop, inside) });
}

/** Every id a loop defines: its carried values, its body's, and its inner loops'. */
export function definedIn(loop: Loop): Set<number> {
  const ids = new Set<number>();
  const visit = (l: Loop): void => {
    for (const c of l.carried) {
      ids.add(c.phi);
      ids.add(c.out);
    }
    for (const s of l.body) {
      if (s.op === 'loop') visit(s);
      else if (defined(s) >= 0) ids.add(defined(s));
    }
  };
  visit(loop);
  return ids;
}

/** The ids from outside `loop` that running it forward reads. */
function forwardReads(loop: Loop, inside: ReadonlySet<number>): Set<number> {
  const reads = new Set<number>();
  const visit = (l: Loop): void => {
    for (const c of l.carried) if (c.init >= 0 && !inside.has(c.init)) reads.add(c.init);
    for (const s of l.body) {
      if (s.op === 'loop') visit(s);
      else for (const id of operands(s)) if (!inside.has(id)) reads.add(id);
    }
  };
  visit(loop);
  return reads;
}
