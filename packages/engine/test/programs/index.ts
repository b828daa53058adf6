/**
 * Random differentiable programs for differential tests: a fast-check arbitrary of small
 * programs over the math vocabulary (scalar and elementwise functions, `at`/`slice`/`concat`,
 * `setAt` into local storage, `map`/`map2`, `ifElse` with comparisons, reductions, small matrix
 * operations), on structured inputs (numbers, `number[]`, `Float64Array`, matrices, nested plain
 * objects and arrays), with in-place writes into `number[]` inputs (`setAt` and `x[i] = …`).
 *
 * A program is straight-line code (one operation per statement, in SSA form), kept printable so
 * a counterexample reads as code. It is decoded from a list of choices, so fast-check shrinks it
 * by dropping and lowering choices. Its functions stay smooth and bounded where they are used
 * (`div(a, 2 + b²)`, `log(1.5 + a²)`, `exp(tanh(a))`, …), and every kink or branch (comparisons,
 * `max`, `min`, `abs`, `norm`) records how far the point is from it (`Margins`), so tests of
 * finite differences can skip points where a stencil would straddle one. Features can be
 * switched off by name (`ProgramFeatures`) while a bug they expose is open.
 */
export * from './types.js';
export { decodeProgram, programCases } from './decode.js';
export { buildInput, leavesOf, sizeOfShape } from './input-shape.js';
export { copyInput, jacobianFunction, marginAt, scalarFunction } from './run.js';
export { show } from './show.js';
export { Margins } from './functions.js';
