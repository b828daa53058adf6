// corpus: buggy
// about: forward kinematics of a two-link arm whose joint angles are typed with a local alias of RealArray; Math.cos and Math.sin coerce them
import type { RealArray } from '@pullback/rules-core';
import { at } from '@pullback/rules-core/math';

type Angles = RealArray;

const L1 = 1.0;
const L2 = 0.7;

export function endEffectorX(theta: Angles): number { // expect: prefer-generic-types
  const t0 = at(theta, 0) as number;
  const t1 = at(theta, 1) as number;
  return L1 * Math.cos(t0) + L2 * Math.cos(t0 + t1); // expect: no-raw-arithmetic, no-active-coercion
}

export function endEffectorY(theta: Angles): number { // expect: prefer-generic-types
  const t0 = at(theta, 0) as number;
  return L1 * Math.sin(t0) + L2 * Math.sin(t0 + (at(theta, 1) as number)); // expect: no-raw-arithmetic, no-active-coercion
}
