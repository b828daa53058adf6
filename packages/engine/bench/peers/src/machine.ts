/** Where and with what a run was made: the machine, its load, and every tool's version. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The machine a run was made on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

/** The three load averages (1, 5 and 15 minutes) and when they were read. */
export interface Load {
  readonly at: string;
  readonly loadAverage: readonly [number, number, number];
}

/** The versions of the tools measured, and the commit of pullback. */
export interface Versions {
  readonly pullback: string;
  readonly tfjs: string;
  readonly jaxJs: string;
}

/** The machine this process runs on. */
export function machine(): Machine {
  const cs = cpus();
  return {
    cpu: cs[0]?.model.trim() ?? 'unknown',
    cores: cs.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The load averages now. */
export function load(): Load {
  const [a, b, c] = loadavg().map((v) => Number(v.toFixed(2)));
  return { at: new Date().toISOString(), loadAverage: [a, b, c] };
}

/**
 * The version in `node_modules/<pkg>/package.json`, looked for upwards from here as Node resolves
 * packages (`require.resolve` cannot be used: not every package exports its package.json).
 */
function versionOf(pkg: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** The commit pullback was built from, with `-dirty` when the tree had changes. */
function commit(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** The versions measured. */
export function versions(): Versions {
  return {
    pullback: `${versionOf('@pullback/engine')} (${commit()})`,
    tfjs: versionOf('@tensorflow/tfjs'),
    jaxJs: versionOf('@jax-js/jax'),
  };
}
