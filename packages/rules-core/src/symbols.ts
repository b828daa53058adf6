/**
 * Registry keys shared by every installed copy of rules-core. `Symbol.for` makes two copies
 * (say, one bundled by a dependency) agree on what is active and which interpreters are in flight.
 */

/** Brand on every active value; its value is the interpreter that owns the active value. */
export const ACTIVE: unique symbol = Symbol.for('@pullback/active') as never;
/** On an active value: the value one level down (a number, an array, or a lower-level active value). */
export const PRIMAL: unique symbol = Symbol.for('@pullback/primal') as never;
/** On a differentiable function: its rules. */
export const RULES: unique symbol = Symbol.for('@pullback/rules') as never;
/** On `globalThis`: the stack of interpreters in flight. */
export const STACK: unique symbol = Symbol.for('@pullback/interpreter-stack') as never;
/** Brand on tangent singletons and thunks. */
export const TANGENT_KIND: unique symbol = Symbol.for('@pullback/tangent-kind') as never;
