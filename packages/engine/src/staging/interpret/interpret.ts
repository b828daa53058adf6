import { activity, type Activity } from '../activity.js';
import { callActive } from '../emit-call.js';
import { liveForward, tapeLayout } from '../emit-reverse.js';
import { defined, type Program } from '../program.js';
import { planReverse } from '../reverse-plan.js';
import { callTangent, callValue } from './calls.js';
import { Machine } from './machine.js';
import { ReverseMachine } from './reverse-machine.js';
import type { RunBuffers } from './workspace.js';

/**
 * Programs run without generated code: where `new Function` is forbidden (a strict Content
 * Security Policy, Node's `--disallow-code-generation-from-strings`), a kernel runs its program
 * on this interpreter instead, with the signature, the workspace and the results of the
 * generated function (kernels.ts chooses). Each workspace gets its own machine, so a re-entrant
 * call, which gets a fresh workspace, cannot disturb the run it interrupts.
 */

/** What a kernel runs: `false` when a guard failed. Generated code has the same signature. */
export type Run = (
  X: Float64Array,
  P: Float64Array,
  K: Float64Array,
  R: Program['rules'],
  O: Program['opaque'],
  W: object,
) => boolean;

/** One machine per workspace, made at its first run. */
function perWorkspace<M extends Machine>(make: () => M): (W: object) => M {
  const machines = new WeakMap<object, M>();
  return (W) => {
    let m = machines.get(W);
    if (m === undefined) {
      m = make();
      machines.set(W, m);
    }
    return m;
  };
}

const NOTHING = new Float64Array(0);

/** Forgets the run's input and parameters: a kernel must not keep the caller's `x` alive. */
function finish(m: Machine): void {
  m.X = NOTHING;
  m.P = NOTHING;
}

function start(m: Machine, X: Float64Array, P: Float64Array, W: object): RunBuffers {
  const w = W as RunBuffers;
  m.X = X;
  m.P = P;
  m.W = w;
  for (let k = 0; k < w.CS.length; k++) w.CS[k].reset();
  return w;
}

/** The output's leaves, flattened into `Y` (and their tangents into `TY`, lane after lane). */
function writeOutputs(m: Machine, Y: Float64Array, TY?: Float64Array): void {
  const { p, lanes } = m;
  const total = Y.length;
  let k = 0;
  for (let o = 0; o < p.outputs.length; o++) {
    const leaf = p.outputs[o];
    if (leaf.kind === 'scalar') {
      Y[k] = m.V[leaf.id];
      if (TY !== undefined)
        for (let l = 0; l < lanes; l++) TY[l * total + k] = m.tangentOf(leaf.id, l);
      k++;
      continue;
    }
    const data = m.buffer(leaf.buffer);
    const active = m.act.buffers[leaf.buffer] === 1;
    const n = p.buffers[leaf.buffer].length;
    for (let j = 0; j < leaf.length; j++) {
      Y[k + j] = data[leaf.offset + j];
      if (TY === undefined) continue;
      const TB = active ? m.tangentBuffer(leaf.buffer) : undefined;
      for (let l = 0; l < lanes; l++)
        TY[l * total + k + j] = TB === undefined ? 0 : TB[l * n + leaf.offset + j];
    }
    k += leaf.length;
  }
}

/** Adds the output cotangent `DY` to the output's adjoints. */
function seed(m: ReverseMachine, act: Activity, DY: Float64Array): void {
  let k = 0;
  const outputs = m.p.outputs;
  for (let o = 0; o < outputs.length; o++) {
    const leaf = outputs[o];
    if (leaf.kind === 'scalar') {
      if (act.ids[leaf.id] === 1) m.G[leaf.id] += DY[k];
      k++;
    } else {
      if (act.buffers[leaf.buffer] === 1) {
        const g = m.adjointBuffer(leaf.buffer);
        for (let j = 0; j < leaf.length; j++) g[leaf.offset + j] += DY[k + j];
      }
      k += leaf.length;
    }
  }
}

/**
 * The reverse sweep of `p` (forward over reverse when `lanes > 0`), as `emitReverse`'s code
 * runs it: the forward sweep of what the output and the reverse sweep need, then adjoints.
 */
export function interpretReverse(p: Program, withValue: boolean, lanes: number): Run {
  const act = activity(p);
  const plan = planReverse(p, act, lanes > 0);
  const { tapeIndex } = tapeLayout(p, plan);
  const live = liveForward(p, act, plan, withValue);
  const adjointBuffers = p.buffers.flatMap((b, k) =>
    b.kind === 'temp' && act.buffers[k] === 1 ? [k] : [],
  );
  const topLevel = p.body.flatMap((s) =>
    s.op === 'loop' ? s.carried.map((c) => c.out) : defined(s) >= 0 ? [defined(s)] : [],
  );
  const machine = perWorkspace(
    () =>
      new ReverseMachine(p, act, lanes, plan, tapeIndex, (m, s, site) =>
        callValue(m, s, site, callActive(act, s) ? 'forward' : 'value'),
      ),
  );
  const reverse = (m: ReverseMachine, w: RunBuffers): boolean => {
    if (!m.forward(p.body, live, true)) return false;
    if (withValue) writeOutputs(m, w.Y);
    for (let k = 0; k < adjointBuffers.length; k++) {
      const b = adjointBuffers[k];
      (w.GB as Float64Array[])[b].fill(0);
      if (lanes > 0) (w.GBT as Float64Array[])[b].fill(0);
    }
    // The adjoints generated code declares at the top level; loops zero their own per iteration.
    for (let k = 0; k < topLevel.length; k++) {
      const id = topLevel[k];
      m.G[id] = 0;
      for (let l = 0; l < lanes; l++) m.H[id * lanes + l] = 0;
    }
    seed(m, act, w.DY as Float64Array);
    m.backward(p.body);
    return true;
  };
  return (X, P, _K, _R, _O, W) => {
    const m = machine(W);
    try {
      return reverse(m, start(m, X, P, W));
    } finally {
      finish(m);
    }
  };
}

/** Forward mode over `lanes` directions, as `emitPushforward`'s code runs it. */
export function interpretPushforward(p: Program, lanes: number): Run {
  const act = activity(p);
  const machine = perWorkspace(
    () =>
      new Machine(p, act, lanes, new Map(), (m, s, site) => {
        if (callActive(act, s)) callTangent(m, s, site);
        else callValue(m, s, site, 'value');
      }),
  );
  return (X, P, _K, _R, _O, W) => {
    const m = machine(W);
    try {
      const w = start(m, X, P, W);
      if (!m.forward(p.body, undefined, true)) return false;
      writeOutputs(m, w.Y, w.TY);
      return true;
    } finally {
      finish(m);
    }
  };
}

/** The values of `p` alone, with calls run for their values only (see `checkRewrites`). */
export function interpretValues(p: Program): Run {
  const act = activity(p);
  const machine = perWorkspace(
    () => new Machine(p, act, 0, new Map(), (m, s, site) => callValue(m, s, site, 'value')),
  );
  return (X, P, _K, _R, _O, W) => {
    const m = machine(W);
    try {
      const w = start(m, X, P, W);
      if (!m.forward(p.body, undefined, true)) return false;
      writeOutputs(m, w.Y);
      return true;
    } finally {
      finish(m);
    }
  };
}
