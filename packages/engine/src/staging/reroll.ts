// Over 400 lines: one algorithm (period finding, affine indices, carried values) whose steps share the candidate run.
import { renamed } from './fuse.js';
import { tracedStream } from './builder.js';
import { LOAD, OBJECT, PRIM, StatementStream, type TraceBody } from './trace-body.js';
import {
  defined,
  operands,
  type Affine,
  type Carried,
  type Loop,
  type Program,
  type Statement,
} from './program.js';

/**
 * Turns the long repeating trace of a JavaScript loop over scalars back into a loop. The
 * trace of `for (i) s = add(s, term(at(x, i), at(x, i + 1)))` is the same few statements over
 * and over, reading `x` at indices that move by one per repetition and `s` from the repetition
 * before. A run of repetitions becomes one `Loop`: the first repetition is its body, values read
 * from the previous repetition become carried values, and indices become affine in the counter.
 * Runs inside runs (nested loops) are found by rerolling each new body again.
 *
 * The search: statements get a key that ignores which values they read and where they index;
 * candidate periods are distances between equal keys; a candidate is verified statement by
 * statement, operand by operand (same position in the repetition, the same position in the
 * repetition before, or the same value from before the run), and every index must move by the
 * same stride each repetition. Traces of a million statements are searched in linear time,
 * with typed arrays and no allocation per statement.
 */

/** The longest repetition considered, in statements. */
const MAX_PERIOD = 4096;
/** Candidate periods tried per start position. */
const CANDIDATES = 8;

/**
 * `p` with every repeating run of statements rolled into a loop. A program just traced is read
 * in the tracer's columns (`tracedStream`): the repetitions a loop replaces never become objects.
 */
export function reroll(p: Program): Program {
  const state: Counters = { ids: p.ids, loops: p.loops };
  const sinks = p.outputs.map((leaf) => (leaf.kind === 'scalar' ? leaf.id : -1));
  const body = rerollBody(tracedStream(p) ?? new StatementStream(p.body), state, sinks);
  const outputs = p.outputs.map((leaf, k) =>
    leaf.kind === 'scalar' ? { ...leaf, id: sinks[k] } : leaf,
  );
  // Not `...p`: that would read (and make) the traced body this replaces.
  const { buffers, rules, calls, opaque } = p;
  return { body, buffers, rules, calls, opaque, outputs, ids: state.ids, loops: state.loops };
}

interface Counters {
  ids: number;
  loops: number;
}

/**
 * `body` rerolled, in passes until nothing more rolls. `sinks` are the ids read after the body
 * (the program's outputs, or the carried values of the loop around it): they are renamed in
 * place when they come out of a new loop.
 */
function rerollBody(
  body: readonly Statement[] | StatementStream,
  state: Counters,
  sinks: number[],
): Statement[] {
  let current = body instanceof StatementStream ? body : new StatementStream(body);
  for (let pass = 0; pass < 4; pass++) {
    const next = rollOnce(current, state, sinks);
    if (next.length === current.length) return next;
    current = new StatementStream(next);
  }
  return current.toArray();
}

/** How an operand is read in each repetition after the first, as one number (see `classify`). */
const SAME = 0;
const PREVIOUS = 1;
const OUTSIDE = 2;
/** Read from elements loaded before the run, at indices moving by a stride: `4·(stride + 2²⁰) + 3`. */
const LOADED = 3;
const STRIDE_BIAS = 2 ** 20;
const kindOf = (code: number): number => code % 4;
const payload = (code: number): number => Math.floor(code / 4);

/** A verified run: `count` repetitions of `period` statements from `start`. */
interface Run {
  readonly start: number;
  readonly period: number;
  readonly count: number;
  /** Per statement of the repetition, per operand it reads: how (a code). */
  readonly reads: readonly (readonly number[])[];
  /** Per statement of the repetition, per index in it: the stride per repetition. */
  readonly strides: readonly (readonly number[])[];
}

/** One left-to-right pass: at each position, the run covering the most statements is rolled. */
function rollOnce(input: StatementStream, state: Counters, sinks: number[]): Statement[] {
  // Later statements read the last repetition's values of a rolled run through the loop's
  // outputs: renamed as they are read.
  const rename = new Map<number, number>();
  const view = new Shapes(input, state.ids, rename);
  const out: Statement[] = [];
  const n = input.length;
  let s = 0;
  while (s < n) {
    let best: Run | undefined;
    let j = view.next[s];
    for (let c = 0; c < CANDIDATES && j >= 0 && j - s <= MAX_PERIOD; c++, j = view.next[j]) {
      // A multiple of a period whose run already reaches the end covers no more: not worth verifying.
      if (
        best !== undefined &&
        (j - s) % best.period === 0 &&
        s + (best.count + 1) * best.period > n
      )
        continue;
      const run = verify(view, s, j - s);
      if (
        run !== undefined &&
        (best === undefined || run.count * run.period > best.count * best.period)
      )
        best = run;
    }
    const built = best === undefined ? undefined : build(view, best, state, sinks);
    if (best === undefined || built === undefined) {
      out.push(view.statement(s));
      s++;
      continue;
    }
    const end = s + best.count * best.period;
    const inner = built.loop.carried.map((c) => c.next);
    const rolledBody = rerollBody(built.loop.body, state, inner);
    const carried = built.loop.carried.map((c, k) => ({ ...c, next: inner[k] }));
    out.push({ ...built.loop, body: rolledBody, carried });
    for (const [from, to] of built.renames) rename.set(from, to);
    for (let k = 0; k < sinks.length; k++) sinks[k] = built.renames.get(sinks[k]) ?? sinks[k];
    s = end;
  }
  return out;
}

/**
 * The body as the search sees it: a numeric key per statement (operation, primitive, buffer,
 * the shape of a loop), the next statement with the same key, and where each id is defined.
 * Reads go through `rename` (the outputs of runs already rolled).
 */
class Shapes {
  readonly next: Int32Array;
  private readonly templates = new Map<number, Template>();
  /** The column part of the stream and where it starts. */
  readonly tail: TraceBody | undefined;
  readonly h: number;
  /** Keys of the statements kept as objects: the head's by position, then the tail's in order. */
  private readonly objectKeys: Float64Array;
  /** Where each id is defined (see `at`): a table, or the columns and a map of the rest. */
  private readonly position: Int32Array | undefined;
  private readonly headPosition = new Map<number, number>();

  constructor(
    readonly stream: StatementStream,
    private readonly ids: number,
    private readonly rename: ReadonlyMap<number, number>,
  ) {
    const n = stream.length;
    const tail = stream.tail;
    this.tail = tail;
    this.h = stream.head.length;
    this.objectKeys = new Float64Array(this.h + (tail?.objectCount ?? 0));
    // A table over every id only for a body that defines a fair share of them: a loop's body
    // rerolled again is a few statements among a million ids.
    this.position = tail === undefined && 16 * n >= ids ? new Int32Array(ids).fill(-1) : undefined;
    const interned = new Map<string, number>();
    const intern = (text: string): number => {
      let k = interned.get(text);
      if (k === undefined) interned.set(text, (k = interned.size + 1));
      return k;
    };
    for (let k = 0; k < n; k++) {
      const c = k - this.h;
      if (c >= 0 && (tail as TraceBody).kinds[c] !== OBJECT) continue;
      const s = stream.statement(k);
      const o = c < 0 ? k : this.h + (tail as TraceBody).c0[c];
      this.objectKeys[o] = keyOf(s, intern, (t) => this.templates.set(k, t));
      if (c >= 0) continue;
      // Without a table the head's ids go in the map (the columns know where theirs are).
      const at = (id: number): void => {
        if (this.position !== undefined) this.position[id] = k;
        else this.headPosition.set(id, k);
      };
      const id = defined(s);
      if (id >= 0) at(id);
      if (s.op === 'loop') for (const carried of s.carried) at(carried.out);
    }
    // Every entry is written below: no fill.
    this.next = new Int32Array(n);
    // Keys of loads and primitives are small: their last positions in a table, others in a map.
    const small = new Int32Array(SMALL_KEYS).fill(-1);
    const last = new Map<number, number>();
    for (let k = n - 1; k >= 0; k--) {
      const key = this.key(k);
      if (key >= 0 && key < SMALL_KEYS) {
        this.next[k] = small[key];
        small[key] = k;
      } else {
        this.next[k] = last.get(key) ?? -1;
        last.set(key, k);
      }
    }
  }

  /** The key of statement `k` (as `keyOf` gives it; a column's is computed here). */
  key(k: number): number {
    const c = k - this.h;
    if (c < 0) return this.objectKeys[k];
    const t = this.tail as TraceBody;
    const kind = t.kinds[c];
    // As `keyOf` keys a top-level load (no terms) and a primitive.
    if (kind === LOAD) return 1 + 8 * t.c0[c];
    if (kind === PRIM) return 3 + 8 * t.c0[c];
    return this.objectKeys[this.h + t.c0[c]];
  }

  /** Where `id` is defined in this body, or -1 (before it, or outside it). */
  at(id: number): number {
    if (id < 0 || id >= this.ids) return -1;
    if (this.position !== undefined) return this.position[id];
    const k = this.tail === undefined ? -1 : this.tail.positionOf(id);
    return k >= 0 ? k + this.h : (this.headPosition.get(id) ?? -1);
  }

  /** `id`, or what it was renamed to. */
  renamed(id: number): number {
    return this.rename.size === 0 ? id : (this.rename.get(id) ?? id);
  }

  /** Statement `k`, reading the renamed values. */
  statement(k: number): Statement {
    const s = this.stream.statement(k);
    return this.rename.size === 0 ? s : renamed(s, (id) => this.rename.get(id) ?? id);
  }

  /** How many values statement `k` reads from outside itself. */
  readCount(k: number): number {
    const c = k - this.h;
    if (c >= 0) {
      const t = this.tail as TraceBody;
      if (t.kinds[c] === LOAD) return 0;
      if (t.kinds[c] === PRIM) return t.c2[c] < 0 ? 1 : 2;
    }
    return this.objectReads(k).length;
  }

  /** The `j`th value statement `k` reads from outside itself. */
  read(k: number, j: number): number {
    const c = k - this.h;
    const t = this.tail;
    const id =
      c >= 0 && t !== undefined && t.kinds[c] === PRIM
        ? j === 0
          ? t.c1[c]
          : t.c2[c]
        : this.objectReads(k)[j];
    return this.rename.size === 0 ? id : (this.rename.get(id) ?? id);
  }

  private objectReads(k: number): readonly number[] {
    return this.templates.get(k)?.external ?? operands(this.stream.statement(k));
  }

  /** How many index bases statement `k` has. */
  baseCount(k: number): number {
    const kind = this.stream.kind(k);
    if (kind !== OBJECT) return kind === LOAD ? 1 : 0;
    const t = this.templates.get(k);
    if (t !== undefined) return t.bases.length;
    const s = this.stream.statement(k);
    return s.op === 'load' || s.op === 'store' ? 1 : 0;
  }

  /** The `j`th index base of statement `k`, in order. */
  base(k: number, j: number): number {
    const kind = this.stream.kind(k);
    if (kind === LOAD) return (this.tail as TraceBody).c1[k - this.h];
    const t = this.templates.get(k);
    if (t !== undefined) return t.bases[j];
    const s = this.stream.statement(k) as Statement & { index: Affine };
    return s.index.base;
  }

  /** The buffer statement `k` loads from at the top level (an index moving with no loop), or -1. */
  loadBuffer(k: number): number {
    const kind = this.stream.kind(k);
    if (kind === LOAD) return (this.tail as TraceBody).c0[k - this.h];
    if (kind !== OBJECT) return -1;
    const s = this.stream.statement(k);
    return s.op === 'load' && s.index.terms.length === 0 ? s.buffer : -1;
  }
}

/** Keys below this (every load's and primitive's) find their next occurrence in a table. */
const SMALL_KEYS = 1 << 16;

/** A numeric key: equal keys for statements that differ only in what they read and where they index. */
function keyOf(
  s: Statement,
  intern: (text: string) => number,
  loop: (t: Template) => void,
): number {
  const terms = (a: Affine): number =>
    a.terms.length === 0 ? 0 : intern(a.terms.map(([l, st]) => `${l}*${st}`).join('+'));
  switch (s.op) {
    case 'const':
      return intern(`const:${s.value}`) * 8;
    case 'load':
      return 1 + 8 * (s.buffer + 2 ** 27 * terms(s.index));
    case 'store':
      return 2 + 8 * (s.buffer + 2 ** 27 * terms(s.index));
    case 'prim':
      return 3 + 8 * s.p.code;
    case 'rule':
      return 4 + 8 * s.rule;
    case 'cmp':
      return 5 + 8 * intern(comparisonKey(s));
    case 'select':
      return 6;
    case 'loop': {
      const t = template(s);
      loop(t);
      return 7 + 8 * intern(t.key);
    }
    case 'call':
      // Calls keep their pullbacks per call: they are never rolled into a loop.
      return -1 - uniqueCalls++;
  }
}

let uniqueCalls = 0;

/**
 * A comparison's key: a guard's outcome is part of it, but one that only feeds selects (an
 * `ifElse`) is valid either way, so iterations whose branches went differently still repeat.
 */
function comparisonKey(s: Statement & { op: 'cmp' }): string {
  return s.guard ? `${s.cmp}:guard:${s.expected}` : `${s.cmp}:select`;
}

/** Extends a run of period `period` from `start` as far as repetitions keep matching. */
function verify(view: Shapes, start: number, period: number): Run | undefined {
  const length = view.stream.length;
  const { tail } = view;
  const reads: number[][] = [];
  const strides: number[][] = [];
  let count = 1;
  for (let t = 1; start + (t + 1) * period <= length; t++) {
    const a0 = start + (t - 1) * period;
    const b0 = start + t * period;
    let ok = true;
    for (let q = 0; q < period && ok; q++) {
      const a = a0 + q;
      const b = b0 + q;
      const ca = a - view.h;
      if (tail !== undefined && ca >= 0 && tail.kinds[b - view.h] !== OBJECT) {
        ok = sameColumns(view, tail, ca, b - view.h, t, reads, strides, q, start, b0, a0, period);
        continue;
      }
      if (view.key(a) !== view.key(b)) {
        ok = false;
        break;
      }
      const nr = view.readCount(b);
      const nb = view.baseCount(b);
      if (view.readCount(a) !== nr || view.baseCount(a) !== nb) {
        ok = false;
        break;
      }
      if (t === 1) {
        reads[q] = new Array<number>(nr);
        strides[q] = new Array<number>(nb);
      }
      for (let k = 0; k < nr && ok; k++) {
        const code = classify(view, view.read(b, k), view.read(a, k), start, b0, a0, period);
        if (code < 0 || (t > 1 && code !== reads[q][k])) ok = false;
        else reads[q][k] = code;
      }
      for (let k = 0; k < nb && ok; k++) {
        const d = view.base(b, k) - view.base(a, k);
        if (t > 1 && d !== strides[q][k]) ok = false;
        else strides[q][k] = d;
      }
    }
    if (!ok) break;
    count = t + 1;
  }
  if (count < 2) return undefined;
  return { start, period, count, reads, strides };
}

/**
 * `verify`'s step for statements `ca` and `cb` of the columns (`cb` a load or a primitive), at
 * position `q` of repetition `t`: the same comparison as for objects, read from the columns.
 */
function sameColumns(
  view: Shapes,
  tail: TraceBody,
  ca: number,
  cb: number,
  t: number,
  reads: number[][],
  strides: number[][],
  q: number,
  start: number,
  b0: number,
  a0: number,
  period: number,
): boolean {
  const kind = tail.kinds[cb];
  if (tail.kinds[ca] !== kind || tail.c0[ca] !== tail.c0[cb]) return false;
  if (kind === LOAD) {
    const d = tail.c1[cb] - tail.c1[ca];
    if (t === 1) {
      reads[q] = [];
      strides[q] = [d];
      return true;
    }
    return d === strides[q][0];
  }
  const unary = tail.c2[cb] < 0;
  if (tail.c2[ca] < 0 !== unary) return false;
  if (t === 1) {
    reads[q] = new Array<number>(unary ? 1 : 2);
    strides[q] = [];
  }
  const first = classify(
    view,
    view.renamed(tail.c1[cb]),
    view.renamed(tail.c1[ca]),
    start,
    b0,
    a0,
    period,
  );
  if (first < 0 || (t > 1 && first !== reads[q][0])) return false;
  reads[q][0] = first;
  if (unary) return true;
  const second = classify(
    view,
    view.renamed(tail.c2[cb]),
    view.renamed(tail.c2[ca]),
    start,
    b0,
    a0,
    period,
  );
  if (second < 0 || (t > 1 && second !== reads[q][1])) return false;
  reads[q][1] = second;
  return true;
}

/**
 * How repetition B (from `b0`) reads `idB`, given that repetition A (from `a0`, the one before)
 * read `idA` at the same place, as a code: `4·offset` (from itself), `4·offset + 1` (from the
 * repetition before), `4·(id + 1) + 2` (the same value from before the run), or -1 (none of these:
 * no run). In the first comparison (A is the run's first repetition), A's read of a value from
 * before the run where B reads from A is a carried value that starts as that value.
 */
function classify(
  view: Shapes,
  idB: number,
  idA: number,
  start: number,
  b0: number,
  a0: number,
  period: number,
): number {
  const pb = view.at(idB);
  const pa = view.at(idA);
  if (pb >= b0) return pa >= 0 && pa - a0 === pb - b0 ? 4 * (pb - b0) + SAME : -1;
  if (pb >= a0) {
    const offset = pb - a0;
    if (pa < start) return 4 * offset + PREVIOUS;
    return pa - (a0 - period) === offset ? 4 * offset + PREVIOUS : -1;
  }
  // From before the run, the same value in every repetition (never two repetitions back).
  if (pb >= start) return -1;
  if (idA === idB) return 4 * (idB + 1) + OUTSIDE;
  // Elements of an array loaded before the run (a `number[]` input is loaded whole when it is
  // lifted) at indices that move by the same stride each repetition: loads inside the loop.
  const buffer = pa >= 0 && pb >= 0 ? view.loadBuffer(pa) : -1;
  if (buffer >= 0 && view.loadBuffer(pb) === buffer) {
    const stride = view.base(pb, 0) - view.base(pa, 0);
    if (Math.abs(stride) < STRIDE_BIAS) return 4 * (stride + STRIDE_BIAS) + LOADED;
  }
  return -1;
}

/** A rolled run and how later statements must read the values it made. */
interface Built {
  readonly loop: Loop;
  readonly renames: Map<number, number>;
}

function build(
  view: Shapes,
  run: Run,
  state: Counters,
  sinks: readonly number[],
): Built | undefined {
  const { start, period, count } = run;
  const end = start + count * period;
  const length = view.stream.length;
  const loop = state.loops++;
  const first = Array.from({ length: period }, (_, q) => view.statement(start + q));
  // Carried values: each statement of the first repetition read from the repetition before.
  const carriedBy = new Map<number, Carried>();
  const rolled: Statement[] = [];
  // Loads moved into the loop, by the element they start from and their stride: one element
  // may start two (`x[i]` and `x[2i]` both read `x[0]` first).
  const sunk = new Map<string, number>();
  const loads: Statement[] = [];
  for (let q = 0; q < period; q++) {
    const s = first[q];
    const external = Array.from({ length: view.readCount(start + q) }, (_, k) =>
      view.read(start + q, k),
    );
    // By operand position, not by id: one id read in two places may be read two ways (as the
    // start of a carried value in one, as the same outside value in every repetition in another).
    const replace: number[] = external.map(() => -1);
    for (let k = 0; k < external.length; k++) {
      const code = run.reads[q][k];
      if (code >= 0 && kindOf(code) === LOADED) {
        const before = view.statement(view.at(external[k])) as Statement & { op: 'load' };
        const stride = payload(code) - STRIDE_BIAS;
        const key = `${external[k]}:${stride}`;
        let id = sunk.get(key);
        if (id === undefined) {
          id = state.ids++;
          sunk.set(key, id);
          loads.push({
            op: 'load',
            id,
            buffer: before.buffer,
            index: { base: before.index.base, terms: stride === 0 ? [] : [[loop, stride]] },
          });
        }
        replace[k] = id;
        continue;
      }
      if (code < 0 || kindOf(code) !== PREVIOUS) continue;
      const offset = payload(code);
      let c = carriedBy.get(offset);
      if (c === undefined) {
        const next = defined(first[offset]);
        // A value of a nested loop (or of no single statement) has no one id to carry: unrolled.
        if (next < 0) return undefined;
        c = { phi: state.ids++, init: external[k], next, out: state.ids++ };
        carriedBy.set(offset, c);
      } else if (c.init !== external[k]) return undefined;
      replace[k] = c.phi;
    }
    const use = positionalRenaming(s, external, replace);
    if (use === undefined) return undefined;
    let i = 0;
    const stepped = withIndices(s, (index) => {
      const stride = run.strides[q][i++];
      return stride === 0
        ? index
        : { base: index.base, terms: [...index.terms, [loop, stride] as const] };
    });
    rolled.push(replace.every((r) => r < 0) ? stepped : renamed(stepped, use));
  }
  // Values of the last repetition read after the run come out of the loop as carried values.
  const lastStart = start + (count - 1) * period;
  const renames = new Map<number, number>();
  const outOf = (id: number): boolean => {
    const pos = view.at(id);
    if (pos < start || pos >= end) return true;
    if (pos < lastStart) return false;
    const offset = pos - lastStart;
    let c = carriedBy.get(offset);
    if (c === undefined) {
      const next = defined(first[offset]);
      // Read after the run but made by a nested loop (its carried outs): left unrolled.
      if (next < 0) return false;
      // Not read by the next repetition: carried only to come out at the end (no initial value).
      c = { phi: state.ids++, init: -1, next, out: state.ids++ };
      carriedBy.set(offset, c);
    }
    renames.set(id, c.out);
    return true;
  };
  for (let k = end; k < length; k++) {
    const reads = view.readCount(k);
    for (let j = 0; j < reads; j++) if (!outOf(view.read(k, j))) return undefined;
  }
  for (const id of sinks) if (!outOf(id)) return undefined;
  return {
    loop: {
      op: 'loop',
      loop,
      count,
      body: [...loads, ...rolled],
      carried: [...carriedBy.values()],
    },
    renames,
  };
}

/**
 * How the rolled statement reads the operands `external` that `replace` gives new ids to (-1:
 * kept), as `renamed` calls it. A nested loop's operands are renamed by id, since `renamed` gives
 * them no position: `undefined` (not rolled) when one id would need two names there.
 */
function positionalRenaming(
  s: Statement,
  external: readonly number[],
  replace: readonly number[],
): ((id: number, position: number) => number) | undefined {
  if (s.op !== 'loop') return (id, k) => (replace[k] >= 0 ? replace[k] : id);
  const byId = new Map<number, number>();
  for (let k = 0; k < external.length; k++) {
    const to = replace[k] >= 0 ? replace[k] : external[k];
    if ((byId.get(external[k]) ?? to) !== to) return undefined;
    byId.set(external[k], to);
  }
  return (id) => byId.get(id) ?? id;
}

/** A loop's shape (its key), the values it reads from outside, and its index bases. */
interface Template {
  readonly key: string;
  readonly external: readonly number[];
  readonly bases: readonly number[];
}

const templates = new WeakMap<Loop, Template>();

function template(s: Loop): Template {
  let t = templates.get(s);
  if (t === undefined) {
    const external: number[] = [];
    const bases: number[] = [];
    const key = shape(s, new Map(), [], external, bases);
    t = { key, external, bases };
    templates.set(s, t);
  }
  return t;
}

/**
 * The shape of `s`: operation, primitive, buffers, loop counts, and, inside a loop, which of the
 * loop's own values each operand is (by position). Values from outside, and index bases, are
 * collected in order instead: they are what differs between repetitions.
 */
function shape(
  s: Statement,
  local: Map<number, number>,
  counters: number[],
  external: number[],
  bases: number[],
): string {
  const ref = (id: number): string => {
    const k = local.get(id);
    if (k !== undefined) return `L${k}`;
    external.push(id);
    return 'E';
  };
  const index = (a: Affine): string => {
    bases.push(a.base);
    return a.terms
      .map(([l, st]) => (counters.includes(l) ? `c${counters.indexOf(l)}*${st}` : `o${l}*${st}`))
      .join('+');
  };
  const def = (id: number): void => void local.set(id, local.size);
  let out: string;
  switch (s.op) {
    case 'const':
      out = `const:${s.value}`;
      def(s.id);
      break;
    case 'load':
      out = `load:${s.buffer}:${index(s.index)}`;
      def(s.id);
      break;
    case 'prim':
      out = `prim:${s.p.name}(${s.args.map(ref).join(',')})`;
      def(s.id);
      break;
    case 'rule':
      out = `rule:${s.rule}(${s.args.map(ref).join(',')})`;
      def(s.id);
      break;
    case 'cmp':
      out = `cmp:${comparisonKey(s)}(${s.args.map(ref).join(',')})`;
      def(s.id);
      break;
    case 'select':
      out = `select(${[s.cond, ...s.args].map(ref).join(',')})`;
      def(s.id);
      break;
    case 'store':
      out = `store:${s.buffer}:${index(s.index)}(${ref(s.value)})`;
      break;
    case 'call':
      out = `call:${uniqueCalls++}`;
      break;
    case 'loop': {
      const inits = s.carried.map((c) => ref(c.init));
      counters.push(s.loop);
      for (const c of s.carried) def(c.phi);
      const inner = s.body.map((t) => shape(t, local, counters, external, bases));
      const nexts = s.carried.map((c) => ref(c.next));
      counters.pop();
      for (const c of s.carried) def(c.out);
      out = `loop:${s.count}[${inits.join(',')}|${nexts.join(',')}]{${inner.join(';')}}`;
      break;
    }
  }
  return out;
}

/** `s` with each index (in template order) replaced by `f(index)`. */
function withIndices(s: Statement, f: (index: Affine) => Affine): Statement {
  switch (s.op) {
    case 'load':
    case 'store':
      return { ...s, index: f(s.index) };
    case 'loop':
      return { ...s, body: s.body.map((t) => withIndices(t, f)) };
    default:
      return s;
  }
}
