import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/** A name a fix needs in scope, and the module it comes from. */
export interface ImportRequest {
  /** The module specifier, e.g. `@pullback/rules-core/math`. */
  readonly from: string;
  /** The exported name. */
  readonly name: string;
  /** Needed only as a type (`import type`). */
  readonly typeOnly?: boolean;
}

/** How to refer to requested names, and the edits that import the missing ones. */
export interface ImportPlan {
  /** The text that refers to each requested name at the use site (`mul`, `m.mul`, an alias). */
  readonly local: (name: string) => string;
  /** Edits that add the imports still missing. */
  readonly fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[];
}

/**
 * Plans the imports a fix needs. Reuses an existing import (under its local name or through a
 * namespace), extends an import declaration of the same module, or adds a declaration after
 * the last import. Returns `undefined` when a name is taken by something else at `useSite`,
 * where a fix would change what the code refers to.
 */
export function planImports(
  sourceCode: Readonly<TSESLint.SourceCode>,
  useSite: TSESTree.Node,
  requests: readonly ImportRequest[],
): ImportPlan | undefined {
  const program = sourceCode.ast;
  const imports = program.body.filter(
    (statement): statement is TSESTree.ImportDeclaration =>
      statement.type === AST_NODE_TYPES.ImportDeclaration,
  );
  const locals = new Map<string, string>();
  const missing: ImportRequest[] = [];
  for (const request of requests) {
    if (locals.has(request.name)) continue;
    const existing = findExisting(imports, request);
    if (existing !== undefined) {
      locals.set(request.name, existing);
      continue;
    }
    if (ASTUtils.findVariable(sourceCode.getScope(useSite), request.name)) return undefined;
    locals.set(request.name, request.name);
    missing.push(request);
  }
  return {
    local: (name) => locals.get(name) ?? name,
    fix: (fixer) => insertImports(fixer, imports, missing),
  };
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier
    ? specifier.imported.name
    : specifier.imported.value;
}

function findExisting(
  imports: readonly TSESTree.ImportDeclaration[],
  request: ImportRequest,
): string | undefined {
  for (const declaration of imports) {
    if (declaration.source.value !== request.from) continue;
    const valueDeclaration = declaration.importKind !== 'type';
    for (const specifier of declaration.specifiers) {
      if (
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        importedName(specifier) === request.name &&
        (request.typeOnly || (valueDeclaration && specifier.importKind !== 'type'))
      ) {
        return specifier.local.name;
      }
      if (
        specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier &&
        (valueDeclaration || request.typeOnly)
      ) {
        return `${specifier.local.name}.${request.name}`;
      }
    }
  }
  return undefined;
}

function insertImports(
  fixer: TSESLint.RuleFixer,
  imports: readonly TSESTree.ImportDeclaration[],
  missing: readonly ImportRequest[],
): TSESLint.RuleFix[] {
  const fixes: TSESLint.RuleFix[] = [];
  const byModule = new Map<string, ImportRequest[]>();
  for (const request of missing)
    byModule.set(request.from, [...(byModule.get(request.from) ?? []), request]);
  const added: string[] = [];
  for (const [from, requests] of byModule) {
    const allTypes = requests.every((request) => request.typeOnly);
    const target =
      imports.find(
        (d) =>
          d.source.value === from && d.importKind === (allTypes ? 'type' : 'value') && hasNamed(d),
      ) ?? imports.find((d) => d.source.value === from && d.importKind === 'value' && hasNamed(d));
    if (target) {
      const specifiers = requests.map((r) =>
        r.typeOnly && target.importKind === 'value' ? `type ${r.name}` : r.name,
      );
      const last = target.specifiers.at(-1) as TSESTree.ImportSpecifier;
      fixes.push(fixer.insertTextAfter(last, `, ${specifiers.join(', ')}`));
      continue;
    }
    const names = requests.map((r) => (r.typeOnly && !allTypes ? `type ${r.name}` : r.name));
    added.push(`import ${allTypes ? 'type ' : ''}{ ${names.join(', ')} } from '${from}';`);
  }
  if (added.length > 0) {
    const lastImport = imports.at(-1);
    const text = added.join('\n');
    fixes.push(
      lastImport
        ? fixer.insertTextAfter(lastImport, `\n${text}`)
        : fixer.insertTextBeforeRange([0, 0], `${text}\n`),
    );
  }
  return fixes;
}

function hasNamed(declaration: TSESTree.ImportDeclaration): boolean {
  return declaration.specifiers.some(
    (specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier,
  );
}
