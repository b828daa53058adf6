/**
 * What happens at run time when differentiable code converts an active value to a number, said
 * the same way in every message: the engines do not throw by default, they fall back.
 */
export const FALLS_BACK =
  "pullback then cannot differentiate the function as written: by default it re-runs it as a black box (finite differences: slower, less accurate) and reports the fallback; with fallback: 'error' it throws FallbackError";
