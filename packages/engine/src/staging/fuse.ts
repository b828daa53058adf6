import {
  callBuffers,
  defined,
  operands,
  walk,
  type Affine,
  type Loop,
  type Program,
  type Statement,
} from './program.js';

/**
 * Fuses chains of whole-array operations into single loops. `sum(square(sub(b, square(a))))`
 * traces to four loops, each writing an array the next reads back at the same index; fused,
 * it is one loop over scalars in registers whose `sum` is an accumulator, which is what one
 * writes by hand. Arrays nothing reads any more are then not written at all.
 */
export function fuse(p: Program): Program {
  const body: Statement[] = [];
  for (const s of p.body) {
    const last = body[body.length - 1];
    if (s.op === 'loop' && last?.op === 'loop') {
      const merged = merge(last, s);
      if (merged !== undefined) {
        body[body.length - 1] = merged;
        continue;
      }
    }
    body.push(s);
  }
  const live = removeDead({ ...p, body });
  return { ...live, body: live.body.map((s) => (s.op === 'loop' ? sharedLoads(s) : s)) };
}

/**
 * A fused loop often reads the same element twice (`a` in `square(a)` and in `1 - a`): the
 * second read becomes the first's value, unless a store into that buffer came between.
 */
function sharedLoads(loop: Loop): Loop {
  const seen = new Map<string, number>();
  const rename = new Map<number, number>();
  const body: Statement[] = [];
  for (const s of loop.body) {
    if (s.op === 'load') {
      const key = `${s.buffer}:${s.index.base}:${s.index.terms.join(';')}`;
      const first = seen.get(key);
      if (first !== undefined) {
        rename.set(s.id, first);
        continue;
      }
      seen.set(key, s.id);
    } else if (s.op === 'store') {
      for (const key of [...seen.keys()]) if (key.startsWith(`${s.buffer}:`)) seen.delete(key);
    } else if (s.op === 'loop') {
      seen.clear();
    }
    body.push(rename.size === 0 ? s : renamed(s, (id) => rename.get(id) ?? id));
  }
  if (rename.size === 0) return loop;
  const use = (id: number): number => rename.get(id) ?? id;
  return { ...loop, body, carried: loop.carried.map((c) => ({ ...c, next: use(c.next) })) };
}

/** `a` then `b` as one loop, when every element `b` reads of what `a` writes is the one `a` just wrote. */
function merge(a: Loop, b: Loop): Loop | undefined {
  if (
    a.count !== b.count ||
    a.body.some((s) => s.op === 'loop') ||
    b.body.some((s) => s.op === 'loop')
  )
    return undefined;
  const outs = new Set(a.carried.map((c) => c.out));
  const reads = (s: Statement): readonly number[] => operands(s);
  if (
    b.body.some((s) => reads(s).some((id) => outs.has(id))) ||
    b.carried.some((c) => outs.has(c.init))
  )
    return undefined;
  // What `a` stores, by buffer and offset along the counter.
  const stored = new Map<string, number>();
  const written = new Set<number>();
  for (const s of a.body) {
    if (s.op !== 'store') continue;
    written.add(s.buffer);
    const key = along(s.index, a.loop);
    if (key === undefined) return undefined;
    stored.set(`${s.buffer}:${key}`, s.value);
  }
  const readByA = new Set(a.body.flatMap((s) => (s.op === 'load' ? [s.buffer] : [])));
  const rename = new Map<number, number>();
  const moved: Statement[] = [];
  for (const s of b.body) {
    if (s.op === 'store' && (readByA.has(s.buffer) || written.has(s.buffer))) return undefined;
    if (s.op === 'load' && written.has(s.buffer)) {
      const key = along(s.index, b.loop);
      const v = key === undefined ? undefined : stored.get(`${s.buffer}:${key}`);
      if (v === undefined) return undefined;
      rename.set(s.id, v);
      continue;
    }
    moved.push(recount(s, b.loop, a.loop));
  }
  const use = (id: number): number => rename.get(id) ?? id;
  const body = [...a.body, ...moved.map((s) => renamed(s, use))];
  const carried = [...a.carried, ...b.carried.map((c) => ({ ...c, next: use(c.next) }))];
  return { op: 'loop', loop: a.loop, count: a.count, body, carried };
}

/** The offset of an index that moves with `loop` by one per iteration, else `undefined`. */
function along(index: Affine, loop: number): number | undefined {
  return index.terms.length === 1 && index.terms[0][0] === loop && index.terms[0][1] === 1
    ? index.base
    : undefined;
}

/** `s` with counter `from` renamed `to` in its indices. */
function recount(s: Statement, from: number, to: number): Statement {
  if (s.op !== 'load' && s.op !== 'store') return s;
  const terms = s.index.terms.map(([l, stride]) => [l === from ? to : l, stride] as const);
  return { ...s, index: { base: s.index.base, terms } };
}

/**
 * `s` reading `use(id, position)` in place of each operand `id`, where `position` is the
 * operand's place in `operands(s)` (-1 for every operand of a loop).
 */
export function renamed(s: Statement, use: (id: number, position: number) => number): Statement {
  switch (s.op) {
    case 'prim':
    case 'rule':
      return { ...s, args: s.args.map(use) };
    case 'cmp':
      return { ...s, args: [use(s.args[0], 0), use(s.args[1], 1)] };
    case 'select':
      return { ...s, cond: use(s.cond, 0), args: [use(s.args[0], 1), use(s.args[1], 2)] };
    case 'store':
      return { ...s, value: use(s.value, 0) };
    case 'call': {
      let position = 0;
      return {
        ...s,
        args: s.args.map((a) => (a.kind === 'scalar' ? { ...a, id: use(a.id, position++) } : a)),
      };
    }
    case 'loop': {
      // A loop's operands have no one order: `use` sees every one at position -1.
      const inLoop = (id: number): number => use(id, -1);
      return {
        ...s,
        body: s.body.map((t) => renamed(t, inLoop)),
        carried: s.carried.map((c) => ({ ...c, init: inLoop(c.init), next: inLoop(c.next) })),
      };
    }
    default:
      return s;
  }
}

/**
 * Drops what nothing reads: stores into temporary buffers that are never loaded (and are not
 * outputs), values no statement or output uses, and loops left with nothing to do. Guards stay.
 */
export function removeDead(p: Program): Program {
  let body = p.body;
  for (;;) {
    const used = new Set<number>();
    const loaded = new Set<number>();
    for (const leaf of p.outputs) {
      if (leaf.kind === 'scalar') used.add(leaf.id);
      else loaded.add(leaf.buffer);
    }
    walk(body, (s) => {
      operands(s).forEach((id) => used.add(id));
      if (s.op === 'load') loaded.add(s.buffer);
      if (s.op === 'call') callBuffers(s).forEach((b) => loaded.add(b));
      if (s.op === 'loop') s.carried.forEach((c) => (used.add(c.init), used.add(c.next)));
    });
    let changed = false;
    const keep = (s: Statement): boolean => {
      if (s.op === 'store') return p.buffers[s.buffer].kind !== 'temp' || loaded.has(s.buffer);
      if (s.op === 'cmp' && s.guard) return true;
      if (s.op === 'call')
        return s.result.kind === 'scalar' ? used.has(s.result.id) : loaded.has(s.result.buffer);
      if (s.op === 'loop') return true;
      return used.has(defined(s));
    };
    const prune = (stmts: readonly Statement[]): Statement[] => {
      const out: Statement[] = [];
      for (const s of stmts) {
        if (s.op === 'loop') {
          const inner = prune(s.body);
          const carried = s.carried.filter((c) => used.has(c.out) || used.has(c.phi));
          if (inner.length !== s.body.length || carried.length !== s.carried.length) changed = true;
          if (inner.length === 0 && carried.length === 0) {
            changed = true;
            continue;
          }
          out.push({ ...s, body: inner, carried });
        } else if (keep(s)) out.push(s);
        else changed = true;
      }
      return out;
    };
    body = prune(body);
    if (!changed) return { ...p, body };
  }
}
