/** `a` or `an` before a word, by its first letter ("an Int32Array", "a Uint8Array"). */
export function article(word: string): string {
  return /^[aeio]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** `n` and the noun, singular or plural: "1 input", "3 inputs", "2 forward passes". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A short description of a value for error messages, with its article ("an Int32Array"). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return article(v.constructor.name);
  if (typeof v === 'function') return `a function${v.name ? ` (${v.name})` : ''}`;
  if (typeof v === 'object') {
    const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)
      ?.constructor?.name;
    return name && name !== 'Object' ? article(name) : 'an object';
  }
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return `the bigint ${v}n`;
  if (typeof v === 'symbol') return `a symbol (${v.description ?? ''})`;
  return `the ${typeof v} ${String(v)}`;
}
