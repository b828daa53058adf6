/**
 * The talk's sparsity section: a tracer finds which inputs each output depends on, a coloring
 * groups columns that never share a row, and one pushforward per color recovers the Jacobian.
 */
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, mul, setAt, sign, similar, sin, square, sub } from '@pullback/rules-core/math';
import {
  coloring,
  coloringSvg,
  forward,
  jacobian,
  jacobianSparsity,
  prepareJacobian,
  pushforward,
  sparse,
  toDense,
  type SparsityPattern,
} from '@pullback/engine';
import type { Transcript } from './transcript.js';

/** `f(x) = x[1] + sign(x[2]) * x[3]` from the slide (1-based there, 0-based here). */
export const slide = (x: RealArray): Real =>
  // eslint-disable-next-line @pullback/no-nondifferentiable-math -- sign's zero derivative is the slide's point
  add(at(x, 0), mul(sign(at(x, 1)), at(x, 2)));

/** A banded map, yᵢ = sin(xᵢ₋₁) + xᵢ² − xᵢ₊₁, like the slide's `brand(30, 30, 3, 3)` but tridiagonal. */
export function banded(x: RealArray): RealArray {
  const y = similar(x);
  for (let i = 0; i < x.length; i++) {
    let v: Real = square(at(x, i));
    if (i > 0) v = add(v, sin(at(x, i - 1)));
    if (i + 1 < x.length) v = sub(v, at(x, i + 1));
    setAt(y, i, v);
  }
  return y;
}

/** The columns of row `i` of a pattern. */
const rowOf = (p: SparsityPattern, i: number): number[] =>
  Array.from(p.colIdx.subarray(p.rowPtr[i], p.rowPtr[i + 1]));

/** What the tour prints for the sparsity section. */
export function sparsityReplay(): {
  slidePattern: number[];
  colors: number;
  explain: string;
  agrees: boolean;
} {
  const x = Float64Array.from({ length: 30 }, (_, i) => Math.cos(i));
  const pattern = jacobianSparsity(banded, 'global', x);
  const prep = prepareJacobian(banded, sparse(forward()), x);
  const compressed = toDense(prep.jacobian(x)).data;
  const dense = jacobian(banded, forward(), x).data;
  return {
    slidePattern: rowOf(jacobianSparsity(slide, 'global', new Float64Array([1, 2, 3])), 0).map(
      (j) => j + 1,
    ),
    colors: coloring(pattern).count,
    explain: prep.explain(),
    agrees: compressed.every((v, k) => v === dense[k]),
  };
}

// Slide "Prerequisite 1: pattern detection", by hand: a tracer is a "number" carrying the set of
// inputs it depends on. TypeScript has no operator overloading, so the slide's f is written over
// a small number interface and run once with tracers.
/** The operations `f` uses, for any kind of number. */
interface NumberOps<N> {
  add(a: N, b: N): N;
  mul(a: N, b: N): N;
  sign(a: N): N;
}
/** The slide's tracer `T(set)`. */
interface Tracer {
  readonly set: ReadonlySet<number>;
}
const tracerOps: NumberOps<Tracer> = {
  add: (a, b) => ({ set: new Set([...a.set, ...b.set]) }), // a.set ∪ b.set
  mul: (a, b) => ({ set: new Set([...a.set, ...b.set]) }),
  sign: () => ({ set: new Set() }), // piecewise constant: depends on nothing
};
/** `f(x) = x[1] + sign(x[2]) * x[3]` (1-based as on the slide), over any number kind. */
const slideOver = <N>(ops: NumberOps<N>, x: readonly N[]): N =>
  ops.add(x[0], ops.mul(ops.sign(x[1]), x[2]));

/** An n×n pattern from a predicate on (row, column). */
function patternWhere(n: number, keep: (i: number, j: number) => boolean): SparsityPattern {
  const rowPtr = new Int32Array(n + 1);
  const colIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (keep(i, j)) colIdx.push(j);
    rowPtr[i + 1] = colIdx.length;
  }
  return { rows: n, cols: n, rowPtr, colIdx: Int32Array.from(colIdx) };
}

/** A 30×30 pattern with `band` sub- and superdiagonals (BandedMatrices' `brand(30, 30, 3, 3)`). */
export function bandedPattern(n: number, band: number): SparsityPattern {
  return patternWhere(n, (i, j) => Math.abs(i - j) <= band);
}

/** A random n×n pattern of the given density from a seeded generator (mulberry32), like `sprand`. */
export function randomPattern(n: number, density: number, seed: number): SparsityPattern {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return patternWhere(n, () => random() < density);
}

/** Whether no two columns of one color share a row. */
function validColoring(pattern: SparsityPattern, colors: Int32Array): boolean {
  return Array.from({ length: pattern.rows }, (_, i) => rowOf(pattern, i)).every(
    (row) => new Set(row.map((j) => colors[j])).size === row.length,
  );
}

/** The seed of the talk's random pattern (any seed gives a valid coloring; this one is drawn). */
export const RANDOM_SEED = 20241029;

/**
 * The two pictures of "Prerequisite 2: pattern coloring" as SVG documents: the banded 30×30
 * pattern with bands (3, 3) in its 7 colors, and the random one of density 0.2, each beside its
 * compressed matrix. `examples/talk-pictures/` holds them as files (checked equal to these).
 */
export function coloringPictures(): { banded: string; random: string } {
  const banded = bandedPattern(30, 3);
  const random = randomPattern(30, 0.2, RANDOM_SEED);
  return {
    banded: coloringSvg(banded, coloring(banded).colors, {
      title: 'brand(30, 30, 3, 3): 7 colors',
    }),
    random: coloringSvg(random, coloring(random).colors, {
      title: `sprand(30, 30, 0.2): ${coloring(random).count} colors`,
    }),
  };
}

/** The slides on sparsity. */
export function sparsitySlides(t: Transcript): void {
  t.slide('Compressed differentiation');
  // f(x) = Jx with the slide's J, written with its non-zeros only (a tracer sees structure, not
  // values: 0·x₂ would still depend on x₂). Columns 1 and 2 never share a row.
  const J = [1, 0, 5, 0, 3, 6, 2, 0, 7, 0, 4, 8];
  const f = (x: RealArray): RealArray => {
    const [x1, x2, x3] = [at(x, 0), at(x, 1), at(x, 2)];
    return [
      add(x1, mul(5, x3)),
      add(mul(3, x2), mul(6, x3)),
      add(mul(2, x1), mul(7, x3)),
      add(mul(4, x2), mul(8, x3)),
    ];
  };
  const x = new Float64Array([0.1, 0.2, 0.3]);
  const first = pushforward(f, forward(), x, new Float64Array([1, 1, 0])) as RealArray;
  const second = pushforward(f, forward(), x, new Float64Array([0, 0, 1])) as RealArray;
  t.show('J(e₁ + e₂)', first as ArrayLike<number>, [1, 3, 2, 4]);
  t.show('Je₃', second as ArrayLike<number>, [5, 6, 7, 8]);
  // Redistribute: rows of column 1 are {1, 3}, of column 2 {2, 4} (1-based).
  const pattern = jacobianSparsity(f, 'global', x);
  const recovered = new Array<number>(12).fill(0);
  for (let i = 0; i < pattern.rows; i++) {
    for (const j of rowOf(pattern, i))
      recovered[i * 3 + j] = at(j === 2 ? second : first, i) as number;
  }
  t.showMatrix(
    'J recovered from two pushforwards instead of three',
    { rows: 4, cols: 3, data: recovered },
    J,
  );

  t.slide('Prerequisite 1: pattern detection');
  const xt: Tracer[] = [1, 2, 3].map((i) => ({ set: new Set([i]) }));
  const yt = slideOver(tracerOps, xt);
  t.show('f(T.([Set(1), Set(2), Set(3)])).set, by hand', [...yt.set].sort(), [1, 3]);
  t.show(
    "pullback's tracer: jacobianSparsity(f, 'global', x), 1-based",
    sparsityReplay().slidePattern,
    [1, 3],
  );

  t.slide('Prerequisite 2: pattern coloring');
  t.say(
    'The pictures are coloringSvg(pattern, colors): examples/talk-pictures/banded.svg and random.svg.',
  );
  const banded = bandedPattern(30, 3);
  const bandedColoring = coloring(banded);
  t.show('brand(30, 30, 3, 3): colors', bandedColoring.count, 7);
  t.show(
    'its coloring is valid (one means yes)',
    Number(validColoring(banded, bandedColoring.colors)),
    1,
  );
  const random = randomPattern(30, 0.2, RANDOM_SEED);
  const randomColoring = coloring(random);
  const widest = Math.max(...Array.from({ length: 30 }, (_, i) => rowOf(random, i).length));
  // The talk's 16 came from Julia's random numbers; any valid coloring needs at least as many
  // colors as the widest row has entries, and none needs more than one per column.
  t.show(
    'sprand(30, 30, 0.2): valid (one means yes), and at least as many colors as the widest row',
    [Number(validColoring(random, randomColoring.colors)), Number(randomColoring.count >= widest)],
    [1, 1],
  );
  t.showBetween('sprand(30, 30, 0.2): colors', randomColoring.count, widest, 30);
  // The picture draws one square per non-zero: 30 rows of 7, less the corners (3 + 2 + 1 twice).
  const squares = (svg: string, group: string): number =>
    (
      svg
        .split(`<g id="${group}">`)[1]
        .split('</g>')[0]
        .match(/fill="hsl/g) ?? []
    ).length;
  const pictures = coloringPictures();
  t.show(
    'squares in the banded picture: pattern, compressed',
    [squares(pictures.banded, 'pattern'), squares(pictures.banded, 'compressed')],
    [198, 198],
  );
}
