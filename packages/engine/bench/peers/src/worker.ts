/**
 * One tool on one case, in a process of its own so that no tool's V8 type feedback or garbage
 * slows another: set up, check two gradients against the hand-written one, then time it against
 * the hand-written gradient in paired rounds. The result goes back to the parent over IPC.
 */
import { pointFor, type ToolName } from './cases.js';
import { handGradient } from './hand.js';
import type { Measurement, WorkerTask } from './measurement.js';
import { pairedTiming } from './timing.js';
import type { MakeSubject } from './tools/subject.js';

/** Each tool's module is loaded only by the process that measures it. */
async function loadTool(tool: ToolName): Promise<MakeSubject> {
  switch (tool) {
    case 'hand':
      return (await import('./tools/hand.js')).makeHand;
    case 'pullback eager':
      return (await import('./tools/pullback.js')).makeEager;
    case 'pullback prepared':
      return (await import('./tools/pullback.js')).makePrepared;
    case 'tfjs cpu':
      return (await import('./tools/tfjs.js')).makeTfjs;
    case 'jax-js jit':
      return (await import('./tools/jax.js')).makeJax;
  }
}

/** max |g − h| / max |h|: an error relative to the gradient's scale, so float32 can pass. */
function relativeError(g: ArrayLike<number>, h: Float64Array): number {
  if (g.length !== h.length) return Number.POSITIVE_INFINITY;
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < h.length; i++) {
    scale = Math.max(scale, Math.abs(h[i]));
    const d = Math.abs(g[i] - h[i]);
    worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(worst, d);
  }
  return worst / (scale || 1);
}

async function measure(task: WorkerTask): Promise<Measurement> {
  const { tool, problem, style, n, budgetMs } = task;
  const c = { problem, style, n };
  const x = pointFor(problem, n);
  const hand = handGradient(problem);
  const expected = hand(x);
  const make = await loadTool(tool);
  const start = performance.now();
  const subject = await make(c, x);
  const first = subject.gradient();
  const firstGradientMs = performance.now() - start;
  // The second call is checked too: a prepared or compiled tool may reuse buffers between calls.
  const checkError = Math.max(
    relativeError(first, expected),
    relativeError(subject.gradient(), expected),
  );
  const tolerance = subject.dtype === 'float32' ? 1e-3 : 1e-10;
  const common = { ...c, tool, dtype: subject.dtype, firstGradientMs, checkError, tolerance };
  const note = subject.note === undefined ? {} : { note: subject.note };
  // A wrong gradient is timed all the same, for the notes; the table shows no time for it.
  const timing = pairedTiming(subject.gradient, () => hand(x), budgetMs);
  if (!(checkError <= tolerance)) {
    const reason = `gradient off by ${checkError.toExponential(1)} relative (allowed ${tolerance})`;
    return { ...common, ...note, status: 'wrong', reason, timing };
  }
  return { ...common, ...note, status: 'ok', timing };
}

const task = JSON.parse(process.argv[2]) as WorkerTask;
let result: Measurement;
try {
  result = await measure(task);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  const { budgetMs: _budget, ...where } = task;
  result = { ...where, status: 'failed', reason: message.split('\n')[0] };
}
process.send?.(result, () => process.exit(0));
