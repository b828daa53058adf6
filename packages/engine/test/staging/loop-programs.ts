/**
 * Random *loop programs*, written as users write loops over scalars: `for` loops whose bodies
 * read `at(x, a·i + b)` (strides 0, 1, 2, -1, and in nested loops one per counter), carry one to
 * three scalars whose starts are inputs, constants or earlier values (two carried values may
 * start as the same value, and a start may also be read in the body), read values from before
 * the loop, and leave values read after it; loops in loops and loops in a row, trip counts
 * 2..12, bodies that run only on some repetitions (`if (i % 2 === 0)`, `if (i < n - 1)`), that
 * `break` early, `ifElse` selects (their condition inline or made earlier), JavaScript `if` on
 * comparisons (guards), and the counter used as a number. Inputs are a `Float64Array`, a
 * `number[]`, `{ a: number[], s: number }`, or one number. Every value assigned in a loop is
 * squashed (`tanh`, `sin`, `cos`), or a running sum of squashed terms, so values stay bounded and
 * comparisons meaningful. A program is decoded from a list of choices (as test/programs does), so
 * fast-check shrinks it by dropping and lowering choices; `show` prints it as code.
 */
import { primal, type Real, type RealArray } from '@pullback/rules-core';
import * as m from '@pullback/rules-core/math';
import { binaryFunctions, unaryFunctions } from '../programs/functions.js';
import { Chooser } from '../programs/input-shape.js';

export type InputKind = 'float64' | 'numbers' | 'struct' | 'scalar';
export type Comparison = 'gt' | 'lt' | 'ge' | 'le';
export type Squash = 'none' | 'tanh' | 'sin' | 'cos';
export type CounterTest = 'even' | 'notLast' | 'notFirst';
/** Reductions of a window of the input: fused loops, and a function with rules (a call). */
export type Reduction = 'sumSquares' | 'sumSin' | 'logsumexp';

/** A condition: a comparison made here, or a boolean made by an earlier `bool` statement. */
export type Cond =
  | { readonly k: 'cmp'; readonly cmp: Comparison; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'bool'; readonly b: number };

export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'var'; readonly v: number }
  /** `at(arr, j)`: arr is `x` or `x.a`. */
  | { readonly k: 'elem'; readonly j: number }
  /** `x` (a number input) or `x.s`. */
  | { readonly k: 'scalar' }
  /** `at(arr, base + Σ strides[d] · counter d)`. */
  | { readonly k: 'at'; readonly base: number; readonly strides: readonly number[] }
  /** `at(y, …)`, `y` being local storage (`similar(arr)`, written by `write`), indexed as `at`. */
  | { readonly k: 'stored'; readonly base: number; readonly strides: readonly number[] }
  /** `fn(slice(arr, start, start + width))` (a whole-array reduction) with `start` as `at`'s index. */
  | {
      readonly k: 'window';
      readonly fn: Reduction;
      readonly base: number;
      readonly strides: readonly number[];
      readonly width: number;
    }
  | { readonly k: 'counter'; readonly d: number }
  | { readonly k: 'un'; readonly fn: string; readonly a: Expr }
  | { readonly k: 'bin'; readonly fn: string; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'sel'; readonly c: Cond; readonly a: Expr; readonly b: Expr };

export type Stmt =
  /** `v = squash(e)`, or `v = add(v, squash(e))` when `acc`. */
  | {
      readonly k: 'set';
      readonly v: number;
      readonly e: Expr;
      readonly squash: Squash;
      readonly acc: boolean;
    }
  | { readonly k: 'bool'; readonly b: number; readonly c: Cond & { k: 'cmp' } }
  /** `for (let i = 0; i < n; i++)`, or `i < (outer counter) + plus` when `plus` is set (a triangle). */
  | {
      readonly k: 'for';
      readonly d: number;
      readonly n: number;
      readonly plus?: number;
      readonly body: readonly Stmt[];
    }
  | {
      readonly k: 'when';
      readonly d: number;
      readonly test: CounterTest;
      readonly body: readonly Stmt[];
    }
  | { readonly k: 'break'; readonly d: number; readonly at: number }
  /** `y = setAt(y, index, squash(e))`, the index as `at`'s. */
  | {
      readonly k: 'write';
      readonly base: number;
      readonly strides: readonly number[];
      readonly e: Expr;
      readonly squash: Squash;
    }
  | {
      readonly k: 'branch';
      readonly c: Cond;
      readonly then: readonly Stmt[];
      readonly else: readonly Stmt[];
    };

export interface LoopProgram {
  readonly input: InputKind;
  /** The array's length (0 for a number input). */
  readonly length: number;
  readonly body: readonly Stmt[];
  readonly outputs: readonly Expr[];
  /** True when `f` returns the outputs as an array, else the one output. */
  readonly array: boolean;
}

const UNARY = Object.keys(unaryFunctions);
const BINARY = Object.keys(binaryFunctions);
const COMPARISONS: readonly Comparison[] = ['gt', 'lt', 'ge', 'le'];
const NUMBERS = [0.5, -0.25, 1, 2, 0.1, -1.5, 0];
const STRIDES = [1, 0, 2, -1];
const MAX_DEPTH = 2;

interface Scope {
  /** Visible variables; the last `outer` of them were made before the innermost loop. */
  readonly vars: number[];
  /** Variables made before the innermost loop (what it can carry). */
  readonly outer: readonly number[];
  readonly bools: number[];
  /** Trip counts of the enclosing loops, outermost first. */
  readonly trips: readonly number[];
}

/** Decodes a loop program from choices (see the module comment). */
export function decodeLoopProgram(choices: readonly number[]): LoopProgram {
  const c = new Chooser(choices);
  const input = (['float64', 'numbers', 'struct', 'scalar'] as const)[c.int(4)];
  const length = input === 'scalar' ? 0 : 2 + c.int(15);
  const array = c.int(3) === 0;
  const d = new Decoder(c, input, length);
  const scope: Scope = { vars: [], outer: [], bools: [], trips: [] };
  const body: Stmt[] = [];
  for (let k = c.int(3); k > 0; k--) body.push(d.fresh(scope, d.expr(scope, 1), 'none'));
  if (c.int(3) === 0) body.push(d.bool(scope));
  for (let loops = 1 + c.int(2); loops > 0; loops--) {
    body.push(...d.loop(scope));
    if (c.int(3) === 0) body.push(d.fresh(scope, d.expr(scope, 1), 'none'));
  }
  const outputs: Expr[] = [];
  const count = array ? 2 + c.int(3) : 1;
  for (let k = 0; k < count; k++) {
    // Each output reads the latest values (the loops' carried values) and one more expression.
    const last = scope.vars[scope.vars.length - 1 - (k % scope.vars.length)];
    outputs.push({
      k: 'bin',
      fn: c.pick(['add', 'mul', 'sub']),
      a: { k: 'var', v: last },
      // Or an element of the local storage, as the loops left it.
      b:
        input !== 'scalar' && c.int(3) === 0
          ? { k: 'stored', base: c.int(length), strides: [] }
          : d.expr(scope, 1),
    });
  }
  return { input, length, body, outputs, array };
}

class Decoder {
  private vars = 0;
  private bools = 0;
  constructor(
    private readonly c: Chooser,
    private readonly input: InputKind,
    private readonly length: number,
  ) {}

  /** A new variable `v = squash(e)`, made visible in `scope`. */
  fresh(scope: Scope, e: Expr, squash: Squash): Stmt {
    const v = this.vars++;
    scope.vars.push(v);
    return { k: 'set', v, e, squash, acc: false };
  }

  /** One to three carried values' starts, then a loop that updates them. */
  loop(scope: Scope): Stmt[] {
    const { c } = this;
    const out: Stmt[] = [];
    const starts: Expr[] = [];
    for (let k = 1 + c.int(3); k > 0; k--) {
      const kind = c.int(5);
      // The same start as the carried value before (one id, two carried values), an earlier
      // value (also read in the body, often), an input, or a constant.
      const e: Expr =
        kind === 1 && starts.length > 0
          ? starts[starts.length - 1]
          : kind === 2 && scope.vars.length > 0
            ? { k: 'var', v: c.pick(scope.vars) }
            : kind === 3
              ? { k: 'num', v: c.pick(NUMBERS) }
              : this.input === 'scalar' || c.int(2) === 0
                ? this.inputScalar()
                : { k: 'elem', j: c.int(this.length) };
      starts.push(e);
      out.push(this.fresh(scope, e, 'none'));
    }
    const carried = scope.vars.slice(-starts.length);
    const loop = this.forLoop(scope, carried);
    out.push(loop);
    // The same loop again (as often written: a second sweep), as long or shorter.
    if (loop.k === 'for' && c.int(4) === 0) out.push({ ...loop, n: 2 + c.int(loop.n - 1) });
    return out;
  }

  /** `for (let i = 0; i < n; i++) { … }` at depth `scope.trips.length`, updating `carried`. */
  private forLoop(scope: Scope, carried: readonly number[]): Stmt {
    const { c } = this;
    const d = scope.trips.length;
    // A nested loop may run to the outer counter plus 1..4 (a triangle); `n` is then its longest.
    const plus = d > 0 && c.int(4) === 0 ? 1 + c.int(4) : undefined;
    const n = plus === undefined ? 2 + c.int(11) : scope.trips[d - 1] - 1 + plus;
    const inner: Scope = {
      vars: [...scope.vars],
      outer: [...scope.vars],
      bools: [...scope.bools],
      trips: [...scope.trips, n],
    };
    const body = this.body(inner, 1 + c.int(4), true);
    // Every loop updates what it carries (each value assigned at least once, in order).
    for (const v of carried) if (!assigns(body, v)) body.push(this.assign(inner, v));
    return { k: 'for', d, n, plus, body };
  }

  private body(scope: Scope, count: number, top: boolean): Stmt[] {
    const { c } = this;
    const d = scope.trips.length - 1;
    const n = scope.trips[d];
    const out: Stmt[] = [];
    let broke = false;
    for (let k = 0; k < count; k++) {
      const kind = c.int(12);
      if (kind <= 3) out.push(this.assign(scope, c.pick(scope.outer)));
      else if (kind === 5)
        out.push(this.fresh(scope, this.expr(scope, 1), c.pick(['none', 'tanh'])));
      else if ((kind === 4 || kind === 6) && top && scope.trips.length < MAX_DEPTH) {
        // A nested loop carries some of the values visible here (the outer loop's, or new ones).
        const carried = [c.pick(scope.vars)];
        if (c.int(2) === 0) {
          out.push(this.fresh(scope, this.leaf(scope), 'none'));
          carried.push(scope.vars[scope.vars.length - 1]);
        }
        out.push(this.forLoop(scope, carried));
      } else if (kind === 7 && top) {
        const test = c.pick(['even', 'notLast', 'notFirst'] as const);
        const body = this.body(
          { ...scope, vars: [...scope.vars], bools: [...scope.bools] },
          1 + c.int(2),
          false,
        );
        out.push({ k: 'when', d, test, body });
      } else if (kind === 8 && top && !broke) {
        broke = true;
        out.push({ k: 'break', d, at: 1 + c.int(n - 1) });
      } else if (kind === 9) out.push(this.bool(scope));
      else if (kind === 11 && this.input !== 'scalar' && c.int(2) === 0) {
        const at = this.affine(scope, 1);
        const e = this.expr(scope, 0);
        const squash = c.pick(['tanh', 'sin', 'cos'] as const);
        if (at.k === 'at') out.push({ k: 'write', base: at.base, strides: at.strides, e, squash });
      } else if (kind === 11) {
        // A plain copy: no operation is traced, the carried value is another value's id.
        out.push({
          k: 'set',
          v: c.pick(scope.outer),
          e: { k: 'var', v: c.pick(scope.vars) },
          squash: 'none',
          acc: false,
        });
      } else if (kind === 10 && top) {
        const branch = (): Stmt[] =>
          this.body({ ...scope, vars: [...scope.vars], bools: [...scope.bools] }, 1, false);
        out.push({ k: 'branch', c: this.cond(scope), then: branch(), else: branch() });
      } else out.push(this.assign(scope, c.pick(scope.outer)));
    }
    return out;
  }

  /** `const b = cmp(l, r)`, made visible in `scope`. */
  bool(scope: Scope): Stmt {
    const b = this.bools++;
    scope.bools.push(b);
    return { k: 'bool', b, c: this.comparison(scope) };
  }

  /** An update of `v` inside a loop: squashed, or a running sum of squashed terms. */
  private assign(scope: Scope, v: number): Stmt {
    const { c } = this;
    const e = this.expr(scope, 0);
    const acc = c.int(3) === 0;
    // A sum of terms that read no variable (inputs and constants only) stays bounded unsquashed.
    const squash =
      acc && !readsVar(e) && c.int(2) === 0 ? 'none' : c.pick(['tanh', 'sin', 'cos'] as const);
    return { k: 'set', v, e, squash, acc };
  }

  expr(scope: Scope, depth: number): Expr {
    const { c } = this;
    const r = c.int(depth >= 2 ? 4 : 9);
    if (r <= 3) return this.leaf(scope);
    if (r <= 5) return { k: 'un', fn: c.pick(UNARY), a: this.expr(scope, depth + 1) };
    if (r <= 7)
      return {
        k: 'bin',
        fn: c.pick(BINARY),
        a: this.expr(scope, depth + 1),
        b: this.expr(scope, depth + 1),
      };
    return {
      k: 'sel',
      c: this.cond(scope),
      a: this.expr(scope, depth + 1),
      b: this.expr(scope, depth + 1),
    };
  }

  leaf(scope: Scope): Expr {
    const { c } = this;
    const inLoop = scope.trips.length > 0;
    const r = c.int(9);
    if (r <= 2 && scope.vars.length > 0) {
      // Mostly what the loop carries or read from before it.
      const from = c.int(2) === 0 && scope.outer.length > 0 ? scope.outer : scope.vars;
      return { k: 'var', v: c.pick(from) };
    }
    if (r <= 5 && inLoop && this.input !== 'scalar') {
      const choice = c.int(8);
      if (choice === 7) {
        const at = this.affine(scope, 1);
        return at.k === 'at' ? { k: 'stored', base: at.base, strides: at.strides } : at;
      }
      if (choice > 1) return this.affine(scope, 1);
      const width = 1 + c.int(3);
      const at = this.affine(scope, width);
      if (at.k !== 'at') return at;
      const fn = c.pick(['sumSquares', 'sumSin', 'logsumexp'] as const);
      return { k: 'window', fn, base: at.base, strides: at.strides, width };
    }
    if (r === 6) return { k: 'num', v: c.pick(NUMBERS) };
    if (r === 7 && inLoop && c.int(2) === 0) return { k: 'counter', d: c.int(scope.trips.length) };
    return this.input === 'scalar' || c.int(2) === 0
      ? this.inputScalar()
      : { k: 'elem', j: c.int(this.length) };
  }

  private inputScalar(): Expr {
    return this.input === 'scalar' || this.input === 'struct'
      ? { k: 'scalar' }
      : { k: 'elem', j: 0 };
  }

  /** `at(arr, base + Σ stride·i)` inside the array for every counter value; strides dropped until one fits. */
  private affine(scope: Scope, width: number): Expr {
    const { c } = this;
    let strides = scope.trips.map(() => c.pick(STRIDES));
    for (let attempt = 0; attempt < 3; attempt++) {
      let lo = 0;
      let hi = 0;
      strides.forEach((s, d) => {
        lo += Math.min(0, s * (scope.trips[d] - 1));
        hi += Math.max(0, s * (scope.trips[d] - 1));
      });
      const room = this.length - width - hi + lo;
      if (room >= 0) return { k: 'at', base: -lo + c.int(room + 1), strides };
      // Keep only the innermost counter's stride, then none.
      strides = strides.map((s, d) => (attempt === 0 && d === strides.length - 1 ? s : 0));
    }
    return { k: 'elem', j: c.int(this.length) };
  }

  private cond(scope: Scope): Cond {
    if (scope.bools.length > 0 && this.c.int(2) === 0)
      return { k: 'bool', b: this.c.pick(scope.bools) };
    return this.comparison(scope);
  }

  private comparison(scope: Scope): Cond & { k: 'cmp' } {
    return { k: 'cmp', cmp: this.c.pick(COMPARISONS), l: this.leaf(scope), r: this.leaf(scope) };
  }
}

function assigns(body: readonly Stmt[], v: number): boolean {
  return body.some((s) => s.k === 'set' && s.v === v && !s.acc);
}

function readsVar(e: Expr): boolean {
  switch (e.k) {
    case 'var':
      return true;
    case 'un':
      return readsVar(e.a);
    case 'bin':
      return readsVar(e.a) || readsVar(e.b);
    case 'sel':
      return (
        (e.c.k === 'cmp' && (readsVar(e.c.l) || readsVar(e.c.r))) || readsVar(e.a) || readsVar(e.b)
      );
    default:
      return false;
  }
}

/** The smallest `|l − r|` of the comparisons a run made (a branch there is decided by rounding). */
export class Margin {
  smallest = Infinity;
}

/** The program as a function of `x`; `margin` collects how close its comparisons came to ties. */
export function loopFunction(p: LoopProgram, margin?: Margin): (x: unknown) => unknown {
  return (x) => {
    const arr = (p.input === 'struct' ? (x as { a: RealArray }).a : x) as RealArray;
    const scalar = (p.input === 'struct' ? (x as { s: Real }).s : x) as Real;
    const vars: Real[] = [];
    let y: RealArray = p.input === 'scalar' ? [] : m.similar(arr);
    const bools: boolean[] = [];
    const counters: number[] = [];
    const trips: number[] = [];
    const test = (c: Cond): boolean => {
      if (c.k === 'bool') return bools[c.b];
      const l = value(c.l);
      const r = value(c.r);
      if (margin !== undefined)
        margin.smallest = Math.min(
          margin.smallest,
          Math.abs((primal(l) as number) - (primal(r) as number)),
        );
      return m[c.cmp](l, r);
    };
    const index = (e: { base: number; strides: readonly number[] }): number =>
      e.strides.reduce((i, s, d) => i + s * counters[d], e.base);
    const value = (e: Expr): Real => {
      switch (e.k) {
        case 'num':
          return e.v;
        case 'var':
          return vars[e.v];
        case 'elem':
          return m.at(arr, e.j);
        case 'scalar':
          return scalar;
        case 'at':
          return m.at(arr, index(e));
        case 'stored':
          return m.at(y, index(e));
        case 'window': {
          const w = m.slice(arr, index(e), index(e) + e.width);
          return e.fn === 'sumSquares'
            ? m.sum(m.square(w))
            : e.fn === 'sumSin'
              ? m.sum(m.sin(w))
              : m.logsumexp(w);
        }
        case 'counter':
          return counters[e.d];
        case 'un':
          return unaryFunctions[e.fn](value(e.a)) as Real;
        case 'bin':
          return binaryFunctions[e.fn](value(e.a), value(e.b)) as Real;
        case 'sel': {
          // As written: the condition first, then both sides.
          const cond = test(e.c);
          return m.ifElse(cond, value(e.a), value(e.b));
        }
      }
    };
    const squash = (s: Squash, a: Real): Real => (s === 'none' ? a : m[s](a));
    /** Runs `body`; true when it broke out of the innermost loop. */
    const run = (body: readonly Stmt[]): boolean => {
      for (const s of body) {
        switch (s.k) {
          case 'set': {
            const y = squash(s.squash, value(s.e));
            vars[s.v] = s.acc ? m.add(vars[s.v], y) : y;
            break;
          }
          case 'bool':
            bools[s.b] = test(s.c);
            break;
          case 'for':
            trips[s.d] = s.plus === undefined ? s.n : counters[s.d - 1] + s.plus;
            for (let i = 0; i < trips[s.d]; i++) {
              counters[s.d] = i;
              if (run(s.body)) break;
            }
            counters.length = s.d;
            break;
          case 'when':
            if (holds(s.test, counters[s.d], trips[s.d]) && run(s.body)) return true;
            break;
          case 'break':
            if (counters[s.d] === s.at) return true;
            break;
          case 'write':
            y = m.setAt(y, index(s), squash(s.squash, value(s.e)));
            break;
          case 'branch':
            if (run(test(s.c) ? s.then : s.else)) return true;
            break;
        }
      }
      return false;
    };
    run(p.body);
    return p.array ? p.outputs.map(value) : value(p.outputs[0]);
  };
}

function holds(test: CounterTest, i: number, n: number): boolean {
  return test === 'even' ? i % 2 === 0 : test === 'notLast' ? i < n - 1 : i > 0;
}

/** The program as TypeScript-like source, for counterexamples. */
export function show(p: LoopProgram): string {
  const counter = (d: number): string => 'ijk'[d];
  const arr = p.input === 'struct' ? 'x.a' : 'x';
  const cond = (c: Cond): string =>
    c.k === 'bool' ? `b${c.b}` : `${c.cmp}(${expr(c.l)}, ${expr(c.r)})`;
  const index = (e: { base: number; strides: readonly number[] }): string => {
    const terms = e.strides.flatMap((s, d) =>
      s === 0 ? [] : [`${s === 1 ? '' : s === -1 ? '-' : `${s}*`}${counter(d)}`],
    );
    return [String(e.base), ...terms].join(' + ').replaceAll('+ -', '- ');
  };
  const expr = (e: Expr): string => {
    switch (e.k) {
      case 'num':
        return String(e.v);
      case 'var':
        return `v${e.v}`;
      case 'elem':
        return `at(${arr}, ${e.j})`;
      case 'scalar':
        return p.input === 'struct' ? 'x.s' : 'x';
      case 'at':
        return `at(${arr}, ${index(e)})`;
      case 'stored':
        return `at(y, ${index(e)})`;
      case 'window':
        return `${e.fn}(slice(${arr}, ${index(e)}, ${index(e)} + ${e.width}))`;
      case 'counter':
        return counter(e.d);
      case 'un':
        return `${e.fn}(${expr(e.a)})`;
      case 'bin':
        return `${e.fn}(${expr(e.a)}, ${expr(e.b)})`;
      case 'sel':
        return `ifElse(${cond(e.c)}, ${expr(e.a)}, ${expr(e.b)})`;
    }
  };
  const lines: string[] = [];
  const bounds: string[] = [];
  const block = (body: readonly Stmt[], pad: string): void => {
    for (const s of body) {
      switch (s.k) {
        case 'set': {
          const y = s.squash === 'none' ? expr(s.e) : `${s.squash}(${expr(s.e)})`;
          lines.push(`${pad}v${s.v} = ${s.acc ? `add(v${s.v}, ${y})` : y};`);
          break;
        }
        case 'bool':
          lines.push(`${pad}const b${s.b} = ${cond(s.c)};`);
          break;
        case 'for': {
          const i = counter(s.d);
          bounds[s.d] = s.plus === undefined ? String(s.n) : `${counter(s.d - 1)} + ${s.plus}`;
          lines.push(`${pad}for (let ${i} = 0; ${i} < ${bounds[s.d]}; ${i}++) {`);
          block(s.body, pad + '  ');
          lines.push(`${pad}}`);
          break;
        }
        case 'when': {
          const i = counter(s.d);
          const t =
            s.test === 'even'
              ? `${i} % 2 === 0`
              : s.test === 'notLast'
                ? `${i} < ${bounds[s.d]} - 1`
                : `${i} > 0`;
          lines.push(`${pad}if (${t}) {`);
          block(s.body, pad + '  ');
          lines.push(`${pad}}`);
          break;
        }
        case 'break':
          lines.push(`${pad}if (${counter(s.d)} === ${s.at}) break;`);
          break;
        case 'write':
          lines.push(`${pad}y = setAt(y, ${index(s)}, ${s.squash}(${expr(s.e)}));`);
          break;
        case 'branch':
          lines.push(`${pad}if (${cond(s.c)}) {`);
          block(s.then, pad + '  ');
          lines.push(`${pad}} else {`);
          block(s.else, pad + '  ');
          lines.push(`${pad}}`);
          break;
      }
    }
  };
  block(p.body, '  ');
  const type = {
    float64: 'Float64Array',
    numbers: 'number[]',
    struct: '{ a: number[]; s: number }',
    scalar: 'number',
  }[p.input];
  const out = p.array ? `[${p.outputs.map(expr).join(', ')}]` : expr(p.outputs[0]);
  const storage = p.input === 'scalar' ? [] : [`  let y = similar(${arr});`];
  return [
    `(x: ${type} /* length ${p.length} */) => {`,
    ...storage,
    ...lines,
    `  return ${out};`,
    '}',
  ].join('\n');
}

/** An input of the program's kind from `values` (entries in [-1.5, 1.5]). */
export function inputOf(p: LoopProgram, values: readonly number[]): unknown {
  const a = values.slice(0, p.length);
  switch (p.input) {
    case 'float64':
      return Float64Array.from(a);
    case 'numbers':
      return a;
    case 'struct':
      return { a, s: values[p.length] };
    case 'scalar':
      return values[0];
  }
}

/** What a program uses, by name (for the coverage report of reroll-fuzz.test.ts). */
export function features(p: LoopProgram): Set<string> {
  const out = new Set<string>([`input ${p.input}`, p.array ? 'array output' : 'scalar output']);
  const cond = (c: Cond): void => {
    if (c.k === 'bool') out.add('ifElse on a boolean made earlier');
    else [c.l, c.r].forEach(expr);
  };
  const expr = (e: Expr): void => {
    switch (e.k) {
      case 'at':
        out.add(`at stride ${e.strides.join(',')}`);
        break;
      case 'window':
        out.add(`window ${e.fn}`);
        break;
      case 'stored':
        out.add('read of local storage');
        break;
      case 'counter':
        out.add('counter as a number');
        break;
      case 'un':
        expr(e.a);
        break;
      case 'bin':
        expr(e.a);
        expr(e.b);
        break;
      case 'sel':
        out.add('ifElse');
        cond(e.c);
        expr(e.a);
        expr(e.b);
        break;
      default:
    }
  };
  const block = (body: readonly Stmt[], loops: number): void => {
    if (body.filter((s) => s.k === 'for').length > 1) out.add('loops in a row');
    for (const s of body) {
      switch (s.k) {
        case 'set':
          if (loops > 0 && s.squash === 'none' && s.e.k === 'var') out.add('plain copy in a loop');
          expr(s.e);
          break;
        case 'bool':
          out.add('boolean statement');
          cond(s.c);
          break;
        case 'for':
          out.add(loops > 0 ? (s.plus === undefined ? 'nested loop' : 'triangular loop') : 'loop');
          block(s.body, loops + 1);
          break;
        case 'when':
          out.add(`if (${s.test})`);
          block(s.body, loops);
          break;
        case 'break':
          out.add('break');
          break;
        case 'write':
          out.add('setAt into local storage');
          expr(s.e);
          break;
        case 'branch':
          out.add('JavaScript if on values (guard)');
          cond(s.c);
          block(s.then, loops);
          block(s.else, loops);
          break;
      }
    }
  };
  block(p.body, 0);
  return out;
}
