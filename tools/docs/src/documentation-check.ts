import {
  ReflectionKind,
  type DeclarationReflection,
  type ReferenceType,
  type Reflection,
} from 'typedoc';
import { referencesInDeclaration } from './type-text.js';

/** An export, or a member of one, that has no TSDoc. */
export interface Undocumented {
  /** `@pullback/engine: GradientPrep.gradient`. */
  readonly name: string;
  /** TypeDoc's kind, in words: `method`, `property`, `function`. */
  readonly kind: string;
  /** `packages/engine/src/api/preparation.ts:111`, where the comment belongs. */
  readonly where: string;
}

/** Kinds whose members are part of the export and documented one by one. */
const CONTAINERS = ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.Enum;

/**
 * What needs TSDoc: every export of every entry point, and every member of an exported class,
 * interface or enum that the export declares itself (inherited members are documented where they
 * are declared; private ones are not part of the API). Re-exports under another name point at a
 * documented export, and a property whose type is one literal (a tag such as `kind: 'forward'`)
 * documents itself. Constructors, parameters, type parameters and the properties of anonymous
 * object types are described by the comment of what holds them.
 */
export function undocumented(modules: ReadonlyMap<string, DeclarationReflection>): Undocumented[] {
  const found: Undocumented[] = [];
  const visit = (importName: string, r: DeclarationReflection, prefix: string): void => {
    const name = `${prefix}${r.name}`;
    if (!documented(r)) {
      found.push({
        name: `${importName}: ${name}`,
        kind: ReflectionKind.singularString(r.kind).toLowerCase(),
        where: whereOf(r),
      });
    }
    if (r.kindOf(ReflectionKind.Namespace)) {
      for (const c of r.children ?? []) if (isOwnApi(c)) visit(importName, c, `${name}.`);
    } else if (r.kindOf(CONTAINERS)) {
      for (const c of r.children ?? []) {
        if (isOwnApi(c) && !c.kindOf(ReflectionKind.Constructor) && !isTag(c)) {
          visit(importName, c, `${name}.`);
        }
      }
    }
  };
  for (const [importName, module] of modules) {
    for (const c of module.children ?? []) if (isOwnApi(c)) visit(importName, c, '');
  }
  return found;
}

function isOwnApi(r: DeclarationReflection): boolean {
  return !r.kindOf(ReflectionKind.Reference) && r.inheritedFrom === undefined && !r.flags.isPrivate;
}

/** A tag such as `readonly kind: 'forward'`: its literal type says all there is to say. */
function isTag(r: DeclarationReflection): boolean {
  return r.kindOf(ReflectionKind.Property) && r.type?.type === 'literal';
}

/** A comment on the declaration, or on its signatures (functions, methods, accessors). */
function documented(r: DeclarationReflection): boolean {
  if (r.hasComment()) return true;
  const signatures: Reflection[] = [
    ...(r.signatures ?? []),
    ...(r.getSignature ? [r.getSignature] : []),
    ...(r.setSignature ? [r.setSignature] : []),
  ];
  return signatures.some((s) => s.hasComment());
}

function whereOf(r: DeclarationReflection): string {
  const s = r.sources?.[0];
  return s === undefined ? '(no source)' : `${s.fileName}:${s.line}`;
}

/** A type the public API names but no entry point exports: a dead end in the reference. */
export interface UnexportedReference {
  /** `@pullback/engine: SparsityDetector`, the export whose declaration names it. */
  readonly from: string;
  /** The type's name, `UserFunction`. */
  readonly type: string;
  /** Where the export is declared. */
  readonly where: string;
}

/**
 * Types of `packages` that exports name in their declarations but that no entry point exports
 * (type parameters aside). Users cannot name them, and the reference cannot link to them.
 */
export function unexportedReferences(
  modules: ReadonlyMap<string, DeclarationReflection>,
  packages: ReadonlySet<string>,
): UnexportedReference[] {
  const found: UnexportedReference[] = [];
  const seen = new Set<string>();
  for (const [importName, module] of modules) {
    for (const e of module.children ?? []) {
      if (e.kindOf(ReflectionKind.Reference)) continue;
      const refs: ReferenceType[] = [];
      referencesInDeclaration(e, refs);
      for (const r of refs) {
        if (r.reflection !== undefined || r.refersToTypeParameter) continue;
        if (r.package === undefined || !packages.has(r.package)) continue;
        const key = `${importName}:${e.name}:${r.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ from: `${importName}: ${e.name}`, type: r.name, where: whereOf(e) });
      }
    }
  }
  return found;
}
