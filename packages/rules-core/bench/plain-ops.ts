/**
 * The floor for any function library: operators as the plainest functions, imported from
 * another module, as the vocabulary is. V8 calls an imported function through the module's
 * import cell (it does not fold it to a constant the way it folds a local `const`), which
 * costs a load and a target check per call even when the function is inlined.
 */
export const add = (a: number, b: number): number => a + b;
export const sub = (a: number, b: number): number => a - b;
export const mul = (a: number, b: number): number => a * b;
export const square = (a: number): number => a * a;
