import type { CallSite } from '../call-site.js';

/**
 * The buffers an interpreted run reads and writes: the very workspace generated code gets
 * (kernels.ts), seen through the fields the interpreter uses. Forward kernels have no adjoint
 * buffers; reverse kernels without lanes have empty tangent buffers.
 */
export interface RunBuffers {
  /** The program's buffers by number (temps, captured arrays). */
  readonly B: readonly (Float64Array | readonly number[])[];
  /** The call sites, in the order of the program's top-level calls. */
  readonly CS: readonly CallSite[];
  /** The output, flattened. */
  readonly Y: Float64Array;
  /** Tangents of the input, lane after lane. */
  readonly TX: Float64Array;
  /** Tangent buffers of temps, `lanes` times their length. */
  readonly TB: readonly Float64Array[];
  /** Output tangents (forward kernels), lane after lane. */
  readonly TY?: Float64Array;
  /** Adjoint buffers of temps (reverse kernels). */
  readonly GB?: readonly Float64Array[];
  /** Adjoint-tangent buffers of temps (forward over reverse). */
  readonly GBT?: readonly Float64Array[];
  /** Tapes of carried values, and of their tangents (`lanes` per tape). */
  readonly TP?: readonly Float64Array[];
  readonly TPT?: readonly Float64Array[];
  /** The output cotangent, the input's adjoint and the adjoint's tangents. */
  readonly DY?: Float64Array;
  readonly G?: Float64Array;
  readonly GT?: Float64Array;
}
