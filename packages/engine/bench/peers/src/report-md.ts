/** The markdown table of a run, ready to paste into the engine README. */
import { caseLabel, cases, tools, type CaseSpec, type ToolName } from './cases.js';
import type { Measurement, PeerRun } from './measurement.js';

/** `4.9x`, `196x`, `2,310x`. */
export function formatRatio(r: number): string {
  return r < 10 ? `${r.toFixed(1)}x` : `${Math.round(r).toLocaleString('en-US')}x`;
}

/** Milliseconds to three significant digits, without exponents. */
export function formatMs(ms: number): string {
  if (ms >= 100) return Math.round(ms).toLocaleString('en-US');
  return String(Number(ms.toPrecision(3)));
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The cases a run holds, in the order they were run. */
export function casesOf(run: PeerRun): CaseSpec[] {
  const sizes = [
    ...new Set(run.measurements.filter((m) => m.problem === 'rosenbrock').map((m) => m.n)),
  ];
  const held = (c: CaseSpec): boolean =>
    run.measurements.some((m) => m.problem === c.problem && m.style === c.style && m.n === c.n);
  return cases(sizes).filter(held);
}

/** The measurement of `tool` on `c`, if the run made one. */
export function find(run: PeerRun, c: CaseSpec, tool: string): Measurement | undefined {
  return run.measurements.find(
    (m) => m.tool === tool && m.problem === c.problem && m.style === c.style && m.n === c.n,
  );
}

/** Each tool's column title. */
export const columnTitle: Record<ToolName, string> = {
  hand: 'hand-written',
  'pullback eager': 'pullback eager',
  'pullback prepared': 'pullback prepared',
  'tfjs cpu': 'tfjs cpu (float32)',
  'jax-js jit': 'jax-js jit(grad)',
};

/** The markdown report of `run`. */
export function markdown(run: PeerRun): string {
  const present = tools.filter((t) => run.measurements.some((m) => m.tool === t));
  const notes: string[] = [];
  const note = (m: Measurement): string => {
    const time = m.timing ? `; timed all the same: ${formatRatio(m.timing.ratio)}` : '';
    notes.push(`${caseLabel(m)}, ${m.tool}: ${m.status}, ${m.reason ?? ''}${time}.`);
    return `${m.status} [${notes.length}]`;
  };
  const header = (lead: readonly string[]): string[] => [
    `| ${[...lead, ...present.map((t) => columnTitle[t])].join(' | ')} |`,
    `| ${['---', ...lead.slice(1).map(() => '---:'), ...present.map(() => '---:')].join(' | ')} |`,
  ];
  const ratios = header(['case', 'hand-written gradient (ms)']);
  const firsts = header(['case']);
  for (const c of casesOf(run)) {
    const ms = present.map((t) => find(run, c, t));
    const refs = ms.flatMap((m) => (m?.timing ? [m.timing.referenceMs] : []));
    const ratioCells = ms.map((m) => {
      if (m === undefined) return '';
      return m.status === 'ok' && m.timing ? formatRatio(m.timing.ratio) : note(m);
    });
    const firstCells = ms.map((m) =>
      m?.firstGradientMs === undefined ? '' : formatMs(m.firstGradientMs),
    );
    ratios.push(
      `| ${caseLabel(c)} | ${refs.length ? formatMs(median(refs)) : ''} | ${ratioCells.join(' | ')} |`,
    );
    firsts.push(`| ${caseLabel(c)} | ${firstCells.join(' | ')} |`);
  }
  const { machine: mc, versions: v, loadAtStart: a, loadAtEnd: b } = run;
  return [
    '## Gradients beside the peers',
    '',
    'Gradient time over the time of a hand-written JavaScript gradient in the same process ' +
      '(median of paired rounds; lower is better, 1.0x is hand-written speed). Every cell is a ' +
      'process of its own. Rerun with `npm run bench:peers`; `packages/engine/bench/peers/README.md` ' +
      'says what each column means.',
    '',
    ...ratios,
    '',
    'Time to the first gradient, in milliseconds (setup such as `prepareGradient` or `jit` ' +
      'tracing and compiling, then the first call):',
    '',
    ...firsts,
    '',
    ...notes.map((n, i) => `${i + 1}. ${n}`),
    ...(notes.length ? [''] : []),
    `Run on ${a.at.slice(0, 10)}: ${mc.cpu}, ${mc.cores} cores, ${mc.memoryGiB} GiB, ` +
      `${mc.platform}, Node ${mc.node}; pullback ${v.pullback}, TensorFlow.js ${v.tfjs} ` +
      `(cpu backend), jax-js ${v.jaxJs} (wasm backend, float64). The machine is shared: load ` +
      `average (1, 5, 15 min) ${a.loadAverage.join(', ')} at the start and ` +
      `${b.loadAverage.join(', ')} at the end. Timing budget ${run.budgetMs} ms per cell ` +
      `(twice that at n = 1e6); cells estimated over ${run.limitSeconds} s were skipped.`,
    '',
  ].join('\n');
}
