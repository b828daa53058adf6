import { isActive, isNoTangent, isThunk, isZeroTangent, primal } from '@pullback/rules-core';
import { isMatrixLike } from '../tree/layout.js';

/**
 * Plain-text rendering for failure reports: they are read in terminals and in vitest output,
 * so no colour codes and nothing wider than needed.
 */

/** A number with enough significant digits to see a 1e-9 relative difference. */
export function formatNumber(x: number, digits = 12): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e9) return trimZeros(x.toPrecision(digits));
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  return `${trimZeros(mantissa)}e${exponent}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** An error estimate: two significant digits is all it deserves. */
export function formatError(x: number | undefined): string {
  if (x === undefined) return '';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '?' : 'inf';
  return x.toExponential(1);
}

/** A compact one-line rendering of a value, truncating long arrays. */
export function formatValue(v: unknown, depth = 0, limit = 6): string {
  if (typeof v === 'number') return formatNumber(v, 6);
  if (typeof v === 'string') return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
  if (typeof v === 'function') return v.name ? `[function ${v.name}]` : '[function]';
  if (typeof v !== 'object' || v === null) return String(v);
  if (isNoTangent(v)) return 'noTangent';
  if (isZeroTangent(v)) return 'zeroTangent';
  if (isThunk(v)) return 'thunk(…)';
  if (isActive(v)) return `active(${formatValue(primal(v), depth + 1)})`;
  if (depth > 3) return '…';
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const xs = Array.from(v as unknown as ArrayLike<unknown>);
    const shown = xs.slice(0, limit).map((e) => formatValue(e, depth + 1));
    if (xs.length > limit) shown.push(`… ${xs.length - limit} more`);
    const body = `[${shown.join(', ')}]`;
    return v instanceof Float64Array ? `Float64Array ${body}` : body;
  }
  if (isMatrixLike(v)) {
    return `{ rows: ${v.rows}, cols: ${v.cols}, data: ${formatValue(v.data, depth + 1, limit)} }`;
  }
  const entries = Object.entries(v).map(([k, e]) => `${k}: ${formatValue(e, depth + 1)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/** Left-aligned columns with a dashed rule under the header. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = '  ',
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    (indent + cells.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ')).trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Shortens a cell so one long value cannot push the table off the screen. */
export function clip(s: string, max = 48): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
