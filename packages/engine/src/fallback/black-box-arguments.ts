import { isActive, PRIMAL } from '@pullback/rules-core';
import { DESCEND, holdsActive, mapLeaves } from '../tree/walk.js';
import { primalDeep } from '../tree/primal-deep.js';

/** Where one active scalar sits among a call's arguments (an element of an active array: `index`). */
export interface SlotPosition {
  readonly arg: number;
  readonly path: readonly (string | number)[];
  /** Element index inside an active array, or -1 for an active scalar. */
  readonly index: number;
}

/**
 * The arguments as a black box hands them to the body: each active value replaced by its
 * numbers, inside fresh copies of the arrays and plain objects that hold one, so the body can
 * change what it receives without touching the caller's data or the next evaluation's.
 * Everything else (extra arguments, a `Float32Array`, a class instance, a `Map`) is passed as it
 * is, exactly as a plain call would pass it: a copy would change its kind (a typed array
 * becomes a plain object, an instance loses its methods), and the differences never move it.
 */
export function plainArguments(args: readonly unknown[]): unknown[] {
  return args.map(detached);
}

function detached(x: unknown): unknown {
  return mapLeaves(x, detachedNode);
}

function detachedNode(x: unknown): unknown {
  if (isActive(x)) {
    const v = primalDeep(x);
    // A dense array's primal may be the very buffer the caller passed: copy it.
    return v instanceof Float64Array && v === x[PRIMAL] ? v.slice() : v;
  }
  // Only the containers that hold an active value are copied.
  return holdsActive(x) ? DESCEND : x;
}

/** The container of a slot in (detached) arguments, and its key there. */
function locate(
  root: readonly unknown[],
  slot: SlotPosition,
): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = root as unknown as Record<string | number, unknown>;
  let key: string | number = slot.arg;
  for (const p of slot.path) {
    parent = parent[key] as Record<string | number, unknown>;
    key = p;
  }
  if (slot.index >= 0) {
    parent = parent[key] as Record<string | number, unknown>;
    key = slot.index;
  }
  return { parent, key };
}

/** The number at `slot` in detached arguments. */
export function readSlot(root: readonly unknown[], slot: SlotPosition): number {
  const { parent, key } = locate(root, slot);
  return parent[key] as number;
}

/**
 * Fresh plain arguments with the number at each slot `j` moved by `shift(j)`: every slot sits
 * in a detached container, so the write never reaches the caller's data.
 */
export function shiftedArguments(
  args: readonly unknown[],
  slots: readonly SlotPosition[],
  shift: (j: number) => number,
): unknown[] {
  const copy = plainArguments(args);
  slots.forEach((slot, j) => {
    const d = shift(j);
    if (d === 0) return;
    const { parent, key } = locate(copy, slot);
    parent[key] = (parent[key] as number) + d;
  });
  return copy;
}
