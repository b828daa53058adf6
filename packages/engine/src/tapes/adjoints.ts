import type { Real } from '@pullback/rules-core';
import type { DualArray } from '../values/dual.js';
import { elementOf } from '../tree/leaves.js';
import { ForwardOverReverseAdjoints } from './forward-over-reverse-adjoints.js';
import { accumulate } from '../values/real-arithmetic.js';

/**
 * Adjoint storage, by tape kind: numbers in a numeric tape, reals in a generic one, split duals
 * in a forward-over-reverse tape. Rules' pullbacks and the other generic operations read and write
 * adjoints only through the functions below, so they work on every kind; the hot paths of
 * each tape index their own kind directly.
 */
export type Adjoints = Float64Array | Real[] | ForwardOverReverseAdjoints;

/** The adjoint of `id`. */
export function adjointAt(adj: Adjoints, id: number): Real {
  return adj instanceof ForwardOverReverseAdjoints ? adj.at(id) : adj[id];
}

/** Adds the cotangent `c` to the adjoint of `id`. */
export function addAdjoint(adj: Adjoints, id: number, c: Real): void {
  if (adj instanceof ForwardOverReverseAdjoints) adj.add(id, c);
  else adj[id] = accumulate(adj[id], c);
}

/** True when the adjoints of `id … id + n - 1` are all exactly zero. */
export function isZeroAdjoint(adj: Adjoints, id: number, n: number): boolean {
  if (adj instanceof ForwardOverReverseAdjoints) return adj.isZero(id, n);
  for (let i = id, end = id + n; i < end; i++) if (adj[i] !== 0) return false;
  return true;
}

/** The adjoints of `id … id + n - 1` as one array (a copy). */
export function adjointRange(
  adj: Adjoints,
  id: number,
  n: number,
): Float64Array | Real[] | DualArray {
  return adj instanceof ForwardOverReverseAdjoints ? adj.range(id, n) : adj.slice(id, id + n);
}

/** Adds the array cotangent `c`, of any array kind, to the adjoints of `id … id + n - 1`. */
export function addAdjointRange(adj: Adjoints, id: number, n: number, c: unknown): void {
  if (adj instanceof Float64Array && c instanceof Float64Array) {
    for (let i = 0; i < n; i++) adj[id + i] += c[i];
  } else if (adj instanceof ForwardOverReverseAdjoints) adj.addRange(id, n, c);
  else for (let i = 0; i < n; i++) adj[id + i] = accumulate(adj[id + i], elementOf(c, i));
}
