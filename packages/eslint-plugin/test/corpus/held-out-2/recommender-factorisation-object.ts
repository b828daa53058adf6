// corpus: buggy
// about: matrix-factorisation recommender as an object literal; its methods take the flattened embeddings as number[] and score them with raw `*`
import { gradient, reverse } from '@pullback/engine';

interface Rating {
  user: number;
  item: number;
  value: number;
}

const dim = 4;
const userCount = 3;

export const recommender = {
  score(theta: number[], user: number, item: number) { // expect: prefer-generic-types
    const u = user * dim;
    const v = (userCount + item) * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += theta[u + d] * theta[v + d]; // expect: no-raw-arithmetic
    return s;
  },
  loss(theta: number[], ratings: Rating[], l2: number) { // expect: prefer-generic-types
    let total = 0;
    for (const r of ratings) {
      const err = this.score(theta, r.user, r.item) - r.value; // expect: no-raw-arithmetic
      total += err * err; // expect: no-raw-arithmetic
    }
    for (const t of theta) total += l2 * t * t; // expect: no-raw-arithmetic
    return total;
  },
};

const ratings: Rating[] = [
  { user: 0, item: 1, value: 4 },
  { user: 1, item: 0, value: 2 },
  { user: 2, item: 1, value: 5 },
];
const theta0 = Array.from({ length: (userCount + 2) * dim }, (_, k) => 0.1 * Math.sin(k + 1));

export const step = gradient((theta: number[]) => recommender.loss(theta, ratings, 0.01), reverse(), theta0); // expect: prefer-generic-types
