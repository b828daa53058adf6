import type { Call, Program, Statement } from './program.js';
import { computes, type TangentValues } from './tangent-values.js';
import {
  bufferName,
  comparisonOperator,
  counter,
  indexOf,
  primValue,
  value,
  type Lines,
} from './source.js';

/** What a forward emission writes besides the values. */
export interface ForwardOptions {
  /** Statements to emit (by identity); all when absent. */
  readonly only?: ReadonlySet<Statement>;
  /**
   * The values to compute, when not all are (a forward kernel returning only tangents): a
   * statement whose value is not among them writes only what `after` adds, and a loop carries
   * only these.
   */
  readonly values?: TangentValues;
  /** Loops whose carried values listed here are stored per iteration (`tape(phi)` names the array). */
  readonly tape?: ReadonlyMap<number, readonly number[]>;
  readonly tapeName?: (phi: number) => string;
  /** Called after each statement that defines an id (forward mode adds its tangents here). */
  readonly after?: (s: Statement, out: Lines) => void;
  /** Called at the start of a loop iteration, after its carried values are read. */
  readonly iteration?: (loop: Statement & { op: 'loop' }, out: Lines) => void;
  /** Called where a loop's carried values move to the next iteration. */
  readonly carry?: (loop: Statement & { op: 'loop' }, out: Lines) => void;
  /** Writes a rule call (every generator calls rules its own way). */
  readonly call?: (s: Call, out: Lines) => void;
  /** Whether a failing guard returns `false` (default true; recomputations have checked them). */
  readonly guards?: boolean;
  /** Called before a loop starts (forward mode declares carried tangents here). */
  readonly beforeLoop?: (loop: Statement & { op: 'loop' }, out: Lines) => void;
  /** Called after a loop ends. */
  readonly afterLoop?: (loop: Statement & { op: 'loop' }, out: Lines) => void;
}

/** The constants' positions in the `K` table, in the order the program defines them. */
export function constantTable(p: Program): {
  readonly index: Map<number, number>;
  readonly values: Float64Array;
} {
  const index = new Map<number, number>();
  const values: number[] = [];
  for (const s of p.body) {
    if (s.op === 'const') {
      index.set(s.id, values.length);
      values.push(s.value);
    }
  }
  return { index, values: Float64Array.from(values) };
}

/** Whether an id holds a constant of the table with a finite value. */
export function finiteConstantOf(table: {
  readonly index: ReadonlyMap<number, number>;
  readonly values: Float64Array;
}): (id: number) => boolean {
  return (id) => {
    const c = table.index.get(id);
    return c !== undefined && Number.isFinite(table.values[c]);
  };
}

/** Emits `body` computing values in program order. */
export function emitForward(
  p: Program,
  constants: ReadonlyMap<number, number>,
  body: readonly Statement[],
  out: Lines,
  options: ForwardOptions = {},
): void {
  for (const s of body) {
    if (options.only !== undefined && !options.only.has(s)) continue;
    if (options.values !== undefined && !computes(options.values, s)) {
      options.after?.(s, out);
      continue;
    }
    switch (s.op) {
      case 'const':
        out.push(`const ${value(s.id)} = K[${constants.get(s.id)}];`);
        break;
      case 'load':
        out.push(`const ${value(s.id)} = ${buffer(p, s.buffer)}[${indexOf(s.index)}];`);
        break;
      case 'prim':
        out.push(`const ${value(s.id)} = ${primValue(s.p, s.args)};`);
        break;
      case 'rule':
        out.push(`const ${value(s.id)} = R[${s.rule}].body(${s.args.map(value).join(', ')});`);
        break;
      case 'cmp':
        out.push(
          `const ${value(s.id)} = ${value(s.args[0])} ${comparisonOperator[s.cmp]} ${value(s.args[1])};`,
        );
        // The program was traced down one side of this branch: on the other, it is not valid.
        if (s.guard && options.guards !== false)
          out.push(`if (${value(s.id)} !== ${s.expected}) return false;`);
        break;
      case 'select':
        out.push(
          `const ${value(s.id)} = ${value(s.cond)} ? ${value(s.args[0])} : ${value(s.args[1])};`,
        );
        break;
      case 'store':
        out.push(`${buffer(p, s.buffer)}[${indexOf(s.index)}] = ${value(s.value)};`);
        break;
      case 'loop':
        emitLoop(p, constants, s, out, options);
        break;
      case 'call':
        if (options.call === undefined) throw new Error('a program with calls needs a call writer');
        options.call(s, out);
        break;
    }
    options.after?.(s, out);
  }
}

function emitLoop(
  p: Program,
  constants: ReadonlyMap<number, number>,
  s: Statement & { op: 'loop' },
  out: Lines,
  options: ForwardOptions,
): void {
  const values = options.values;
  const carried =
    values === undefined ? s : { carried: s.carried.filter((c) => values.ids.has(c.phi)) };
  for (const c of carried.carried)
    out.push(`let ${value(c.phi)} = ${c.init < 0 ? '0' : value(c.init)};`);
  options.beforeLoop?.(s, out);
  const i = counter(s.loop);
  out.open(`for (let ${i} = 0; ${i} < ${s.count}; ${i}++) {`);
  for (const phi of options.tape?.get(s.loop) ?? [])
    out.push(`${options.tapeName?.(phi)}[${i}] = ${value(phi)};`);
  options.iteration?.(s, out);
  emitForward(p, constants, s.body, out, { ...options, only: undefined });
  carryOver(
    carried,
    out,
    (c) => value(c.phi),
    (c) => value(c.next),
  );
  options.carry?.(s, out);
  out.close();
  for (const c of carried.carried) out.push(`const ${value(c.out)} = ${value(c.phi)};`);
  options.afterLoop?.(s, out);
}

/**
 * Moves carried values to the next iteration. With several, through temporaries: one value's
 * next may be another's current value (`[a, b] = [b, a + b]`).
 */
export function carryOver<C>(
  s: { readonly carried: readonly C[] },
  out: Lines,
  target: (c: C) => string,
  source: (c: C) => string,
  temporary = 'n',
): void {
  if (s.carried.length === 1) {
    const c = s.carried[0];
    if (target(c) !== source(c)) out.push(`${target(c)} = ${source(c)};`);
    return;
  }
  s.carried.forEach((c, k) => out.push(`const ${temporary}${k} = ${source(c)};`));
  s.carried.forEach((c, k) => out.push(`${target(c)} = ${temporary}${k};`));
}

/** The variable of buffer `b`. */
export function buffer(p: Program, b: number): string {
  return bufferName(p.buffers[b].kind, b);
}
