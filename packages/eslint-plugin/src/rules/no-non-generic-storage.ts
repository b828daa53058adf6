import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticPropertyName, valueParent } from '../analysis/ast.js';
import { classifyAnnotation } from '../analysis/annotations.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { analysisOf } from '../analysis/project.js';
import { CORE_MODULE, MATH_MODULE } from '../analysis/pullback-names.js';
import { typedArrayAllocation } from '../analysis/storage.js';
import { planImports, type ImportRequest } from '../fixes/imports.js';
import { createRule } from '../util/create-rule.js';

/** Options of `no-non-generic-storage`. */
export interface NoNonGenericStorageOptions {
  /** Also report `new Array(n).fill(0)` typed `number[]`, not only typed arrays. */
  checkNumberArrays?: boolean;
}

/** Message ids of `no-non-generic-storage`. */
export type NoNonGenericStorageMessageId =
  | 'typedArray'
  | 'typedArrayNoShape'
  | 'numberArray'
  | 'numberArrayNoShape'
  | 'useZerosLike'
  | 'useSimilar';

/** An allocation of storage that can hold only plain numbers. */
interface Allocation {
  /** The whole allocating expression (with a trailing `.fill(...)`). */
  readonly node: TSESTree.Expression;
  /** `Float64Array`, `number[]`, ... */
  readonly kind: string;
  /** Arguments whose values the storage receives when it is created. */
  readonly initialValues: readonly TSESTree.Node[];
  /** The array whose length sized it (`x` in `new Float64Array(x.length)`), if any. */
  readonly shapeOf: TSESTree.Expression | undefined;
  /** Filled with values (not zeros), which `similar`/`zerosLike` would not reproduce. */
  readonly filledWithValue?: boolean;
}

/**
 * Reports storage that holds only plain numbers (`new Float64Array(n)`, `new Array(n).fill(0)`
 * typed `number[]`) receiving values derived from the inputs: the talk's `badcopy`. The fix is
 * ForwardDiff's `zeros(eltype(x), size(x))`: `similar(x)` or `zerosLike(x)`.
 */
export const noNonGenericStorage = createRule<
  [NoNonGenericStorageOptions],
  NoNonGenericStorageMessageId
>({
  name: 'no-non-generic-storage',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow number-only storage for values derived from the inputs of differentiable code',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkNumberArrays: {
            type: 'boolean',
            description: 'Also report arrays allocated with new Array(n) and typed number[].',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkNumberArrays: true }],
    messages: {
      typedArray:
        "'{{name}}' is a {{kind}}, which holds only plain numbers, yet it receives values derived from the inputs (ForwardDiff's badcopy example): writing an active value into it cannot keep its derivative, so pullback falls back to differentiating the whole function as a black box and reports it (an error with fallback: 'error'). Allocate it with similar({{input}}) or zerosLike({{input}}), which hold whatever {{input}} holds, and write with setAt.",
      typedArrayNoShape:
        "'{{name}}' is a {{kind}}, which holds only plain numbers, yet it receives values derived from the inputs (ForwardDiff's badcopy example): writing an active value into it cannot keep its derivative, so pullback falls back to differentiating the whole function as a black box and reports it (an error with fallback: 'error'). No input has its length: build it as a Real[] (const {{name}}: Real[] = []; {{name}}.push(v)) or allocate similar(x, n) from an input x.",
      numberArray:
        "'{{name}}' is typed number[], yet it receives values derived from the inputs, which may be active. Allocate it with similar({{input}}) or zerosLike({{input}}) and write with setAt.",
      numberArrayNoShape:
        "'{{name}}' is typed number[], yet it receives values derived from the inputs, which may be active. Type it Real[] (from @pullback/rules-core).",
      useZerosLike: 'Allocate with zerosLike({{input}}) (zero-filled, like {{kind}}).',
      useSimilar: 'Allocate with similar({{input}}).',
    },
  },
  create(context, [options]) {
    const found = analysisOf(context);
    if (!found?.hasDifferentiableCode) return {};
    const analysis = found;
    const sourceCode = context.sourceCode;

    const check = (allocation: Allocation): void => {
      if (!analysis.enclosingDifferentiable(allocation.node)) return;
      const binding = storageBinding(allocation.node);
      const variable = binding ? analysis.bindings.variableOf(binding) : null;
      const receives =
        allocation.initialValues.some((value) => analysis.isDerived(value)) ||
        (variable !== null &&
          analysis.elementWrites(variable).some((value) => analysis.isDerived(value)));
      if (!receives) return;
      const input = allocation.shapeOf ? sourceCode.getText(allocation.shapeOf) : 'x';
      const data = {
        name: binding?.name ?? sourceCode.getText(allocation.node),
        kind: allocation.kind,
        input,
      };
      const shaped = allocation.shapeOf !== undefined;
      context.report({
        node: allocation.node,
        messageId:
          allocation.kind === 'number[]'
            ? shaped
              ? 'numberArray'
              : 'numberArrayNoShape'
            : shaped
              ? 'typedArray'
              : 'typedArrayNoShape',
        data,
        suggest:
          allocation.shapeOf && !allocation.filledWithValue
            ? (['zerosLike', 'similar'] as const).flatMap((allocator) => {
                const fix = storageFix(sourceCode, allocation, binding, allocator, input);
                return fix
                  ? [
                      {
                        messageId:
                          allocator === 'zerosLike'
                            ? ('useZerosLike' as const)
                            : ('useSimilar' as const),
                        data,
                        fix,
                      },
                    ]
                  : [];
              })
            : [],
      });
    };

    return {
      NewExpression(node) {
        const allocation = typedArrayAllocation(node, analysis);
        if (allocation) {
          check(typedArrayStorage(node, allocation.type, analysis));
          return;
        }
        if (options.checkNumberArrays) checkArray(node);
      },
      CallExpression(node) {
        const allocation = typedArrayAllocation(node, analysis);
        if (allocation) {
          // `Float64Array.from(x)` copies x: shaped like it, but similar(x) would not copy.
          const [source] = node.arguments;
          const copied =
            allocation.form === 'from' && source && source.type !== AST_NODE_TYPES.SpreadElement
              ? skipTypeWrappers(source)
              : undefined;
          check({
            node,
            kind: allocation.type,
            initialValues: node.arguments,
            shapeOf:
              copied?.type === AST_NODE_TYPES.Identifier ||
              copied?.type === AST_NODE_TYPES.MemberExpression
                ? copied
                : undefined,
            filledWithValue: true,
          });
          return;
        }
        const callee = skipTypeWrappers(node.callee);
        if (
          options.checkNumberArrays &&
          callee.type === AST_NODE_TYPES.Identifier &&
          callee.name === 'Array' &&
          analysis.bindings.isGlobal(callee, 'Array')
        ) {
          checkArray(node);
        }
      },
    };

    function checkArray(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      const callee = skipTypeWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'Array') return;
      if (!analysis.bindings.isGlobal(callee, 'Array') || node.arguments.length !== 1) return;
      const whole = withFill(node);
      const binding = storageBinding(whole);
      const declaredNumbers =
        node.typeArguments?.params.length === 1
          ? classifyAnnotation(node.typeArguments.params[0]) === 'plain-number'
          : binding !== undefined && numberArrayBinding(binding, analysis);
      if (!declaredNumbers) return;
      check({
        node: whole,
        kind: 'number[]',
        initialValues: [],
        shapeOf: lengthOf(node.arguments[0]),
      });
    }
  },
});

function typedArrayStorage(
  node: TSESTree.NewExpression,
  type: string,
  analysis: FileAnalysis,
): Allocation {
  const [first] = node.arguments;
  const shapeOf = first ? lengthOf(first) : undefined;
  const initialValues: TSESTree.Node[] =
    first && !shapeOf && holdsValues(first, analysis) ? [first] : [];
  // `new Float64Array(n).fill(v)` stores v in every element.
  const whole = withFill(node);
  const fill =
    whole !== node && whole.type === AST_NODE_TYPES.CallExpression ? whole.arguments[0] : undefined;
  if (fill) initialValues.push(fill);
  const filledWithValue =
    fill !== undefined && !(fill.type === AST_NODE_TYPES.Literal && fill.value === 0);
  return { node: whole, kind: type, initialValues, shapeOf, filledWithValue };
}

/** Does the single argument of `new Float64Array(arg)` give values rather than a length? */
function holdsValues(argument: TSESTree.CallExpressionArgument, analysis: FileAnalysis): boolean {
  const expr = skipTypeWrappers(argument);
  if (expr.type === AST_NODE_TYPES.ArrayExpression || expr.type === AST_NODE_TYPES.SpreadElement)
    return true;
  if (analysis.types?.mayBeActive(expr) === true) return true;
  const plain = analysis.types?.isNumberLike(expr);
  if (plain !== undefined) return !plain;
  if (expr.type !== AST_NODE_TYPES.Identifier) {
    return (
      expr.type === AST_NODE_TYPES.MemberExpression || expr.type === AST_NODE_TYPES.CallExpression
    );
  }
  const variable = analysis.bindings.variableOf(expr);
  const def = variable?.defs[0];
  const annotation =
    def?.name.type === AST_NODE_TYPES.Identifier
      ? def.name.typeAnnotation?.typeAnnotation
      : undefined;
  return annotation?.type !== AST_NODE_TYPES.TSNumberKeyword;
}

/** `x` when `node` is `x.length`. */
function lengthOf(node: TSESTree.Node): TSESTree.Expression | undefined {
  const expr = skipTypeWrappers(node);
  return expr.type === AST_NODE_TYPES.MemberExpression && staticPropertyName(expr) === 'length'
    ? expr.object
    : undefined;
}

/** `new Array(n).fill(0)` as a whole when `node` is its `new Array(n)`. */
function withFill(node: TSESTree.Expression): TSESTree.Expression {
  const member = node.parent;
  if (
    member.type === AST_NODE_TYPES.MemberExpression &&
    member.object === node &&
    staticPropertyName(member) === 'fill' &&
    member.parent.type === AST_NODE_TYPES.CallExpression &&
    member.parent.callee === member
  ) {
    return member.parent;
  }
  return node;
}

/** The variable the storage is kept in (`y` in `const y = new Float64Array(n)`). */
function storageBinding(node: TSESTree.Node): TSESTree.Identifier | undefined {
  const step = valueParent(node);
  if (!step) return undefined;
  const { child, parent } = step;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) {
    return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id : undefined;
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child) {
    const left = skipTypeWrappers(parent.left);
    return left.type === AST_NODE_TYPES.Identifier ? left : undefined;
  }
  return undefined;
}

function numberArrayBinding(binding: TSESTree.Identifier, analysis: FileAnalysis): boolean {
  const variable = analysis.bindings.variableOf(binding);
  const declared = variable?.defs[0]?.name;
  const annotation =
    declared?.type === AST_NODE_TYPES.Identifier
      ? declared.typeAnnotation?.typeAnnotation
      : undefined;
  if (annotation) return classifyAnnotation(annotation) === 'plain-number';
  return declared !== undefined && analysis.types?.isNumberArray(declared) === true;
}

function storageFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  allocation: Allocation,
  binding: TSESTree.Identifier | undefined,
  allocator: 'zerosLike' | 'similar',
  input: string,
): TSESLint.ReportFixFunction | undefined {
  const annotation = binding?.typeAnnotation;
  const requests: ImportRequest[] = [{ from: MATH_MODULE, name: allocator }];
  if (annotation) requests.push({ from: CORE_MODULE, name: 'RealArray', typeOnly: true });
  const plan = planImports(sourceCode, allocation.node, requests);
  if (!plan) return undefined;
  return (fixer) => [
    fixer.replaceText(allocation.node, `${plan.local(allocator)}(${input})`),
    ...(annotation ? [fixer.replaceText(annotation.typeAnnotation, plan.local('RealArray'))] : []),
    ...plan.fix(fixer),
  ];
}
