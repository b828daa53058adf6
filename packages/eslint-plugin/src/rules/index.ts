import { noActiveCoercion } from './no-active-coercion.js';
import { noImpureKernel } from './no-impure-kernel.js';
import { noInputMutation } from './no-input-mutation.js';
import { noNonGenericStorage } from './no-non-generic-storage.js';
import { noNondifferentiableMath } from './no-nondifferentiable-math.js';
import { noRawArithmetic } from './no-raw-arithmetic.js';
import { noTypedArrayWrite } from './no-typed-array-write.js';
import { preferGenericTypes } from './prefer-generic-types.js';
import { preferIfelseWhenPrepared } from './prefer-ifelse-when-prepared.js';
import { validRule } from './valid-rule.js';

/** Every rule of the plugin, by the name it has after the `@pullback/` prefix. */
export const rules = {
  'no-active-coercion': noActiveCoercion,
  'no-impure-kernel': noImpureKernel,
  'no-input-mutation': noInputMutation,
  'no-non-generic-storage': noNonGenericStorage,
  'no-nondifferentiable-math': noNondifferentiableMath,
  'no-raw-arithmetic': noRawArithmetic,
  'no-typed-array-write': noTypedArrayWrite,
  'prefer-generic-types': preferGenericTypes,
  'prefer-ifelse-when-prepared': preferIfelseWhenPrepared,
  'valid-rule': validRule,
};

/** The name of one of the plugin's rules. */
export type RuleName = keyof typeof rules;
