import { unthunk } from '@pullback/rules-core';
import { kindOf } from '../tree/kind-of.js';
import type { Layout } from '../tree/layout.js';
import { pathParts } from '../tree/paths.js';
import { readTangent, type StructureIssue } from '../tree/read-tangent.js';
import { argLabel, fail, type Harness } from './harness.js';

/**
 * Reads the cotangents a pullback returned, recording structure failures; returns one vector
 * per argument, or `undefined` for arguments whose cotangent could not be read.
 */
export function readCotangents(
  h: Harness,
  cts: unknown,
  call: string,
): (Float64Array | undefined)[] | undefined {
  if (!Array.isArray(cts)) {
    fail(h, {
      check: 'rule runs',
      argument: '',
      component: '',
      expected: `${h.args.length} cotangents`,
      actual: kindOf(cts),
      note: `${call} must return an array with one cotangent per argument`,
    });
    return undefined;
  }
  if (cts.length !== h.args.length) {
    fail(h, {
      check: 'tangent structure',
      argument: '',
      component: '',
      expected: `${h.args.length} cotangents`,
      actual: `${cts.length} cotangents`,
      note: `${call} must return one cotangent per argument, noTangent for those without a tangent space`,
    });
    return undefined;
  }
  return h.argLayouts.map((layout, k) => {
    const issues: StructureIssue[] = [];
    const v = readTangent(layout, cts[k], true, issues);
    for (const issue of issues) {
      fail(h, {
        check: 'tangent structure',
        argument: argLabel(k),
        component: issue.path,
        expected: expectedKind(layout, issue.path),
        actual: kindAt(unthunk(cts[k]), issue.path),
        note: `${call}: ${issue.message}`,
      });
    }
    return issues.length > 0 ? undefined : v;
  });
}

/** Reads the tangent an frule returned, recording structure failures. */
export function readOutputTangent(h: Harness, dy: unknown, call: string): Float64Array | undefined {
  const issues: StructureIssue[] = [];
  const v = readTangent(h.outLayout, dy, false, issues);
  for (const issue of issues) {
    fail(h, {
      check: 'tangent structure',
      argument: 'y',
      component: `y${issue.path}`,
      expected: expectedKind(h.outLayout, issue.path),
      actual: kindAt(unthunk(dy), issue.path),
      note: `${call}: ${issue.message}`,
    });
  }
  return issues.length > 0 ? undefined : v;
}

function expectedKind(layout: Layout, path: string): string {
  const parts = pathParts(path);
  let l: Layout | undefined = layout;
  for (const p of parts) {
    if (l === undefined) break;
    if (l.kind === 'tuple') l = l.items[Number(p.slice(1, -1))];
    else if (l.kind === 'record') l = l.fields[l.keys.indexOf(p.slice(1))];
    else if (l.kind === 'array' || l.kind === 'matrix') return 'a number';
    else break;
  }
  if (l === undefined) return 'nothing';
  switch (l.kind) {
    case 'number':
      return 'a number';
    case 'array':
      return `array of length ${l.size}`;
    case 'matrix':
      return `${l.rows}x${l.cols} matrix`;
    case 'tuple':
      return `array of length ${l.items.length}`;
    case 'record':
      return 'an object';
    case 'constant':
      return 'noTangent';
  }
}

function kindAt(root: unknown, path: string): string {
  const parts = pathParts(path);
  let v: unknown = root;
  for (const p of parts) {
    v = unthunk(v);
    if (v === null || typeof v !== 'object') return kindOf(v);
    v = p.startsWith('[')
      ? (v as unknown[])[Number(p.slice(1, -1))]
      : (v as Record<string, unknown>)[p.slice(1)];
  }
  return kindOf(unthunk(v));
}
