import type { Primitive } from '../primitives/primitives.js';
import {
  usedBuffers,
  type Affine,
  type BufferKind,
  type Comparison,
  type Program,
} from './program.js';

/**
 * Names and expressions of generated code. Everything in the source comes from the program:
 * ids, loop numbers, buffer numbers and the primitives' own expressions. Numbers the user's
 * code produced (constants, captured arrays) reach the code through tables passed in, never as
 * text.
 */

/** The variable holding the value of `id`. */
export const value = (id: number): string => `v${id}`;
/** The variable holding the adjoint of `id`. */
export const adjoint = (id: number): string => `g${id}`;
/** The variable holding the tangent of `id` in lane `l` (forward mode). */
export const tangent = (id: number, lane = 0): string => `t${id}_${lane}`;
/** The counter of loop `loop`. */
export const counter = (loop: number): string => `i${loop}`;

/** The variable holding buffer `b`, by kind. */
export function bufferName(kind: BufferKind, b: number): string {
  return kind === 'input' ? 'X' : kind === 'param' ? 'P' : `B${b}`;
}

/** The variable holding the adjoint (`G`) or tangent buffer of buffer `b`. */
export function bufferAdjoint(kind: BufferKind, b: number): string {
  return kind === 'input' ? 'G' : `GB${b}`;
}

/** An affine index as an expression. */
export function indexOf(a: Affine): string {
  const parts: string[] = [];
  for (const [loop, stride] of a.terms) {
    parts.push(stride === 1 ? counter(loop) : `${stride} * ${counter(loop)}`);
  }
  if (a.base !== 0 || parts.length === 0) parts.push(String(a.base));
  return parts.join(' + ');
}

/** The primitive's value at its operands. */
export function primValue(p: Primitive, args: readonly number[]): string {
  return instantiate(p.spec.f, args, -1);
}

/** The partial of primitive `p` (with value `y`) with respect to operand `k`. */
export function primPartial(p: Primitive, k: 0 | 1, args: readonly number[], y: number): string {
  return instantiate(k === 0 ? p.spec.da : p.spec.db, args, y);
}

/**
 * Partial `k` of primitive `p` as source text when it is a finite number known while the code is
 * generated (add's and sub's ±1, neg's -1, an operand holding a finite constant, as in
 * `mul(100, t)`), else `undefined`. A zero tangent or adjoint times such a partial is zero, so
 * it needs none of the zero tests the other partials need (0·∞ must contribute nothing).
 */
export function finitePartial(
  p: Primitive,
  k: 0 | 1,
  args: readonly number[],
  finiteConstant: (id: number) => boolean,
): string | undefined {
  const spec = (k === 0 ? p.spec.da : p.spec.db).trim();
  if (/^-?\d+(\.\d+)?$/.test(spec)) return spec;
  const operand = spec === 'a' ? args[0] : spec === 'b' ? args[1] : -1;
  return operand >= 0 && finiteConstant(operand) ? value(operand) : undefined;
}

/**
 * `t` times the finite partial `partial` (from `finitePartial`) as a signed term to append to a
 * sum: ` + t`, ` - t` or ` + c * t`, without a multiplication by ±1.
 */
export function scaledTerm(partial: string, t: string): string {
  if (partial === '1') return ` + ${t}`;
  if (partial === '-1') return ` - ${t}`;
  return ` + ${partial} * ${t}`;
}

/** Which of `a`, `b`, `y` an expression reads. */
export function reads(expression: string): { a: boolean; b: boolean; y: boolean } {
  return { a: /\ba\b/.test(expression), b: /\bb\b/.test(expression), y: /\by\b/.test(expression) };
}

/** `expression` (in `a`, `b`, `y`) with the ids' variables in their place. */
export function instantiate(expression: string, args: readonly number[], y: number): string {
  return `(${expression.replace(/\b([aby])\b/g, (_, v: string) =>
    v === 'a' ? value(args[0]) : v === 'b' ? value(args[1]) : value(y),
  )})`;
}

/** The JavaScript operator of a comparison. */
export const comparisonOperator: Record<Comparison, string> = {
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  eq: '===',
  ne: '!==',
};

/** Lines of generated code with indentation, so `source()` reads like code. */
export class Lines {
  private readonly lines: string[] = [];
  private depth = 1;
  push(line: string): void {
    this.lines.push('  '.repeat(this.depth) + line);
  }
  open(line: string): void {
    this.push(line);
    this.depth++;
  }
  close(line = '}'): void {
    this.depth--;
    this.push(line);
  }
  toString(): string {
    return this.lines.join('\n');
  }
}

/** Declarations of the buffers a program uses, read from `B` by number. */
export function bufferDeclarations(
  p: Program,
  out: Lines,
  adjoints?: (b: number) => boolean,
): void {
  const used = usedBuffers(p);
  p.buffers.forEach((info, b) => {
    if (!used.has(b)) return;
    if (info.kind === 'temp' || info.kind === 'captured')
      out.push(`const ${bufferName(info.kind, b)} = B[${b}];`);
    if (adjoints?.(b) === true && info.kind !== 'input')
      out.push(`const ${bufferAdjoint(info.kind, b)} = GB[${b}];`);
  });
}
