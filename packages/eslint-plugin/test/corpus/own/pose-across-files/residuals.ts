// corpus: buggy
// about: marker residuals of a pose typed with the Pose alias from types.ts; the pose is active and the residual uses Math and raw arithmetic
import { at } from '@pullback/rules-core/math';
import type { Marker, Pose } from './types.js';

export function residual(pose: Pose, marker: Marker): number { // expect: prefer-generic-types
  const angle = at(pose, 0) as number;
  const px = Math.cos(angle) * marker.x - Math.sin(angle) * marker.y + (at(pose, 1) as number); // expect: no-active-coercion, no-raw-arithmetic
  const py = Math.sin(angle) * marker.x + Math.cos(angle) * marker.y + (at(pose, 2) as number); // expect: no-active-coercion, no-raw-arithmetic
  return px * px + py * py; // expect: no-raw-arithmetic
}
