import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Where `new Function` is forbidden (a strict Content Security Policy; Node's
// --disallow-code-generation-from-strings), the engine must still import and work: eager paths
// on plain-code loops, prepared operators on the interpreter. The flag can only be set for a
// whole process, so a child process runs a script on the built packages (built first, as
// `npm run build` does; `tsc -b` rebuilds only what changed) and prints what it computed.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
let dir: string;

beforeAll(() => {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  // Inside the repository, so the script resolves @pullback/* through its workspaces.
  dir = mkdtempSync(join(root, 'packages/engine/.no-codegen-'));
}, 600_000);
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The script the child runs: every result next to what it must be. */
const script = String.raw`
import { add, at, map2, mul, slice, square, sub, sum, sin } from '@pullback/rules-core/math';
import {
  forward, gradient, hvp, jacobian, prepareGradient, prepareHvp, preparePushforward, pushforward,
  reverse, secondOrder,
} from '@pullback/engine';

const codeGeneration = (() => { try { new Function('return 1'); return true; } catch { return false; } })();

const loop = (x) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = at(x, i);
    s = add(s, add(mul(100, square(sub(at(x, i + 1), square(a)))), square(sub(1, a))));
  }
  return s;
};
const whole = (x) => {
  const a = slice(x, 0, x.length - 1);
  const b = slice(x, 1, x.length);
  return sum(add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
};
const term = (a, b) => add(mul(100, square(sub(b, square(a)))), square(sub(1, a)));
const viaMap2 = (x) => sum(map2(term, slice(x, 0, x.length - 1), slice(x, 1, x.length)));

/** The Rosenbrock gradient and Hessian-vector product by hand. */
function expected(x, v) {
  const n = x.length;
  const g = new Float64Array(n);
  const hv = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) {
    const a = x[i], b = x[i + 1], r = b - a * a;
    g[i] += -400 * a * r - 2 * (1 - a);
    g[i + 1] += 200 * r;
    const haa = 1200 * a * a - 400 * b + 2, hab = -400 * a, hbb = 200;
    hv[i] += haa * v[i] + hab * v[i + 1];
    hv[i + 1] += hab * v[i] + hbb * v[i + 1];
  }
  return { g, hv };
}

const x = Float64Array.from({ length: 40 }, (_, i) => 0.9 * Math.cos(1.3 * i));
const v = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i));
const { g, hv } = expected(x, v);
const results = [];
const check = (what, actual, wanted) => {
  let err = 0;
  const scale = Math.max(1, ...Array.from(wanted, Math.abs));
  for (let i = 0; i < wanted.length; i++) err = Math.max(err, Math.abs(actual[i] - wanted[i]) / scale);
  results.push({ what, err });
};

for (const [name, f] of [['loop', loop], ['whole-array', whole], ['map2', viaMap2]]) {
  check(name + ': eager reverse gradient', gradient(f, reverse(), x), g);
  check(name + ': eager forward gradient', gradient(f, forward(), x), g);
  check(name + ': eager hvp', hvp(f, secondOrder(forward(), reverse()), x, v), hv);
  const p = prepareGradient(f, reverse(), x);
  check(name + ': prepared gradient', p.gradient(x), g);
  check(name + ': prepared gradient, second call', p.gradient(x), g);
  results.push({ what: name + ': prepared gradient engine', engine: p.compilation.engine, compiled: p.compilation.compiled });
  const h = prepareHvp(f, reverse(), x);
  check(name + ': prepared hvp', h.hvp(x, v), hv);
  results.push({ what: name + ': prepared hvp engine', engine: h.compilation.engine, compiled: h.compilation.compiled });
  const q = preparePushforward(f, forward(), x);
  const dv = g.reduce((s, gi, i) => s + gi * v[i], 0);
  check(name + ': prepared pushforward', [q.pushforward(x, v)], [dv]);
  check(name + ': eager pushforward', [pushforward(f, forward(), x, v)], [dv]);
}
// A map kernel with a vector output: its Jacobian is diagonal, sin'(x) = cos(x).
const J = jacobian((y) => map2((a, b) => mul(sin(a), b), y, y), reverse(), x);
check('map2 kernel Jacobian', Array.from({ length: 40 }, (_, i) => J.data[i * 40 + i]),
  Array.from(x, (t) => Math.cos(t) * t + Math.sin(t)));
console.log(JSON.stringify({ codeGeneration, results }));
`;

interface Report {
  readonly codeGeneration: boolean;
  readonly results: readonly {
    readonly what: string;
    readonly err?: number;
    readonly engine?: string;
    readonly compiled?: boolean;
  }[];
}

function runChild(flags: readonly string[]): Report {
  const file = join(dir, 'script.mjs');
  writeFileSync(file, script);
  const out = execFileSync(process.execPath, [...flags, file], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(out) as Report;
}

describe('under node --disallow-code-generation-from-strings', () => {
  it('the engine imports and computes every derivative: eager, prepared (interpreted), map kernels, hvp', () => {
    const report = runChild(['--disallow-code-generation-from-strings']);
    expect(report.codeGeneration).toBe(false);
    // Every path sums the same products in a few orders: within 1e-12 of the largest entry
    // (Rosenbrock's entries here are below 1e4, and double rounding leaves ~1e-16 relative).
    for (const r of report.results) {
      if (r.err !== undefined) expect(r.err, r.what).toBeLessThanOrEqual(1e-12);
      else expect(r, r.what).toMatchObject({ engine: 'interpreted', compiled: true });
    }
    expect(report.results.length).toBe(31);
  }, 120_000);

  it('and without the flag the same script generates code', () => {
    const report = runChild([]);
    expect(report.codeGeneration).toBe(true);
    for (const r of report.results) {
      if (r.err !== undefined) expect(r.err, r.what).toBeLessThanOrEqual(1e-12);
      else expect(r, r.what).toMatchObject({ engine: 'generated', compiled: true });
    }
  }, 120_000);
});
