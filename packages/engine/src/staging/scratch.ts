/**
 * The buffers a compiled call works in besides the kernels' workspaces: the flattened input,
 * directions, cotangents and seeds, and the gradients a call reads before shaping its result.
 * One set belongs to the preparation and is reused by every call; a call made while another
 * runs (a rule calling back into the same preparation) gets a fresh set, since the call running
 * still reads its own.
 */
export class Scratch {
  private readonly slots: Float64Array[] = [];

  /** Buffer `slot` of exactly `length` numbers (made at its first use, or when the length changes). */
  get(slot: Slot, length: number): Float64Array {
    let b = this.slots[slot];
    if (b === undefined || b.length !== length) this.slots[slot] = b = new Float64Array(length);
    return b;
  }
}

/** What each buffer of a `Scratch` holds (plain numbers: `const enum` does not cross files here). */
export const Slot = {
  /** The flattened input. */
  X: 0,
  /** A direction (or the lanes of a batch, one after another). */
  T: 1,
  /** A cotangent, or a seed. */
  DY: 2,
  /** The gradient a call reads before shaping its result. */
  G: 3,
  /** The directional derivatives of the gradient, likewise. */
  GT: 4,
  /** `T` and `GT` for the last chunk of a batch or a matrix, when it has fewer lanes. */
  T_LAST: 5,
  GT_LAST: 6,
  /** The value, first and second derivatives a second-derivative call gathers per output. */
  VALUE: 7,
  D1: 8,
  D2: 9,
} as const;
export type Slot = (typeof Slot)[keyof typeof Slot];

/** The preparation's own `Scratch`, and fresh ones for re-entrant calls. */
export class Scratches {
  private readonly shared = new Scratch();
  private busy = false;

  /** The set of one call: pair with `leave` in a `finally`. */
  enter(): Scratch {
    if (this.busy) return new Scratch();
    this.busy = true;
    return this.shared;
  }

  leave(s: Scratch): void {
    if (s === this.shared) this.busy = false;
  }
}

/**
 * Copies the numbers of `t` into `out` from `offset`. A loop of its own: `flattenInto` reads
 * every kind of array, and its generic element load boxes each double of a `number[]` it
 * reads (16 bytes per element per call).
 */
export function numbersInto(t: readonly number[], out: Float64Array, offset: number): void {
  for (let i = 0; i < t.length; i++) out[offset + i] = t[i];
}
