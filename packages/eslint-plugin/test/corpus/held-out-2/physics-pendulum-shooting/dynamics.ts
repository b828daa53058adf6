// corpus: buggy
// about: pendulum dynamics on a State alias of number[]; Math.sin and raw `*` on the state drop the sensitivity the shooting method needs
export type State = number[];

export function pendulum(s: State, gravity: number, length: number) { // expect: prefer-generic-types
  const [theta, omega] = s;
  return [omega, -(gravity / length) * Math.sin(theta)]; // expect: no-raw-arithmetic, no-active-coercion
}
