/**
 * What the sparsity tracer saw that lets `f`'s control flow differ from one point to the next:
 * the result of every comparison and every other function of zero derivative (`floor`, `sign`,
 * …), every `ifElse` condition, and every value read with `primal()`. A pattern detected at one
 * point holds at another when all of them come out the same there (SparseConnectivityTracer's
 * local patterns hold on the region of the branches taken). A prepared sparse Jacobian or Hessian
 * records them at detection, and before reusing its pattern replays `f` on cheap tracers that
 * check them again.
 */

/** What kind of value an outcome is, for the message when one changes. */
export type OutcomeKind = 'result' | 'condition' | 'read';

/** One outcome: which function gave it, and its value (a number, a boolean, or an array of them). */
interface Outcome {
  readonly kind: OutcomeKind;
  readonly name: string;
  readonly value: unknown;
}

/** Records outcomes (detection), or checks them against a recording (a prepared call). */
export class BranchRecord {
  private readonly outcomes: Outcome[] = [];
  /** While checking: the next outcome to compare, and the first difference found. */
  private position = 0;
  private checking: BranchRecord | undefined;
  private difference: string | undefined;

  /** A record that checks each outcome against `recorded` instead of keeping it. */
  static checking(recorded: BranchRecord): BranchRecord {
    const r = new BranchRecord();
    r.checking = recorded;
    return r;
  }

  /** No outcome at all: the pattern holds wherever the extra arguments are the same. */
  get empty(): boolean {
    return this.outcomes.length === 0;
  }

  /** Some value was read with `primal()`: JavaScript may branch on it where no tracer sees. */
  get readsValues(): boolean {
    return this.outcomes.some((o) => o.kind === 'read');
  }

  /** Notes an outcome (the value is copied when it is an array, so later writes cannot change it). */
  note(kind: OutcomeKind, name: string, value: unknown): void {
    const v = ArrayBuffer.isView(value) || Array.isArray(value) ? Array.from(value as []) : value;
    const recorded = this.checking;
    if (recorded === undefined) {
      this.outcomes.push({ kind, name, value: v });
      return;
    }
    if (this.difference !== undefined) return;
    const expected = recorded.outcomes[this.position++] as Outcome | undefined;
    if (expected === undefined) {
      this.difference = `${describeOutcome(kind, name)} was called where f had returned at detection`;
    } else if (expected.kind !== kind || expected.name !== name) {
      this.difference = `${describeOutcome(kind, name)} was called where ${describeOutcome(expected.kind, expected.name)} was at detection`;
    } else if (!sameValue(expected.value, v)) {
      this.difference = `${describeOutcome(kind, name)} gave ${show(v)} where it gave ${show(expected.value)} at detection`;
    }
  }

  /** After checking: what differs from the recording, or `undefined` when nothing does. */
  differs(): string | undefined {
    const recorded = this.checking;
    if (this.difference !== undefined || recorded === undefined) return this.difference;
    const missing = recorded.outcomes[this.position] as Outcome | undefined;
    return missing === undefined
      ? undefined
      : `f returned before ${describeOutcome(missing.kind, missing.name)}, which it called at detection`;
  }
}

function describeOutcome(kind: OutcomeKind, name: string): string {
  if (kind === 'read') return 'a primal() read';
  if (kind === 'condition') return `the condition of ${name}`;
  return name;
}

/** Numbers compare bit for bit (NaN equals NaN, 0 differs from -0); arrays element by element. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((e, i) => Object.is(e, b[i]));
  }
  return Object.is(a, b);
}

function show(v: unknown): string {
  if (!Array.isArray(v)) return String(v);
  const head = v.slice(0, 6).map(String).join(', ');
  return `[${head}${v.length > 6 ? ', …' : ''}]`;
}
