// The operators infer `x`'s type from the input and give `f` its active counterpart (a number
// is a `Real`, a `Float64Array` or `number[]` a `RealArray`, an object its fields so mapped);
// they check what `f` returns (`gradient`: one real; `jacobian`, `derivative`: any structure of
// reals; never a promise), type the extra arguments after `x`, and type results like `x`.
// Wrong code carries `// @ts-expect-error` followed by (a part of) the error on the next line.
import {
  derivative,
  differentiateWith,
  finiteDifferences,
  forward,
  gradient,
  hessian,
  hvp,
  jacobian,
  prepareGradient,
  prepareHvp,
  prepareJacobian,
  pullback,
  pushforward,
  reverse,
  valueAndGradient,
  type ActiveOf,
  type DerivativeMatrix,
} from '@pullback/engine';
import type { Real, RealArray } from '@pullback/rules-core';
import { add, at, exp, mul, square, sum } from '@pullback/rules-core/math';

// x's type comes from the input; the gradient is typed like x.
const ofRecord: { mu: number } = gradient((p) => square(p.mu), reverse(), { mu: 1 });
const ofNested: { mu: number; w: Float64Array } = gradient(
  (p) => add(square(p.mu), sum(square(p.w))),
  reverse(),
  { mu: 1, w: new Float64Array(2) },
);
const ofNumber: number = gradient((x) => mul(x, x), forward(), 3);
const ofTyped: Float64Array = gradient((x) => sum(square(x)), reverse(), new Float64Array(2));
const ofArray: number[] = gradient((x) => sum(x), reverse(), [1, 2]);
const ofList = gradient((ps) => add(square(ps[0].a), ps[1].a), reverse(), [{ a: 1 }, { a: 2 }]);
const listTyped: { a: number }[] = ofList;
const [value, ofValue] = valueAndGradient((x) => sum(exp(x)), reverse(), [0, 1]);
const valueTyped: Real = value;
const ofValueTyped: number[] = ofValue;

// What f receives, spelled out.
const received: ActiveOf<{ mu: number; w: Float64Array; xs: number[] }> = {
  mu: 1 as Real,
  w: [] as RealArray,
  xs: [] as RealArray,
};

// Extra arguments after x are typed and reach f as they are.
const weighted: Float64Array = gradient(
  (x, data, scale) => mul(scale, sum(mul(x, data))),
  reverse(),
  new Float64Array(2),
  new Float64Array([1, 2]),
  3,
);
// f may ignore an extra argument (JavaScript drops it).
hvp((x) => sum(square(x)), reverse(), new Float64Array(2), new Float64Array(2), 'unused');

// A function written for plain inputs is accepted: pullback re-runs it as a reported black box.
gradient((x: Float64Array) => x[0] * x[1], reverse(), new Float64Array(2));

// Second order, prepared forms, jacobian, pushforward and pullback infer the same way.
const h: DerivativeMatrix = hessian((p) => mul(p.a, p.b), reverse(), { a: 1, b: 2 });
const hv: { a: number; b: number } = hvp(
  (p) => mul(p.a, p.b),
  reverse(),
  { a: 1, b: 2 },
  {
    a: 1,
    b: 0,
  },
);
const prepared = prepareGradient((p) => square(p.mu), reverse(), { mu: 1 });
const again: { mu: number } = prepared.gradient({ mu: 2 });
const preparedAt5 = prepareGradient((x) => square(x), reverse(), 3).gradient(5);
const preparedHvp = prepareHvp((x) => sum(square(x)), reverse(), [1, 2]);
const hvAgain: number[] = preparedHvp.hvp([1, 2], [1, 0]);
const jac: DerivativeMatrix = jacobian((x) => ({ y: x, total: [sum(x)] }), reverse(), [1, 2]);
const preparedJac = prepareJacobian((x) => mul(x, 2), forward(), new Float64Array(2));
preparedJac.jacobian(new Float64Array(2));
pushforward((x) => [at(x, 0), square(x)], forward(), [1, 2], [1, 0]);
const pulled: Float64Array = pullback((x) => square(x), reverse(), new Float64Array(2), [1, 1]);
derivative((t) => [t, mul(t, t)], forward(), 1);

// differentiateWith keeps fn's signature outside a differentiation and takes active values inside.
const blackBox = differentiateWith((x: Float64Array) => x.map(Math.exp), finiteDifferences());
gradient((x) => sum(blackBox(x)), reverse(), new Float64Array(2));
const plainCall: Float64Array = blackBox(new Float64Array(2));

// Wrong code.

// @ts-expect-error Property 'mux' does not exist
gradient((p) => square(p.mux), reverse(), { mu: 1 });

// @ts-expect-error Type 'RealArray' is not assignable to type 'Real'.
gradient((x) => square(x), reverse(), new Float64Array(2));

// @ts-expect-error Type 'Promise<Real>' is not assignable to type 'Real'.
gradient(async (x) => square(x), reverse(), 3);

// @ts-expect-error Type 'Promise<Real>' is not assignable to type 'Real'.
hessian(async (x) => square(x), reverse(), 3);

// @ts-expect-error Type '{ mu: number; }' is not assignable to type 'string'.
const notLikeX: string = gradient((p) => square(p.mu), reverse(), { mu: 1 });

// @ts-expect-error Type 'number' is not assignable to type 'string'.
gradient((x, _label: string) => x, reverse(), 3, 4);

// @ts-expect-error Target signature provides too few arguments.
gradient((x, scale: number) => mul(x, scale), reverse(), 3);

// @ts-expect-error Type 'string' is not assignable to type 'never'.
jacobian((x) => ({ y: x, label: 'no' }), reverse(), new Float64Array(2));

// @ts-expect-error not a promise (f must not be async)
jacobian(async (x) => x, reverse(), new Float64Array(2));

// @ts-expect-error not a promise (f must not be async)
derivative(async (t) => t, forward(), 1);

// @ts-expect-error Argument of type 'number[]' is not assignable to parameter of type 'Real'.
derivative((t) => t, forward(), [1]);

// @ts-expect-error 'nu' does not exist in type '{ mu: number; }'
prepared.gradient({ nu: 2 });

// @ts-expect-error Argument of type 'string' is not assignable to parameter of type 'RealArray'.
blackBox('x');

void [ofRecord, ofNested, ofNumber, ofTyped, ofArray, listTyped, valueTyped, ofValueTyped];
void [received, weighted, h, hv, again, preparedAt5, hvAgain, jac, pulled, plainCall, notLikeX];
