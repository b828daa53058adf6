// corpus: clean
// about: an experiment runner that times gradient evaluations with Date.now and performance.now outside the differentiated function
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { logsumexp } from '@pullback/rules-core/math';

export function timeGradients(n: number, repeats: number): { ms: number; started: string } {
  const started = new Date().toISOString();
  const x = Float64Array.from({ length: n }, () => Math.random());
  const t0 = performance.now();
  for (let r = 0; r < repeats; r++) gradient((v: RealArray) => logsumexp(v), reverse(), x);
  const ms = (performance.now() - t0) / repeats;
  console.log(`n=${n}: ${ms.toFixed(2)} ms per gradient (${Date.now()})`);
  return { ms, started };
}
