/**
 * What the talk prints, built so that every printed number is checked: numbers are printed only
 * through `show`, which compares them with the value the slide claims (worked out by hand or
 * printed in the talk) before printing them; text that carries facts goes through `showText`
 * with a pattern it must match; prose through `say`, which refuses digits.
 */
export class Transcript {
  /** The printed lines, in order. */
  readonly lines: string[] = [];
  /** Every check that failed, with what was expected. */
  readonly failures: string[] = [];
  /** How many checks ran. */
  checks = 0;
  private title = '';

  /** Starts a slide; `title` is the slide's title in the talk. */
  slide(title: string): void {
    this.title = title;
    this.lines.push('', `── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`);
  }

  /** Prints prose. Numbers must go through `show`, so prose with a number in it is refused. */
  say(text: string): void {
    // A digit inside a name (Float64Array, badcopy2) is not a number.
    if (/(^|\W)\d/.test(text))
      throw new Error(`Transcript.say: print numbers with show(): "${text}"`);
    this.lines.push(text);
  }

  /**
   * Prints `label: actual` after checking every entry against `expected` within `tolerance`
   * (relative to max(1, |expected|); 0 means exact).
   */
  show(
    label: string,
    actual: number | ArrayLike<number>,
    expected: number | readonly number[],
    tolerance = 0,
  ): void {
    const a = typeof actual === 'number' ? [actual] : Array.from(actual);
    const e = typeof expected === 'number' ? [expected] : expected;
    const ok =
      a.length === e.length &&
      a.every((v, i) => Math.abs(v - e[i]) <= tolerance * Math.max(1, Math.abs(e[i])));
    this.record(ok, `${label}: got [${a.join(', ')}], expected [${e.join(', ')}] ± ${tolerance}`);
    this.lines.push(`${label}: ${typeof actual === 'number' ? a[0] : `[${a.join(', ')}]`}`);
  }

  /** Prints a matrix `{ rows, cols, data }` row by row after checking it like `show`. */
  showMatrix(
    label: string,
    m: { rows: number; cols: number; data: ArrayLike<number> },
    expected: readonly number[],
    tolerance = 0,
  ): void {
    const data = Array.from(m.data);
    const ok =
      data.length === expected.length &&
      data.every(
        (v, i) => Math.abs(v - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])),
      );
    this.record(
      ok,
      `${label}: got [${data.join(', ')}], expected [${expected.join(', ')}] ± ${tolerance}`,
    );
    this.lines.push(`${label}:`);
    const width = Math.max(...data.map((v) => String(v).length));
    for (let i = 0; i < m.rows; i++) {
      const row = data.slice(i * m.cols, (i + 1) * m.cols);
      this.lines.push(`  ${row.map((v) => String(v).padStart(width)).join('  ')}`);
    }
  }

  /** Prints `label: actual` after checking that `min ≤ actual ≤ max`. */
  showBetween(label: string, actual: number, min: number, max: number): void {
    this.record(min <= actual && actual <= max, `${label}: got ${actual}, expected ${min}…${max}`);
    this.lines.push(`${label}: ${actual} (between ${min} and ${max})`);
  }

  /** Prints `label: text` after checking that `text` matches `pattern`. */
  showText(label: string, text: string, pattern: RegExp): void {
    this.record(pattern.test(text), `${label}: "${text}" does not match ${pattern}`);
    this.lines.push(`${label}: ${text}`);
  }

  private record(ok: boolean, failure: string): void {
    this.checks++;
    if (!ok) this.failures.push(`${this.title} — ${failure}`);
  }
}
