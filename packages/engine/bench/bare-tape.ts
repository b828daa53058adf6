/**
 * The floor of eager taping, for scale: Rosenbrock's scalar loop differentiated by the least
 * an operator-overloading-style reverse mode must do in JavaScript. One object per scalar
 * result, parents and partials written to typed arrays, one backward sweep; no vocabulary,
 * no dispatch, no rules, and the tape's buffers reused across calls as the engine reuses its
 * own. Whatever the engine's scalar loop costs beyond this is dispatch; what this costs is
 * what only compiled preparation (no object per operation) can remove.
 */

class Scalar {
  constructor(
    readonly v: number,
    readonly id: number,
  ) {}
}

let parent = new Int32Array(1 << 10);
let partial = new Float64Array(1 << 10);
let opOut = new Int32Array(1 << 10);
let opEnd = new Int32Array(1 << 10);
let adjoint = new Float64Array(1 << 10);
let ids = 0;
let ops = 0;
let edges = 0;

function grown<T extends Int32Array | Float64Array>(a: T, needed: number): T {
  if (needed <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(needed, 2 * a.length));
  b.set(a);
  return b;
}

function record(y: number, p0: number, d0: number, p1: number, d1: number): Scalar {
  if (edges + 2 > parent.length) {
    parent = grown(parent, edges + 2);
    partial = grown(partial, edges + 2);
  }
  if (ops + 1 > opOut.length) {
    opOut = grown(opOut, ops + 1);
    opEnd = grown(opEnd, ops + 1);
  }
  if (p0 >= 0) {
    parent[edges] = p0;
    partial[edges++] = d0;
  }
  if (p1 >= 0) {
    parent[edges] = p1;
    partial[edges++] = d1;
  }
  const id = ids++;
  opOut[ops] = id;
  opEnd[ops++] = edges;
  return new Scalar(y, id);
}

type S = Scalar | number;
const value = (a: S): number => (typeof a === 'number' ? a : a.v);
const id = (a: S): number => (typeof a === 'number' ? -1 : a.id);
const add = (a: S, b: S): Scalar => record(value(a) + value(b), id(a), 1, id(b), 1);
const sub = (a: S, b: S): Scalar => record(value(a) - value(b), id(a), 1, id(b), -1);
const mul = (a: S, b: S): Scalar => record(value(a) * value(b), id(a), value(b), id(b), value(a));
const square = (a: Scalar): Scalar => record(a.v * a.v, a.id, 2 * a.v, -1, 0);

/** The gradient of Rosenbrock's scalar loop on the bare tape. */
export function bareTapeGradient(x: Float64Array): Float64Array {
  ids = x.length;
  ops = 0;
  edges = 0;
  let s: S = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = new Scalar(x[i], i);
    const b = new Scalar(x[i + 1], i + 1);
    s = add(s, add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));
  }
  if (adjoint.length < ids) adjoint = new Float64Array(ids);
  else adjoint.fill(0, 0, ids);
  if (typeof s !== 'number') adjoint[s.id] = 1;
  for (let k = ops - 1; k >= 0; k--) {
    const g = adjoint[opOut[k]];
    if (g === 0) continue;
    for (let e = k > 0 ? opEnd[k - 1] : 0; e < opEnd[k]; e++) adjoint[parent[e]] += g * partial[e];
  }
  return adjoint.slice(0, x.length);
}
