import type { Activity } from '../activity.js';
import type { Affine, Statement } from '../program.js';
import type { Machine } from './machine.js';
import { blockPartial, PRIMITIVE_FUNCTIONS } from './primitive-functions.js';

/**
 * Forward mode in a blocked loop (block-loop.ts): each statement's tangents over a block, lane
 * after lane, as `Machine` computes them per element — Σ partial · tangent over active operands,
 * a zero tangent sending nothing. A tangent register holds `lanes` blocks, lane after lane
 * (`stride` elements apart).
 */

/** What a tangent step needs of its loop: registers by id, and where a load or store is. */
export interface TangentContext {
  readonly act: Activity;
  readonly lanes: number;
  readonly stride: number;
  /** Scratch for the partials of the statement at hand. */
  readonly P0: Float64Array;
  readonly P1: Float64Array;
  reg(id: number): Float64Array;
  tangentReg(id: number): Float64Array;
  /** `[start, step]` of `index` at iteration `i0`, in the loop's shared span. */
  span(m: Machine, index: Affine, i0: number): { readonly start: number; readonly step: number };
}

/** The tangent step of `t` over a block, or `undefined` when it has none. */
export function tangentStep(
  t: Statement,
  c: TangentContext,
): ((m: Machine, i0: number, n: number) => void) | undefined {
  const { act, lanes, stride, P0, P1 } = c;
  const active = (id: number): boolean => act.ids[id] === 1;
  switch (t.op) {
    case 'load': {
      if (!active(t.id)) return undefined;
      const { buffer, index } = t;
      const TY = c.tangentReg(t.id);
      return (m, i0, n) => {
        const { start, step } = c.span(m, index, i0);
        const TB = m.tangentBuffer(buffer);
        const nb = m.p.buffers[buffer].length;
        for (let l = 0; l < lanes; l++) {
          const from = l * nb + start;
          const to = l * stride;
          for (let k = 0; k < n; k++) TY[to + k] = TB[from + step * k];
        }
      };
    }
    case 'prim': {
      if (!active(t.id)) return undefined;
      const code = t.p.code;
      const activeA = active(t.args[0]);
      const activeB = t.args.length > 1 && active(t.args[1]);
      const A = c.reg(t.args[0]);
      const B = c.reg(t.args.length > 1 ? t.args[1] : t.args[0]);
      const Y = c.reg(t.id);
      const TA = activeA ? c.tangentReg(t.args[0]) : P0;
      const TB = activeB ? c.tangentReg(t.args[1]) : P1;
      const TY = c.tangentReg(t.id);
      // A constant partial (add's, sub's) is a register filled once, not recomputed per block.
      const fixed = PRIMITIVE_FUNCTIONS[code].constantPartial;
      const PA = fixed[0] ? constantRegister(code, 0, stride) : P0;
      const PB = fixed[1] ? constantRegister(code, 1, stride) : P1;
      const computeA = activeA && !fixed[0];
      const computeB = activeB && !fixed[1];
      return (_m, _i0, n) => {
        if (computeA) blockPartial(code, 0, n, A, B, Y, PA);
        if (computeB) blockPartial(code, 1, n, A, B, Y, PB);
        tangentOfPrim(n, lanes, stride, activeA, TA, PA, activeB, TB, PB, TY);
      };
    }
    case 'select': {
      if (!active(t.id)) return undefined;
      const C = c.reg(t.cond);
      const activeA = active(t.args[0]);
      const activeB = active(t.args[1]);
      const TA = activeA ? c.tangentReg(t.args[0]) : P0;
      const TB = activeB ? c.tangentReg(t.args[1]) : P1;
      const TY = c.tangentReg(t.id);
      return (_m, _i0, n) => {
        for (let l = 0; l < lanes; l++) {
          const o = l * stride;
          for (let k = 0; k < n; k++)
            TY[o + k] = C[k] !== 0 ? (activeA ? TA[o + k] : 0) : activeB ? TB[o + k] : 0;
        }
      };
    }
    case 'store': {
      if (act.buffers[t.buffer] === 0) return undefined;
      const { buffer, index } = t;
      const activeV = active(t.value);
      const TV = activeV ? c.tangentReg(t.value) : P0;
      return (m, i0, n) => {
        const { start, step } = c.span(m, index, i0);
        const TB = m.tangentBuffer(buffer);
        const nb = m.p.buffers[buffer].length;
        for (let l = 0; l < lanes; l++) {
          const to = l * nb + start;
          const from = l * stride;
          for (let k = 0; k < n; k++) TB[to + step * k] = activeV ? TV[from + k] : 0;
        }
      };
    }
    default:
      return undefined;
  }
}

/** A register holding partial `k` of primitive `code`, a constant, in every element. */
function constantRegister(code: number, k: 0 | 1, length: number): Float64Array {
  return new Float64Array(length).fill(PRIMITIVE_FUNCTIONS[code].partials[k](0, 0, 0));
}

/** `TY = PA·TA + PB·TB` per lane over a block, a zero tangent sending nothing. */
function tangentOfPrim(
  n: number,
  lanes: number,
  stride: number,
  activeA: boolean,
  TA: Float64Array,
  PA: Float64Array,
  activeB: boolean,
  TB: Float64Array,
  PB: Float64Array,
  TY: Float64Array,
): void {
  for (let l = 0; l < lanes; l++) {
    const o = l * stride;
    for (let e = 0; e < n; e++) {
      let t = 0;
      if (activeA) {
        const u = TA[o + e];
        t += u === 0 ? 0 : PA[e] * u;
      }
      if (activeB) {
        const w = TB[o + e];
        t += w === 0 ? 0 : PB[e] * w;
      }
      TY[o + e] = t;
    }
  }
}
