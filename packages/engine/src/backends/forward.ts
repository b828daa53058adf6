import {
  checkOptions,
  COMMON_KEYS,
  defaultChunkSize,
  shown,
  type ForwardBackend,
} from './backend.js';
import { forwardPass } from '../interpreters/passes.js';
import { unflattenReal, sizeOf, structureOf } from '../tree/structure.js';
import type { Real } from '@pullback/rules-core';
import {
  basis,
  jacobianByPushforwards,
  packed,
  pullbackByJacobian,
  requireScalar,
  type DensePasses,
} from './dense-passes.js';
import { BackendOptionError } from '../errors.js';

/**
 * Forward mode: every derivative is pushforwards, a chunk of tangents per pass of dual numbers
 * (ForwardDiff's chunk mode); a gradient or a Jacobian is one pushforward per input component.
 */
export const forwardPasses: DensePasses<ForwardBackend> = {
  valueAndPushforwards(b, f, x, rest, tangents, ctx) {
    const k = b.chunkSize ?? defaultChunkSize(tangents.length);
    let y: unknown;
    const tys: unknown[] = [];
    for (let start = 0; start < Math.max(1, tangents.length); start += k) {
      const chunk = tangents.slice(start, start + k);
      const run = forwardPass(f, x, rest, chunk.length > 0 ? chunk : [0], ctx);
      y = run.y;
      for (let j = 0; j < chunk.length; j++) tys.push(run.denseTangent(j));
    }
    return { y, tys };
  },
  valueAndPullback(b, f, x, rest, ctx) {
    return pullbackByJacobian(forwardPasses, b, f, x, rest, ctx);
  },
  valueAndJacobian(b, f, x, rest, ctx) {
    return jacobianByPushforwards(forwardPasses, b, f, x, rest, ctx);
  },
  valueAndGradient(b, f, x, rest, ctx) {
    const xs = structureOf(x);
    const n = sizeOf(xs);
    const tangents = Array.from({ length: n }, (_, j) => basis(xs, n, j));
    const { y, tys } = forwardPasses.valueAndPushforwards(b, f, x, rest, tangents, ctx);
    requireScalar(y, ctx.operator);
    return { y: y as Real, gradient: unflattenReal(xs, packed(tys as Real[])) };
  },
  jacobianBuildPasses(b, _m, n) {
    return Math.ceil(n / (b.chunkSize ?? defaultChunkSize(n)));
  },
};

/**
 * Forward mode with a chunk of `chunkSize` tangents per pass. A gradient (or a Jacobian with
 * fewer outputs than inputs) of many inputs needs one pass per chunk, so above 100 passes an
 * explicit `forward()` warns once per process (code `PULLBACK_FORWARD_MANY_INPUTS`); `auto()`
 * never chooses it there.
 */
export function forward(options: Omit<ForwardBackend, 'kind'> = {}): ForwardBackend {
  const o = checkOptions('forward', options, ['chunkSize', ...COMMON_KEYS]);
  if (
    o.chunkSize !== undefined &&
    !(typeof o.chunkSize === 'number' && Number.isInteger(o.chunkSize) && o.chunkSize > 0)
  ) {
    throw new BackendOptionError(
      'forward',
      'chunkSize',
      `forward({ chunkSize }): chunkSize must be a positive integer (tangents carried per pass), got ${shown(o.chunkSize)}.`,
    );
  }
  return { ...options, kind: 'forward' };
}
