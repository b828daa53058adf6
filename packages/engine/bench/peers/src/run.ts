/**
 * The peer benchmark: every tool on every case, each in a child process of its own (worker.ts),
 * one after the other so they never compete for the machine; then the JSON, markdown and SVG
 * results. `npm run bench:peers` at the repository root builds, installs and runs it.
 *
 * Settings (environment variables):
 *   PEERS_SIZES      Rosenbrock sizes, default 1000,100000,1000000
 *   PEERS_TOOLS      tools to run, default all: hand,pullback eager,pullback prepared,tfjs cpu,jax-js jit
 *   PEERS_BUDGET_MS  paired timing per measurement, default 3000 (doubled at n ≥ 1e6)
 *   PEERS_LIMIT_S    skip a measurement estimated longer than this, default 30
 *   PEERS_TIMEOUT_S  kill a worker after this, default 300
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { caseLabel, cases, tools, type ToolName } from './cases.js';
import { load, machine, versions } from './machine.js';
import type { Measurement, PeerRun, WorkerTask } from './measurement.js';
import { writeResults } from './results.js';
import { skipReason } from './skip.js';

const env = process.env;
const sizes = (env.PEERS_SIZES ?? '1000,100000,1000000').split(',').map(Number);
if (!sizes.every((n) => Number.isInteger(n) && n >= 2)) {
  throw new Error(`PEERS_SIZES must list whole numbers of at least 2, as in 1000,100000`);
}
const chosen = (env.PEERS_TOOLS ?? tools.join(',')).split(',').map((t) => t.trim());
for (const t of chosen) {
  if (!tools.includes(t as ToolName)) {
    throw new Error(`PEERS_TOOLS names '${t}', which is not one of: ${tools.join(', ')}`);
  }
}
const budgetMs = Number(env.PEERS_BUDGET_MS ?? 3000);
const limitSeconds = Number(env.PEERS_LIMIT_S ?? 30);
const timeoutMs = Number(env.PEERS_TIMEOUT_S ?? 300) * 1000;
const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));
/**
 * glibc hands a large allocation (a gradient of 1e5 doubles is 800 kB) fresh pages from mmap and
 * unmaps them on free unless earlier frees raised its thresholds, so the same hand-written
 * gradient took 0.25 ms in one process and 12 ms in another, all of it page faults. Fixed
 * thresholds give every process the same allocator; other C libraries ignore the variable.
 */
const workerEnvironment = {
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824',
};

/** Runs one worker and waits for its measurement, killing it at the timeout. */
function runWorker(task: WorkerTask): Promise<Measurement> {
  const { budgetMs: _budget, ...where } = task;
  return new Promise((resolve) => {
    const child = fork(workerPath, [JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...env, ...workerEnvironment },
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    let result: Measurement | undefined;
    const timer = setTimeout(() => {
      result = { ...where, status: 'timed out', reason: `killed after ${timeoutMs / 1000} s` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => (result ??= m as Measurement));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const tail = output.trim().split('\n').slice(-3).join(' / ');
      resolve(
        result ?? {
          ...where,
          status: 'failed',
          reason: `the worker exited (${signal ?? `code ${code}`}) without a result: ${tail}`,
        },
      );
    });
  });
}

function describe(m: Measurement): string {
  if (m.status !== 'ok' || m.timing === undefined) return `${m.status}: ${m.reason ?? ''}`;
  const t = m.timing;
  return (
    `${t.ratio.toPrecision(3)}x (${t.ms.toPrecision(3)} ms vs ${t.referenceMs.toPrecision(3)} ms, ` +
    `${t.rounds} rounds, first gradient ${m.firstGradientMs?.toPrecision(3)} ms)`
  );
}

const measured = versions();
const loadAtStart = load();
console.log(`load average at start: ${loadAtStart.loadAverage.join(', ')}`);
const measurements: Measurement[] = [];
const last = new Map<string, Measurement>();
for (const c of cases(sizes)) {
  for (const tool of chosen as ToolName[]) {
    const key = `${tool}|${c.problem}|${c.style}`;
    const budget = c.n >= 1e6 ? 2 * budgetMs : budgetMs;
    const skip = skipReason(last.get(key), c.n, budget, limitSeconds);
    const m: Measurement = skip
      ? { tool, ...c, status: 'skipped', reason: skip }
      : await runWorker({ tool, ...c, budgetMs: budget });
    last.set(key, m);
    measurements.push(m);
    console.log(`${caseLabel(c)}, ${tool}: ${describe(m)}`);
  }
}
const loadAtEnd = load();
console.log(`load average at end: ${loadAtEnd.loadAverage.join(', ')}`);

const run: PeerRun = {
  machine: machine(),
  versions: measured,
  loadAtStart,
  loadAtEnd,
  workerEnvironment,
  budgetMs,
  limitSeconds,
  measurements,
};
console.log(`wrote ${await writeResults(run)}`);
