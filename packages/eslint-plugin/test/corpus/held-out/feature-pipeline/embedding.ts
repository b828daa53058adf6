// corpus: buggy
// about: a cosine alignment loss of an embedding; normalizeInPlace (preprocess.ts) overwrites the operator's input before the dot product, and reverse mode differentiates the overwritten array wrongly
import { gradient, reverse } from '@pullback/engine';
import type { Real } from '@pullback/rules-core';
import { dot, sub } from '@pullback/rules-core/math';
import { normalizeInPlace } from './preprocess.js';

export function alignmentLoss(embedding: Real[], anchor: readonly number[]): Real {
  return sub(1, dot(normalizeInPlace(embedding), anchor));
}

export const alignmentGradient = (e0: number[], anchor: number[]) =>
  gradient((e: Real[]) => alignmentLoss(e, anchor), reverse(), e0);
