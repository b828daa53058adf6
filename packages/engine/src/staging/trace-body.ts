import { PRIMITIVES, type Primitive } from '../primitives/primitives.js';
import { defined, type Statement } from './program.js';

/**
 * The top level of a trace as it is recorded: a traced scalar loop is a million statements,
 * nearly all top-level loads and primitives, and as objects they would cost more to allocate and
 * collect than tracing itself. Those two kinds are kept in typed columns instead; the rest
 * (rarer, and of many shapes) as statement objects. The re-roller reads the columns directly, so
 * the repetitions a loop replaces are never made into objects at all.
 */

/** A statement kept as an object (`objects[c0]`). */
export const OBJECT = 0;
/** `load` at the top level: buffer `c0`, index `c1`. */
export const LOAD = 1;
/** `prim`: primitive code `c0`, operands `c1` and `c2` (-1 for a unary one). */
export const PRIM = 2;

/** The terms of a top-level index (it moves with no loop), shared: nothing writes an index. */
export const NO_TERMS: readonly (readonly [number, number])[] = Object.freeze([]);

/**
 * Columns grow by this factor: a fresh page costs more here than the copy, and capacity never
 * written is never touched (no column is filled in advance).
 */
const GROWTH = 4;

/** Statements appended one by one, in columns; see above. */
export class TraceBody {
  length = 0;
  kinds = new Uint8Array(1024);
  /** The id each statement defines, or -1. */
  ids = new Int32Array(1024);
  c0 = new Int32Array(1024);
  c1 = new Int32Array(1024);
  c2 = new Int32Array(1024);
  /** By id: 1 + the position of the statement defining it (a loop for its carried outs), 0 for none. */
  private where = new Int32Array(1024);
  private readonly objects: Statement[] = [];

  pushLoad(id: number, buffer: number, index: number): void {
    const k = this.slot(id);
    this.kinds[k] = LOAD;
    this.c0[k] = buffer;
    this.c1[k] = index;
  }

  pushPrim(id: number, p: Primitive, a: number, b: number): void {
    const k = this.slot(id);
    this.kinds[k] = PRIM;
    this.c0[k] = p.code;
    this.c1[k] = a;
    this.c2[k] = b;
  }

  push(s: Statement): void {
    const k = this.slot(defined(s));
    this.kinds[k] = OBJECT;
    this.c0[k] = this.objects.push(s) - 1;
    if (s.op === 'loop') for (const c of s.carried) this.place(c.out, k);
  }

  /** Where `id` is defined, or -1 (a constant, inside a loop, or not yet). */
  positionOf(id: number): number {
    return id >= 0 && id < this.where.length ? this.where[id] - 1 : -1;
  }

  /** How many statements are kept as objects. */
  get objectCount(): number {
    return this.objects.length;
  }

  /** Statement `k` as an object (made now for a column). */
  statement(k: number): Statement {
    switch (this.kinds[k]) {
      case LOAD:
        return {
          op: 'load',
          id: this.ids[k],
          buffer: this.c0[k],
          index: { base: this.c1[k], terms: NO_TERMS },
        };
      case PRIM: {
        const b = this.c2[k];
        return {
          op: 'prim',
          id: this.ids[k],
          p: PRIMITIVES[this.c0[k]],
          args: b < 0 ? [this.c1[k]] : [this.c1[k], b],
        };
      }
      default:
        return this.objects[this.c0[k]];
    }
  }

  /** Replaces statement `k`, which is kept as an object (a comparison losing its guard). */
  replace(k: number, s: Statement): void {
    if (this.kinds[k] === OBJECT) this.objects[this.c0[k]] = s;
  }

  /** The position of a new statement defining `id` (-1 for none). */
  private slot(id: number): number {
    const k = this.length++;
    if (k === this.kinds.length) {
      const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(GROWTH * a.length);
        b.set(a);
        return b;
      };
      this.kinds = grow(this.kinds, (n) => new Uint8Array(n));
      this.ids = grow(this.ids, (n) => new Int32Array(n));
      this.c0 = grow(this.c0, (n) => new Int32Array(n));
      this.c1 = grow(this.c1, (n) => new Int32Array(n));
      this.c2 = grow(this.c2, (n) => new Int32Array(n));
    }
    this.ids[k] = id;
    this.place(id, k);
    return k;
  }

  private place(id: number, k: number): void {
    if (id < 0) return;
    if (id >= this.where.length) {
      const grown = new Int32Array(Math.max(GROWTH * this.where.length, id + 1));
      grown.set(this.where);
      this.where = grown;
    }
    this.where[id] = k + 1;
  }
}

/**
 * A body to search for repetitions: `head` (objects) then `tail` (columns), by position. A plain
 * list of statements is all head.
 */
export class StatementStream {
  readonly length: number;
  constructor(
    readonly head: readonly Statement[],
    readonly tail: TraceBody | undefined = undefined,
  ) {
    this.length = head.length + (tail?.length ?? 0);
  }

  /** The column kind of statement `k` (`OBJECT` for every statement of the head). */
  kind(k: number): number {
    const t = k - this.head.length;
    return t < 0 ? OBJECT : (this.tail as TraceBody).kinds[t];
  }

  /** Statement `k` as an object. */
  statement(k: number): Statement {
    const t = k - this.head.length;
    return t < 0 ? this.head[k] : (this.tail as TraceBody).statement(t);
  }

  /** Every statement, as objects. */
  toArray(): Statement[] {
    const out = this.head.slice();
    for (let k = this.head.length; k < this.length; k++) out.push(this.statement(k));
    return out;
  }
}
