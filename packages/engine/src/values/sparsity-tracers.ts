import { PRIMAL } from '@pullback/rules-core';
import type { Interpreter } from '@pullback/rules-core/interpreter';
import { ActiveArrayValue, ActiveScalar } from './active-value.js';
import { EMPTY, SetList, type IndexSet } from '../sparsity/index-set.js';

/** What a tracer tells its interpreter when user code reads its value with `primal()`. */
export interface ValueReads {
  read(value: number | Float64Array): void;
}

/**
 * A scalar carrying its value, the inputs it may depend on (`inputSet`) and, for Hessian patterns, the
 * input pairs its second derivative may involve (`pairSet`, encoded `i * n + j` with `i ≤ j`). Reading
 * its value through `primal()` is noted (`f` may branch on it); the engine reads `value` directly.
 */
export class TracerScalar extends ActiveScalar {
  constructor(
    readonly owner: Interpreter & ValueReads,
    readonly value: number,
    readonly inputSet: IndexSet,
    readonly pairSet: IndexSet = EMPTY,
  ) {
    super();
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['Tracer', this.value, this.inputSet];
  }
  override get [PRIMAL](): unknown {
    this.owner.read(this.value);
    return this.value;
  }
}

/**
 * A dense array of traced values, its sets in CSR layout (`SetList`). `setAt` writes in place:
 * the first write turns the lists into per-element arrays, which later whole-array operations
 * turn back (so a loop of writes costs one conversion, not one copy per write).
 */
export class TracerArray extends ActiveArrayValue {
  readonly length: number;
  private list: SetList | undefined;
  private pairList: SetList | undefined;
  private edited: IndexSet[] | undefined;
  private editedPairs: IndexSet[] | undefined;

  /** Whether `value` may be shared with another array (a slice's view): copied before a write. */
  private shared: boolean;

  constructor(
    readonly owner: Interpreter & ValueReads,
    public value: Float64Array,
    s: SetList,
    h?: SetList,
    shared = false,
  ) {
    super();
    this.length = value.length;
    // Every field assigned here: a field missing on an active array is looked up through the
    // indexing proxy at the end of its prototype chain, which is slow.
    this.list = s;
    this.pairList = h;
    this.edited = undefined;
    this.editedPairs = undefined;
    this.shared = shared;
  }
  protected inspected(): readonly [string, ...unknown[]] {
    return ['TracerArray', this.value];
  }

  /** Every element's set. */
  sets(): SetList {
    this.list ??= SetList.of(this.edited as IndexSet[]);
    return this.list;
  }

  /** Every element's pairs, or `undefined` when no pairs are tracked. */
  pairs(): SetList | undefined {
    if (this.pairList === undefined && this.editedPairs !== undefined) {
      this.pairList = SetList.of(this.editedPairs);
    }
    return this.pairList;
  }

  elementSet(i: number): IndexSet {
    return this.edited !== undefined ? this.edited[i] : (this.list as SetList).get(i);
  }

  elementPairs(i: number): IndexSet {
    if (this.editedPairs !== undefined) return this.editedPairs[i];
    return this.pairList === undefined ? EMPTY : this.pairList.get(i);
  }

  /** Notes that a view of `value` was handed out: the next write copies `value` first. */
  markShared(): void {
    this.shared = true;
  }

  /** Element `i` becomes `value` with sets `s` and `h`. */
  write(i: number, value: number, s: IndexSet, h: IndexSet): void {
    if (this.shared) {
      this.value = this.value.slice();
      this.shared = false;
    }
    this.value[i] = value;
    if (this.edited === undefined) {
      const list = this.list as SetList;
      this.edited = Array.from({ length: this.length }, (_, k) => list.get(k));
    }
    this.edited[i] = s;
    this.list = undefined;
    const tracked = this.pairList !== undefined || this.editedPairs !== undefined || h.length > 0;
    if (tracked) {
      if (this.editedPairs === undefined) {
        const pairs = this.pairList;
        this.editedPairs = Array.from({ length: this.length }, (_, k) =>
          pairs === undefined ? EMPTY : pairs.get(k),
        );
      }
      this.editedPairs[i] = h;
      this.pairList = undefined;
    }
  }

  override get [PRIMAL](): unknown {
    this.owner.read(this.value);
    return this.value;
  }
}
