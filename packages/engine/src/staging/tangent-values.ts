import type { Activity } from './activity.js';
import { callBuffers, type Program, type Statement } from './program.js';
import { reads } from './source.js';

/**
 * The values a forward kernel must compute when it returns only tangents (a prepared
 * `pushforward` or `derivative`): the operands of the partials, the conditions of selects, the
 * guards, the arguments of rules and calls, and whatever fills the buffers those read. The rest
 * of the value sweep is left out, such as the output's own chain and a loop's running sum:
 * TurboFan does not remove a dead value carried around a loop by itself (Rosenbrock's scalar
 * loop at n = 1e3 ran 1.2x faster with its sum left out).
 */
export interface TangentValues {
  /** Ids whose values are computed (constants always are). */
  readonly ids: ReadonlySet<number>;
  /** Buffers whose values are stored (the inputs, parameters and captured arrays always are). */
  readonly buffers: ReadonlySet<number>;
}

/** The values of `p` its tangents need (see `TangentValues`). */
export function valuesForTangents(p: Program, act: Activity): TangentValues {
  const ids = new Set<number>();
  const buffers = new Set<number>();
  // Loops carry needs backwards across iterations: repeat until nothing is added.
  let size = -1;
  while (ids.size + buffers.size !== size) {
    size = ids.size + buffers.size;
    need(p.body, act, ids, buffers);
  }
  return { ids, buffers };
}

/** Whether a tangent-only kernel computes `s`'s value (its tangent lines are written anyway). */
export function computes(values: TangentValues, s: Statement): boolean {
  switch (s.op) {
    case 'const':
    case 'call':
    case 'loop':
      return true;
    case 'store':
      return values.buffers.has(s.buffer);
    default:
      return values.ids.has(s.id);
  }
}

/** One backward pass over `body`, adding what its statements' tangents and needed values read. */
function need(
  body: readonly Statement[],
  act: Activity,
  ids: Set<number>,
  buffers: Set<number>,
): void {
  const add = (id: number): void => {
    if (id >= 0) ids.add(id);
  };
  for (let k = body.length - 1; k >= 0; k--) {
    const s = body[k];
    switch (s.op) {
      case 'const':
        ids.add(s.id);
        break;
      case 'load':
        if (ids.has(s.id)) buffers.add(s.buffer);
        break;
      case 'prim':
        if (act.ids[s.id] === 1) {
          s.args.forEach((arg, j) => {
            if (act.ids[arg] === 0) return;
            const r = reads(j === 0 ? s.p.spec.da : s.p.spec.db);
            if (r.a) add(s.args[0]);
            if (r.b) add(s.args[1]);
            if (r.y) add(s.id);
          });
        }
        if (ids.has(s.id)) s.args.forEach(add);
        break;
      case 'rule':
        // Its partials are called on its arguments and its value.
        if (act.ids[s.id] === 1) add(s.id);
        if (ids.has(s.id)) s.args.forEach(add);
        break;
      case 'cmp':
        if (s.guard) add(s.id);
        if (ids.has(s.id)) s.args.forEach(add);
        break;
      case 'select':
        if (act.ids[s.id] === 1) add(s.cond);
        if (ids.has(s.id)) [s.cond, ...s.args].forEach(add);
        break;
      case 'store':
        if (buffers.has(s.buffer)) add(s.value);
        break;
      case 'call':
        // Calls run as they are: their results, values included, come from the rule.
        for (const a of s.args) if (a.kind === 'scalar') add(a.id);
        for (const b of callBuffers(s)) buffers.add(b);
        break;
      case 'loop':
        for (const c of s.carried) if (ids.has(c.out)) add(c.phi);
        need(s.body, act, ids, buffers);
        for (const c of s.carried) {
          if (!ids.has(c.phi)) continue;
          add(c.next);
          add(c.init);
        }
        break;
    }
  }
}
