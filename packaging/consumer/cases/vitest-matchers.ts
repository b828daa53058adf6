// Issue 16, item 1: the matchers' types load from the published package. The side-effect import
// comes first, before this file imports vitest itself, as in a user's test file.
import '@pullback/test-utils/vitest';
import { pullbackMatchers } from '@pullback/test-utils/vitest';
import { reverse } from '@pullback/engine';
import type { RealArray } from '@pullback/rules-core';
import { mul, sin, sum, square } from '@pullback/rules-core/math';
import { expect } from 'vitest';

expect(mul).toSatisfyFrule([2, [1, 2, 3]]);
expect(mul).toSatisfyRrule([2, [1, 2, 3]], { order: 2 });
expect(sin).not.toSatisfyRrule([0.4]);
expect((x: RealArray) => sum(square(x))).toMatchFiniteDifferences([1, 2], reverse());
expect({ rule: sin }).toEqual({ rule: expect.toSatisfyRrule([0.4]) });
expect.extend(pullbackMatchers);

// @ts-expect-error Expected 1-2 arguments, but got 3.
expect(mul).toSatisfyRrule(2, [1, 2, 3], {});
// @ts-expect-error Object literal may only specify known properties
expect(mul).toSatisfyRrule([2, 3], { ordre: 2 });
