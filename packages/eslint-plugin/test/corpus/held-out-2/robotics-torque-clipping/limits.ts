// corpus: buggy
// about: clips a torque vector in place with Math.min/Math.max; effort.ts passes it the operator's input, so it overwrites the input with values Math cannot compute from active torques
export function clipInPlace(v: number[], bound: number) { // expect: prefer-generic-types
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.min(Math.max(v[i], -bound), bound); // expect: no-input-mutation, no-active-coercion
  }
  return v;
}
