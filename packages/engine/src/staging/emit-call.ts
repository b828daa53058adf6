import type { Activity } from './activity.js';
import type { Call, CallArgument, Program } from './program.js';
import { adjoint, bufferAdjoint, bufferName, tangent, value, type Lines } from './source.js';

/**
 * Code around rule calls. Generated code reaches each call through its `CallSite` (`C0`,
 * `C1`, … in program order), handing it fresh copies of its array arguments; opaque arguments
 * (indices, flags) come from the table `O` by reference.
 */

/** The call statements of a program, in the order their sites are numbered. */
export function callStatements(p: Program): Call[] {
  return p.body.filter((s): s is Call => s.op === 'call');
}

/** True when a call's result depends on the input. */
export function callActive(act: Activity, s: Call): boolean {
  return s.result.kind === 'scalar'
    ? act.ids[s.result.id] === 1
    : act.buffers[s.result.buffer] === 1;
}

/** Declares the call sites. */
export function declareCalls(p: Program, out: Lines): Map<Call, string> {
  const names = new Map<Call, string>();
  callStatements(p).forEach((s, k) => {
    names.set(s, `C${k}`);
    out.push(`const C${k} = CS[${k}]; C${k}.reset();`);
  });
  return names;
}

function slice(
  p: Program,
  a: { buffer: number; offset: number; length: number },
  name = bufferName(p.buffers[a.buffer].kind, a.buffer),
): string {
  return `${name}.slice(${a.offset}, ${a.offset + a.length})`;
}

/** The argument list of a call, as an array expression. */
export function callArguments(p: Program, s: Call): string {
  return `[${s.args.map((a) => argument(p, a)).join(', ')}]`;
}

function argument(p: Program, a: CallArgument): string {
  switch (a.kind) {
    case 'scalar':
      return value(a.id);
    case 'array':
      return slice(p, a);
    case 'matrix':
      return `{ rows: ${a.rows}, cols: ${a.cols}, data: ${slice(p, a)} }`;
    case 'opaque':
      return `O[${a.k}]`;
  }
}

/** The call's value, by `method` (`value`, or `forward` to keep the pullback), into its result. */
export function emitCallValue(
  p: Program,
  s: Call,
  site: string,
  method: 'value' | 'forward',
  out: Lines,
): void {
  const call = `${site}.${method}(${callArguments(p, s)})`;
  if (s.result.kind === 'scalar') out.push(`const ${value(s.result.id)} = ${call};`);
  else out.push(`${bufferName('temp', s.result.buffer)}.set(${call});`);
}

/** The reverse sweep of an active call: its pullback's cotangents added to its arguments' adjoints. */
export function emitCallBackward(
  p: Program,
  act: Activity,
  s: Call,
  site: string,
  out: Lines,
): void {
  const dy =
    s.result.kind === 'scalar'
      ? adjoint(s.result.id)
      : `${bufferAdjoint('temp', s.result.buffer)}.slice(0, ${s.result.length})`;
  const sinks = s.args.map((a) =>
    (a.kind === 'array' || a.kind === 'matrix') && act.buffers[a.buffer] === 1
      ? bufferAdjoint(p.buffers[a.buffer].kind, a.buffer)
      : 'undefined',
  );
  const scalars = s.args.flatMap((a, k) =>
    a.kind === 'scalar' && act.ids[a.id] === 1 ? [`${adjoint(a.id)} += ct[${k}];`] : [],
  );
  out.push(`{ const ct = ${site}.backward(${dy}, [${sinks.join(', ')}]); ${scalars.join(' ')} }`);
  if (s.result.kind !== 'scalar') out.push(`${bufferAdjoint('temp', s.result.buffer)}.fill(0);`);
}

/** Forward mode through a call: one frule per lane. */
export function emitCallTangent(
  p: Program,
  act: Activity,
  s: Call,
  site: string,
  lanes: number,
  out: Lines,
): void {
  const laneArgs = Array.from(
    { length: lanes },
    (_, l) =>
      `[${s.args
        .map((a) => {
          if (a.kind === 'opaque') return `${site}.none`;
          if (a.kind === 'scalar') return act.ids[a.id] === 1 ? tangent(a.id, l) : `${site}.zero`;
          if (act.buffers[a.buffer] === 0) return `${site}.zero`;
          const info = p.buffers[a.buffer];
          const name = info.kind === 'input' ? 'TX' : `TB${a.buffer}`;
          const base = l * info.length + a.offset;
          const data = `${name}.slice(${base}, ${base + a.length})`;
          return a.kind === 'matrix' ? `{ rows: ${a.rows}, cols: ${a.cols}, data: ${data} }` : data;
        })
        .join(', ')}]`,
  );
  const r = `${site.toLowerCase()}r`;
  out.push(`const ${r} = ${site}.jvp(${callArguments(p, s)}, [${laneArgs.join(', ')}]);`);
  if (s.result.kind === 'scalar') {
    out.push(`const ${value(s.result.id)} = ${r}.y;`);
    if (act.ids[s.result.id] === 1)
      for (let l = 0; l < lanes; l++) out.push(`const ${tangent(s.result.id, l)} = ${r}.t[${l}];`);
  } else {
    const b = s.result.buffer;
    out.push(`${bufferName('temp', b)}.set(${r}.y);`);
    if (act.buffers[b] === 1)
      for (let l = 0; l < lanes; l++) out.push(`TB${b}.set(${r}.t[${l}], ${l * s.result.length});`);
  }
}
