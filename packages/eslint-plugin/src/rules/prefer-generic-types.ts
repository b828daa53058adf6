import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  callParameters,
  enclosingFunction,
  parameterAnnotation,
  staticPropertyName,
  valueParent,
  patternIdentifiers,
  type FunctionNode,
} from '../analysis/ast.js';
import { genericReplacement } from '../analysis/annotations.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { analysisOf, importedTypeAlias, type TypeAlias } from '../analysis/project.js';
import { CORE_MODULE, INACTIVE_RESULTS, INDEX_ARGUMENTS } from '../analysis/pullback-names.js';
import { replaceWithImports } from '../fixes/replace-with-call.js';
import { createRule } from '../util/create-rule.js';

/** Options of `prefer-generic-types`. */
export interface PreferGenericTypesOptions {
  /** Also report return types annotated `number`, `number[]` or `Float64Array`. */
  checkReturnTypes?: boolean;
}

/** Message ids of `prefer-generic-types`. */
export type PreferGenericTypesMessageId =
  'parameter' | 'aliasParameter' | 'returnType' | 'useGeneric' | 'retypeParameter';

/**
 * Reports `number`, `number[]`, `readonly number[]` and `Float64Array` annotations on the
 * inputs and outputs of differentiable code, ForwardDiff's "generic number types" demand.
 * A parameter only used as an index or a count stays `number`.
 */
export const preferGenericTypes = createRule<
  [PreferGenericTypesOptions],
  PreferGenericTypesMessageId
>({
  name: 'prefer-generic-types',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require Real and RealArray instead of number types on the values of differentiable code',
      recommended: 'recommended',
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkReturnTypes: {
            type: 'boolean',
            description: 'Also report number-typed return types whose values come from the inputs.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkReturnTypes: true }],
    messages: {
      parameter:
        "Parameter '{{name}}' of differentiable code is typed '{{type}}', but it receives active values when differentiated. Type it {{replacement}} (from @pullback/rules-core).",
      returnType:
        "Differentiable code returns values derived from its inputs, which may be active, but its return type is '{{type}}'. Use {{replacement}} (from @pullback/rules-core).",
      aliasParameter:
        "Parameter '{{name}}' of differentiable code is typed '{{type}}', an alias of '{{aliased}}', but it receives active values when differentiated. Make '{{type}}' an alias of {{replacement}} (from @pullback/rules-core).",
      useGeneric: 'Change the return type to {{replacement}}.',
      retypeParameter:
        'Type it {{replacement}}; then write what it reaches with the math vocabulary, which accepts {{replacement}}.',
    },
  },
  create(context, [options]) {
    const analysis = analysisOf(context);
    if (!analysis?.hasDifferentiableCode) return {};
    const sourceCode = context.sourceCode;

    const retype = (annotation: TSESTree.TypeNode, replacement: 'Real' | 'RealArray') =>
      replaceWithImports(
        sourceCode,
        annotation,
        annotation,
        [{ from: CORE_MODULE, name: replacement, typeOnly: true }],
        (local) => local(replacement),
      );

    /**
     * The type alias `annotation` names (`State`), declared in this file or imported from
     * another file of the project.
     */
    const aliasOf = (annotation: TSESTree.TypeNode): TypeAlias | undefined => {
      if (
        annotation.type !== AST_NODE_TYPES.TSTypeReference ||
        annotation.typeName.type !== AST_NODE_TYPES.Identifier
      )
        return undefined;
      const variableOf = (id: TSESTree.Identifier) => analysis.bindings.variableOf(id);
      const def = variableOf(annotation.typeName)?.defs[0];
      if (def?.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration) {
        const { typeAnnotation } = def.node;
        return { typeAnnotation, text: sourceCode.getText(typeAnnotation) };
      }
      return importedTypeAlias(context, annotation.typeName, variableOf);
    };

    const checkFunction = (fn: FunctionNode): void => {
      if (!analysis.isDifferentiable(fn)) return;
      for (const param of callParameters(fn)) {
        const annotation = parameterAnnotation(param);
        if (!annotation) continue;
        const alias = aliasOf(annotation);
        const replacement = genericReplacement(alias?.typeAnnotation ?? annotation);
        if (!replacement) continue;
        const [identifier] = patternIdentifiers(param);
        const variable = identifier ? analysis.bindings.variableOf(identifier) : null;
        // Only values: a parameter used as an index or a count is an integer and stays `number`.
        if (
          !variable ||
          !analysis.isDerivedVariable(variable) ||
          !analysis.isOutputVariable(variable)
        )
          continue;
        if (alias) {
          context.report({
            node: annotation,
            messageId: 'aliasParameter',
            data: {
              name: identifier.name,
              type: sourceCode.getText(annotation),
              aliased: alias.text,
              replacement,
            },
          });
          continue;
        }
        const fix = retype(annotation, replacement);
        // Retyping changes the type of every expression the parameter reaches: an automatic fix
        // only where all of them are arguments of the vocabulary (which accepts Real) on their
        // way to what an operator's function returns; elsewhere a step the user finishes.
        const safe = fix !== undefined && retypeCompiles(fn, variable, analysis);
        context.report({
          node: annotation,
          messageId: 'parameter',
          data: { name: identifier.name, type: sourceCode.getText(annotation), replacement },
          fix: safe ? fix : undefined,
          suggest:
            !safe && fix ? [{ messageId: 'retypeParameter', data: { replacement }, fix }] : [],
        });
      }
      const returnType = fn.returnType?.typeAnnotation;
      const replacement = returnType ? genericReplacement(returnType) : undefined;
      if (!options.checkReturnTypes || !returnType || !replacement) return;
      if (!analysis.returnsOf(fn).some((value) => analysis.isDerived(value))) return;
      const fix = retype(returnType, replacement);
      context.report({
        node: returnType,
        messageId: 'returnType',
        data: { type: sourceCode.getText(returnType), replacement },
        suggest: fix ? [{ messageId: 'useGeneric', data: { replacement }, fix }] : [],
      });
    };

    return {
      [AST_NODE_TYPES.FunctionDeclaration]: checkFunction,
      [AST_NODE_TYPES.FunctionExpression]: checkFunction,
      [AST_NODE_TYPES.ArrowFunctionExpression]: checkFunction,
    };
  },
});

/**
 * True when retyping `variable`, a parameter of `fn`, to Real/RealArray still compiles: every
 * read of it is a value argument of the math vocabulary (or `.length`), and so is every result
 * that carries it, up to the return of an operator's function, whose return type is free.
 */
function retypeCompiles(
  fn: FunctionNode,
  variable: TSESLint.Scope.Variable,
  analysis: FileAnalysis,
): boolean {
  const root = analysis.rootOf(fn);
  if (root?.reason !== 'operator' || fn.returnType) return false;
  const reaches = (node: TSESTree.Node): boolean => {
    for (let current = node; ;) {
      const step = valueParent(current);
      if (!step) return false;
      const { child, parent } = step;
      if (parent.type === AST_NODE_TYPES.ReturnStatement) return enclosingFunction(parent) === fn;
      if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression) return parent === fn;
      if (
        parent.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === child &&
        staticPropertyName(parent) === 'length'
      )
        return true;
      if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee === child) return false;
      const name = analysis.bindings.pullbackExport(parent.callee);
      const k = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
      if (
        name === undefined ||
        INACTIVE_RESULTS.has(name) ||
        (INDEX_ARGUMENTS.get(name) ?? []).includes(k)
      )
        return false;
      current = parent;
    }
  };
  return variable.references.every(
    (reference) => reference.init === true || reaches(reference.identifier),
  );
}
