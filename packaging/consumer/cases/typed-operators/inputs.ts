// The operators' types as a user meets them. Cases of wrong code carry `// @ts-expect-error`
// followed by (a part of) the error TypeScript must report on the next line.
import { gradient, reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { sum, square } from '@pullback/rules-core/math';

const g: Float64Array = gradient((x: RealArray) => sum(square(x)), reverse(), new Float64Array(2));
const h: number[] = gradient((x: RealArray) => sum(square(x)), reverse(), [1, 2]);
void g;
void h;

// @ts-expect-error Argument of type 'string' is not assignable to parameter of type 'Input'.
gradient((x: RealArray) => sum(x), reverse(), 'x');
