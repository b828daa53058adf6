import { activity } from './activity.js';
import { callActive, declareCalls, emitCallTangent, emitCallValue } from './emit-call.js';
import { buffer, constantTable, emitForward, finiteConstantOf } from './emit-forward.js';
import { TangentWriter } from './emit-tangent.js';
import type { Program } from './program.js';
import { bufferDeclarations, Lines, value } from './source.js';
import { valuesForTangents } from './tangent-values.js';

/** Generated forward-mode code and what calling it needs. */
export interface PushforwardSource {
  /** The body of `(X, P, B, K, R, TX, TB, Y, TY, CS, O) => boolean` (false: a guard failed). */
  readonly source: string;
  readonly constants: Float64Array;
  /** Buffers that need a tangent buffer in `TB` (`lanes` times their length). */
  readonly tangentBuffers: readonly number[];
}

/**
 * Generates forward mode over `lanes` tangent directions at once: `TX` holds the input's
 * tangents lane after lane, `TY` receives the output's, `Y` the output's values (without
 * `withValue`, `Y` is left as it is and only the values the tangents need are computed). Without
 * `zeroTests` (the unguarded kernel, see `unguardedSafe`) products have no zero tests and a NaN
 * written into `TY` ends the run with `null`.
 */
export function emitPushforward(
  p: Program,
  lanes: number,
  zeroTests = true,
  withValue = true,
): PushforwardSource {
  const act = activity(p);
  const table = constantTable(p);
  const { index: constants, values } = table;
  const tangents = new TangentWriter(p, act, lanes, finiteConstantOf(table), zeroTests);
  const tangentBuffers = p.buffers.flatMap((b, k) =>
    b.kind === 'temp' && act.buffers[k] === 1 ? [k] : [],
  );
  const out = new Lines();
  const nanTest = (t: string): void => {
    if (!zeroTests && t !== '0') out.push(`if (${t} !== ${t}) return null;`);
  };
  bufferDeclarations(p, out);
  for (const b of tangentBuffers) out.push(`const TB${b} = TB[${b}];`);
  const sites = declareCalls(p, out);
  emitForward(p, constants, p.body, out, {
    ...tangents.hooks(),
    ...(withValue ? {} : { values: valuesForTangents(p, act) }),
    call: (s, o) => {
      const site = sites.get(s) as string;
      if (callActive(act, s)) emitCallTangent(p, act, s, site, lanes, o);
      else emitCallValue(p, s, site, 'value', o);
    },
  });
  let k = 0;
  const m = p.outputs.reduce((n, leaf) => n + (leaf.kind === 'scalar' ? 1 : leaf.length), 0);
  for (const leaf of p.outputs) {
    if (leaf.kind === 'scalar') {
      if (withValue) out.push(`Y[${k}] = ${value(leaf.id)};`);
      for (let l = 0; l < lanes; l++) {
        out.push(`TY[${l * m + k}] = ${tangents.of(leaf.id, l)};`);
        nanTest(tangents.of(leaf.id, l));
      }
      k++;
      continue;
    }
    const active = act.buffers[leaf.buffer] === 1;
    out.open(`for (let j = 0; j < ${leaf.length}; j++) {`);
    if (withValue) out.push(`Y[${k} + j] = ${buffer(p, leaf.buffer)}[${leaf.offset} + j];`);
    for (let l = 0; l < lanes; l++) {
      const t = active ? tangents.bufferTangent(leaf.buffer, `${leaf.offset} + j`, l) : '0';
      out.push(`TY[${l * m + k} + j] = ${t};`);
      nanTest(`TY[${l * m + k} + j]`);
    }
    out.close();
    k += leaf.length;
  }
  out.push('return true;');
  return { source: out.toString(), constants: values, tangentBuffers };
}
