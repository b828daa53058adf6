import { PullbackError } from '@pullback/rules-core';
import { describe } from '../../tree/describe.js';
import { checkPattern, transpose, type SparsityPattern } from '../pattern.js';
import { acyclicColoring } from './acyclic.js';
import { adjacencyGraph, columnIntersectionGraph } from './graph.js';
import { distance2Coloring, greedyColoring } from './greedy.js';
import { COLORING_ORDERS, vertexOrder, type ColoringOrder } from './orders.js';
import { starColoring } from './star.js';

export type { ColoringOrder };

/**
 * Which products a coloring groups: `'column'` (one Jacobian-vector product per color,
 * forward mode), `'row'` (one vector-Jacobian product per color, reverse mode) or
 * `'symmetric'` (a Hessian: one Hessian-vector product per color, using symmetry).
 */
export type ColoringPartition = 'column' | 'row' | 'symmetric';

/**
 * How colors are assigned: `'greedy'` (partial distance-2 coloring of columns or rows; for a
 * symmetric partition, distance-2 coloring of the indices), `'star'` (symmetric: every entry
 * read directly, the default for Hessians) or `'acyclic'` (symmetric: fewer colors, entries
 * recovered by substitution).
 */
export type ColoringAlgorithm = 'greedy' | 'star' | 'acyclic';

/** Options of `coloring`. */
export interface ColoringOptions {
  /** Default `'column'`. */
  readonly partition?: ColoringPartition;
  /** Default `'greedy'` for columns and rows, `'star'` for a symmetric partition. */
  readonly algorithm?: ColoringAlgorithm;
  /** The order vertices are visited in; default `'natural'`. */
  readonly order?: ColoringOrder;
  /** The seed of `order: 'random'` (default 0). */
  readonly seed?: number;
}

/** A coloring: one color (0, 1, …) per column, row or index, and how many colors there are. */
export interface Coloring {
  /** The color (0, 1, …, count − 1) of each column, row or index. */
  readonly colors: Int32Array;
  /** How many colors: the number of products a compressed Jacobian or Hessian needs. */
  readonly count: number;
}

/** Thrown when `coloring` gets an option it does not know, or a combination that makes no sense. */
export class ColoringOptionError extends PullbackError {}

/**
 * Colors a sparsity pattern (SparseMatrixColorings' `coloring`) so that a Jacobian or Hessian
 * with that pattern is computed from one product per color:
 * - `partition: 'column'` (default): columns of one color share no row;
 * - `partition: 'row'`: rows of one color share no column;
 * - `partition: 'symmetric'` (a square, symmetric pattern): `'star'` coloring (default, direct
 *   decompression) or `'acyclic'` coloring (decompression by substitution).
 *
 * Star and acyclic colorings never use more colors than the simpler valid alternatives they
 * refine (a distance-2 coloring is a star coloring, and a star coloring is acyclic): the
 * smaller of the two is returned, so with one order, acyclic ≤ star ≤ distance-2 colors.
 */
export function coloring(pattern: SparsityPattern, options: ColoringOptions = {}): Coloring {
  const p = checkPattern(pattern, 'coloring');
  const { partition, algorithm, order, seed } = checkColoringOptions(options, 'coloring');
  let colors: Int32Array;
  if (partition === 'column' || partition === 'row') {
    const q = partition === 'row' ? transpose(p) : p;
    const g = columnIntersectionGraph(q);
    colors = greedyColoring(g, vertexOrder(g, order, seed));
  } else {
    if (p.rows !== p.cols) {
      throw new ColoringOptionError(
        `coloring: partition 'symmetric' needs a square pattern (a Hessian's), got ${p.rows}×${p.cols}. ` +
          "Use partition 'column' or 'row' for a Jacobian.",
      );
    }
    const g = adjacencyGraph(p);
    const visit = vertexOrder(g, order, seed);
    const d2 = distance2Coloring(g, visit);
    if (algorithm === 'greedy') colors = d2;
    else {
      const star = fewer(starColoring(g, visit), d2);
      colors = algorithm === 'star' ? star : fewer(acyclicColoring(g, visit), star);
    }
  }
  return { colors, count: colorCount(colors) };
}

/** The options of `coloring` with their defaults, or a `ColoringOptionError` naming `operator`. */
export function checkColoringOptions(
  options: unknown,
  operator: string,
): Required<ColoringOptions> {
  if (typeof options !== 'object' || options === null) {
    throw new ColoringOptionError(
      `${operator}: the coloring options must be an object { partition, algorithm, order }, got ${describe(options)}.`,
    );
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['partition', 'algorithm', 'order', 'seed'].includes(key)) {
      throw new ColoringOptionError(
        `${operator}: unknown coloring option '${key}'; the options are partition, algorithm, order and seed.`,
      );
    }
  }
  const partition = (o.partition ?? 'column') as ColoringPartition;
  if (!['column', 'row', 'symmetric'].includes(partition)) {
    throw new ColoringOptionError(
      `${operator}: partition must be 'column', 'row' or 'symmetric', got ${describe(o.partition)}.`,
    );
  }
  const algorithm = (o.algorithm ??
    (partition === 'symmetric' ? 'star' : 'greedy')) as ColoringAlgorithm;
  if (!['greedy', 'star', 'acyclic'].includes(algorithm)) {
    throw new ColoringOptionError(
      `${operator}: algorithm must be 'greedy', 'star' or 'acyclic', got ${describe(o.algorithm)}.`,
    );
  }
  if (algorithm !== 'greedy' && partition !== 'symmetric') {
    throw new ColoringOptionError(
      `${operator}: algorithm '${algorithm}' colors symmetric patterns (Hessians); with partition '${partition}' use 'greedy', or pass partition: 'symmetric'.`,
    );
  }
  const order = (o.order ?? 'natural') as ColoringOrder;
  if (!COLORING_ORDERS.includes(order)) {
    throw new ColoringOptionError(
      `${operator}: order must be one of ${COLORING_ORDERS.map((x) => `'${x}'`).join(', ')}, got ${describe(o.order)}.`,
    );
  }
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new ColoringOptionError(`${operator}: seed must be an integer, got ${describe(o.seed)}.`);
  }
  return { partition, algorithm, order, seed };
}

/** The coloring with fewer colors (the first on a tie). */
function fewer(a: Int32Array, b: Int32Array): Int32Array {
  return colorCount(b) < colorCount(a) ? b : a;
}

/** Number of colors used. */
export function colorCount(colors: Int32Array): number {
  let max = -1;
  for (const c of colors) if (c > max) max = c;
  return max + 1;
}
