import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  isFunctionNode,
  skipTypeWrappers,
  staticPropertyName,
  type FunctionNode,
} from '../analysis/ast.js';
import { analysisOf } from '../analysis/project.js';
import { KERNEL_MAPPERS } from '../analysis/pullback-names.js';
import { createRule } from '../util/create-rule.js';

/** Options of `no-impure-kernel`. */
export type NoImpureKernelOptions = Record<string, never>;

/** Message ids of `no-impure-kernel`. */
export type NoImpureKernelMessageId = 'capturedState' | 'nondeterministic';

/** Methods that change the object they are called on. */
const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
  'add',
  'delete',
  'clear',
]);

/** Calls whose value changes from one call to the next, keyed `namespace.member`. */
const NONDETERMINISTIC: ReadonlySet<string> = new Set([
  'Math.random',
  'Date.now',
  'performance.now',
  'crypto.getRandomValues',
  'crypto.randomUUID',
]);

type Variable = TSESLint.Scope.Variable;

/**
 * Reports `map`/`map2` kernels that change state they capture or draw random numbers. pullback
 * traces a kernel once per call and replays the trace for every element, so such a kernel does
 * not do what it does when called element by element (issue 11: `w[i++]` reads `w[0]` for every
 * element, a dropout mask is drawn once).
 */
export const noImpureKernel = createRule<[NoImpureKernelOptions], NoImpureKernelMessageId>({
  name: 'no-impure-kernel',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow map and map2 kernels that change captured state or draw random numbers',
      recommended: 'recommended',
    },
    schema: [{ type: 'object', properties: {}, additionalProperties: false }],
    defaultOptions: [{}],
    messages: {
      capturedState:
        "This {{mapper}} kernel changes '{{name}}', which it captures: pullback traces a kernel once per call and replays the trace for every element, so the change is made once, not once per element, and the result differs from calling the kernel element by element (the engine falls back to that, slower, where it notices). Keep the kernel pure: pass per-element data as another argument (map2(f, x, w)) and compute running state outside.",
      nondeterministic:
        '{{name}} in a {{mapper}} kernel is drawn once, when pullback traces the kernel, not once per element: every element gets the same draw. Draw the random numbers outside (an array as long as the data) and pass them with map2.',
    },
  },
  create(context) {
    const analysis = analysisOf(context);
    if (!analysis) return {};

    const capturedBy = (kernel: FunctionNode, node: TSESTree.Node): Variable | undefined => {
      let current = skipTypeWrappers(node);
      while (current.type === AST_NODE_TYPES.MemberExpression)
        current = skipTypeWrappers(current.object);
      if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = analysis.bindings.variableOf(current);
      const declared = variable?.defs[0]?.name;
      if (!variable || !declared) return undefined;
      const inside = declared.range[0] >= kernel.range[0] && declared.range[1] <= kernel.range[1];
      return inside ? undefined : variable;
    };

    const checkKernel = (kernel: FunctionNode, mapper: string): void => {
      const report = (node: TSESTree.Node, variable: Variable): void =>
        context.report({ node, messageId: 'capturedState', data: { mapper, name: variable.name } });
      const visit = (node: TSESTree.Node): void => {
        switch (node.type) {
          case AST_NODE_TYPES.AssignmentExpression: {
            const variable = capturedBy(kernel, node.left);
            if (variable) report(node, variable);
            break;
          }
          case AST_NODE_TYPES.UpdateExpression: {
            const variable = capturedBy(kernel, node.argument);
            if (variable) report(node, variable);
            break;
          }
          case AST_NODE_TYPES.CallExpression: {
            const callee = skipTypeWrappers(node.callee);
            const pullbackName = analysis.bindings.pullbackExport(callee);
            const [first] = node.arguments;
            if (pullbackName === 'setAt' && first && first.type !== AST_NODE_TYPES.SpreadElement) {
              const variable = capturedBy(kernel, first);
              if (variable) report(node, variable);
            }
            if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
            const method = staticPropertyName(callee);
            const receiver = skipTypeWrappers(callee.object);
            if (
              method !== undefined &&
              receiver.type === AST_NODE_TYPES.Identifier &&
              analysis.bindings.isGlobal(receiver, receiver.name) &&
              NONDETERMINISTIC.has(`${receiver.name}.${method}`)
            ) {
              context.report({
                node,
                messageId: 'nondeterministic',
                data: { mapper, name: `${receiver.name}.${method}()` },
              });
              break;
            }
            if (method !== undefined && MUTATING_METHODS.has(method)) {
              const variable = capturedBy(kernel, callee.object);
              if (variable) report(node, variable);
            }
            break;
          }
          default:
            break;
        }
        for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          for (const item of Array.isArray(child) ? child : [child]) {
            if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
          }
        }
      };
      visit(kernel.body);
    };

    return {
      CallExpression(node) {
        const mapper = analysis.bindings.pullbackExport(node.callee);
        if (mapper === undefined || !KERNEL_MAPPERS.has(mapper)) return;
        const [kernelArgument] = node.arguments;
        if (!kernelArgument || kernelArgument.type === AST_NODE_TYPES.SpreadElement) return;
        const kernel = analysis.bindings.functionOf(kernelArgument);
        if (kernel && isFunctionNode(kernel)) checkKernel(kernel, mapper);
      },
    };
  },
});
