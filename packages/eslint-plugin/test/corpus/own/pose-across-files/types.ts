// corpus: buggy
// about: shared types of a pose estimation model: a pose is a RealArray of angles and offsets
import type { RealArray } from '@pullback/rules-core';

export type Pose = RealArray;

export interface Marker {
  readonly x: number;
  readonly y: number;
}
