import type { Call, CallArgument } from '../program.js';
import type { Machine } from './machine.js';
import type { ReverseMachine } from './reverse-machine.js';

/**
 * Rule calls as the interpreter makes them: through the same `CallSite`s as generated code
 * (emit-call.ts), with the same fresh copies of array arguments and the same results.
 */

function argument(m: Machine, a: CallArgument): unknown {
  switch (a.kind) {
    case 'scalar':
      return m.V[a.id];
    case 'array':
      return sliceOf(m, a);
    case 'matrix':
      return { rows: a.rows, cols: a.cols, data: sliceOf(m, a) };
    case 'opaque':
      return m.p.opaque[a.k];
  }
}

/** A buffer's part as generated code copies it: `.slice` of the array (typed or not). */
function sliceOf(m: Machine, a: { buffer: number; offset: number; length: number }): unknown {
  // `.slice` of whichever array it is: a typed array's copy is typed, a list's is a list.
  return (m.buffer(a.buffer) as Float64Array).slice(a.offset, a.offset + a.length);
}

/** The call's value, by `method` (`forward` keeps the pullback), into its result. */
export function callValue(m: Machine, s: Call, site: number, method: 'value' | 'forward'): void {
  const args = s.args.map((a) => argument(m, a));
  const r = m.W.CS[site][method](args);
  if (s.result.kind === 'scalar') m.V[s.result.id] = r as number;
  else (m.W.B[s.result.buffer] as Float64Array).set(r as Float64Array);
}

/** Forward mode through a call: one frule per lane. */
export function callTangent(m: Machine, s: Call, site: number): void {
  const cs = m.W.CS[site];
  const laneArgs = Array.from({ length: m.lanes }, (_, l) =>
    s.args.map((a) => {
      if (a.kind === 'opaque') return cs.none;
      if (a.kind === 'scalar') return m.active(a.id) ? m.T[a.id * m.lanes + l] : cs.zero;
      if (m.act.buffers[a.buffer] === 0) return cs.zero;
      const base = l * m.p.buffers[a.buffer].length + a.offset;
      const data = m.tangentBuffer(a.buffer).slice(base, base + a.length);
      return a.kind === 'matrix' ? { rows: a.rows, cols: a.cols, data } : data;
    }),
  );
  const r = cs.jvp(
    s.args.map((a) => argument(m, a)),
    laneArgs,
  );
  if (s.result.kind === 'scalar') {
    m.V[s.result.id] = r.y as number;
    if (m.active(s.result.id))
      for (let l = 0; l < m.lanes; l++) m.T[s.result.id * m.lanes + l] = r.t[l] as number;
  } else {
    const b = s.result.buffer;
    (m.W.B[b] as Float64Array).set(r.y as Float64Array);
    if (m.act.buffers[b] === 1)
      for (let l = 0; l < m.lanes; l++) m.W.TB[b].set(r.t[l] as Float64Array, l * s.result.length);
  }
}

/** The reverse sweep of an active call: its pullback's cotangents added to its arguments' adjoints. */
export function callBackward(m: ReverseMachine, s: Call, site: number): void {
  const GB = m.W.GB as Float64Array[];
  const dy =
    s.result.kind === 'scalar' ? m.G[s.result.id] : GB[s.result.buffer].slice(0, s.result.length);
  const sinks = s.args.map((a) =>
    (a.kind === 'array' || a.kind === 'matrix') && m.act.buffers[a.buffer] === 1
      ? m.adjointBuffer(a.buffer)
      : undefined,
  );
  const ct = m.W.CS[site].backward(dy, sinks);
  s.args.forEach((a, k) => {
    if (a.kind === 'scalar' && m.active(a.id)) m.G[a.id] += ct[k];
  });
  if (s.result.kind !== 'scalar') GB[s.result.buffer].fill(0);
}
