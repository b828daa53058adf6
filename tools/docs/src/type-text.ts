import type {
  DeclarationReflection,
  ParameterReflection,
  ReferenceType,
  SignatureReflection,
  SomeType,
  TypeParameterReflection,
} from 'typedoc';

/**
 * TypeScript's text for a TypeDoc type. TypeDoc's own `toString()` drops the `...` of rest
 * parameters in function types, which would misstate signatures in the public-API report.
 */
export function typeText(t: SomeType | undefined): string {
  if (t === undefined) return 'unknown';
  switch (t.type) {
    case 'array':
      return `${wrapped(t.elementType, ALL_COMPOUND)}[]`;
    case 'conditional':
      return `${wrapped(t.checkType, FUNCTION_OR_CONDITIONAL)} extends ${wrapped(t.extendsType, FUNCTION_OR_CONDITIONAL)} ? ${typeText(t.trueType)} : ${typeText(t.falseType)}`;
    case 'indexedAccess':
      return `${wrapped(t.objectType, ALL_COMPOUND)}[${typeText(t.indexType)}]`;
    case 'inferred':
      return `infer ${t.name}${t.constraint ? ` extends ${typeText(t.constraint)}` : ''}`;
    case 'intersection':
      return t.types.map((u) => wrapped(u, ['union', ...FUNCTION_OR_CONDITIONAL])).join(' & ');
    case 'intrinsic':
    case 'unknown':
      return t.name;
    case 'literal':
      return t.toString();
    case 'mapped': {
      const ro =
        t.readonlyModifier === '+' ? 'readonly ' : t.readonlyModifier === '-' ? '-readonly ' : '';
      const opt = t.optionalModifier === '+' ? '?' : t.optionalModifier === '-' ? '-?' : '';
      const as = t.nameType ? ` as ${typeText(t.nameType)}` : '';
      return `{ ${ro}[${t.parameter} in ${typeText(t.parameterType)}${as}]${opt}: ${typeText(t.templateType)} }`;
    }
    case 'namedTupleMember':
      return `${t.name}${t.isOptional ? '?' : ''}: ${typeText(t.element)}`;
    case 'optional':
      return `${wrapped(t.elementType, ALL_COMPOUND)}?`;
    case 'predicate':
      return `${t.asserts ? 'asserts ' : ''}${t.name}${t.targetType ? ` is ${typeText(t.targetType)}` : ''}`;
    case 'query':
      return `typeof ${typeText(t.queryType)}`;
    case 'reference':
      return `${t.name}${t.typeArguments?.length ? `<${t.typeArguments.map(typeText).join(', ')}>` : ''}`;
    case 'reflection':
      return objectText(t.declaration);
    case 'rest':
      return `...${wrapped(t.elementType, ALL_COMPOUND)}`;
    case 'templateLiteral':
      return `\`${t.head}${t.tail.map(([u, s]) => `\${${typeText(u)}}${s}`).join('')}\``;
    case 'tuple':
      return `[${t.elements.map(typeText).join(', ')}]`;
    case 'typeOperator':
      return `${t.operator} ${wrapped(t.target, ALL_COMPOUND)}`;
    case 'union':
      return t.types.map((u) => wrapped(u, FUNCTION_OR_CONDITIONAL)).join(' | ');
  }
}

type Compound = 'union' | 'intersection' | 'conditional' | 'function' | 'typeOperator';
const FUNCTION_OR_CONDITIONAL: readonly Compound[] = ['function', 'conditional'];
const ALL_COMPOUND: readonly Compound[] = [
  'union',
  'intersection',
  'conditional',
  'function',
  'typeOperator',
];

/** The type's text, in parentheses when it is one of `compound` (which bind looser here). */
function wrapped(t: SomeType, compound: readonly Compound[]): string {
  const kind: string =
    t.type === 'reflection' && isFunctionType(t.declaration) ? 'function' : t.type;
  const text = typeText(t);
  return (compound as readonly string[]).includes(kind) ? `(${text})` : text;
}

function isFunctionType(d: DeclarationReflection): boolean {
  return d.signatures?.length === 1 && !d.children?.length && !d.indexSignatures?.length;
}

/** An object type: `(a: A) => B` for a lone call signature, else `{ … }` on one line. */
function objectText(d: DeclarationReflection): string {
  if (isFunctionType(d)) {
    const s = d.signatures![0];
    const prefix = s.kind === CONSTRUCTOR_SIGNATURE ? 'new ' : '';
    return `${prefix}${typeParametersText(s.typeParameters)}(${parametersText(s)}) => ${typeText(s.type)}`;
  }
  const parts = [
    ...(d.signatures ?? []).map((s) => signatureText(s, '')),
    ...(d.indexSignatures ?? []).map(indexSignatureText),
    ...(d.children ?? []).map((c) => {
      if (c.signatures?.length) return c.signatures.map((s) => signatureText(s, c.name)).join('; ');
      return `${c.flags.isReadonly ? 'readonly ' : ''}${c.name}${c.flags.isOptional ? '?' : ''}: ${typeText(c.type)}`;
    }),
  ];
  return parts.length === 0 ? '{}' : `{ ${parts.join('; ')} }`;
}

// ReflectionKind.ConstructorSignature, without a run-time import of typedoc's large module graph.
const CONSTRUCTOR_SIGNATURE = 16384;

/** `name<T>(a: A, ...b: B[]): R`. */
export function signatureText(s: SignatureReflection, name: string): string {
  return `${name}${typeParametersText(s.typeParameters)}(${parametersText(s)}): ${typeText(s.type)}`;
}

/** `[key: string]: T`. */
export function indexSignatureText(s: SignatureReflection): string {
  return `[${parametersText(s)}]: ${typeText(s.type)}`;
}

/** The parameter list, with rest and optional parameters marked. */
export function parametersText(s: SignatureReflection): string {
  return (s.parameters ?? []).map(parameterText).join(', ');
}

function parameterText(p: ParameterReflection): string {
  const rest = p.flags.isRest ? '...' : '';
  const optional = p.flags.isOptional || p.defaultValue !== undefined ? '?' : '';
  return `${rest}${p.name}${optional}: ${typeText(p.type)}`;
}

/** `<T extends A = B>`, or nothing. */
export function typeParametersText(tps: readonly TypeParameterReflection[] | undefined): string {
  if (tps === undefined || tps.length === 0) return '';
  const one = (tp: TypeParameterReflection): string =>
    [
      tp.varianceModifier ? `${tp.varianceModifier} ` : '',
      tp.flags.isConst ? 'const ' : '',
      tp.name,
      tp.type ? ` extends ${typeText(tp.type)}` : '',
      tp.default ? ` = ${typeText(tp.default)}` : '',
    ].join('');
  return `<${tps.map(one).join(', ')}>`;
}

/** Every reference type inside `t` (type arguments, members of object types, signatures). */
export function referencesIn(t: SomeType | undefined, found: ReferenceType[]): void {
  if (t === undefined) return;
  switch (t.type) {
    case 'reference':
      found.push(t);
      for (const a of t.typeArguments ?? []) referencesIn(a, found);
      return;
    case 'array':
    case 'optional':
    case 'rest':
      return referencesIn(t.elementType, found);
    case 'conditional':
      for (const u of [t.checkType, t.extendsType, t.trueType, t.falseType]) referencesIn(u, found);
      return;
    case 'indexedAccess':
      referencesIn(t.objectType, found);
      return referencesIn(t.indexType, found);
    case 'inferred':
      return referencesIn(t.constraint, found);
    case 'intersection':
    case 'union':
      for (const u of t.types) referencesIn(u, found);
      return;
    case 'mapped':
      for (const u of [t.parameterType, t.templateType, t.nameType]) referencesIn(u, found);
      return;
    case 'namedTupleMember':
      return referencesIn(t.element, found);
    case 'predicate':
      return referencesIn(t.targetType, found);
    case 'query':
      return referencesIn(t.queryType, found);
    case 'reflection':
      return referencesInDeclaration(t.declaration, found);
    case 'templateLiteral':
      for (const [u] of t.tail) referencesIn(u, found);
      return;
    case 'tuple':
      for (const u of t.elements) referencesIn(u, found);
      return;
    case 'typeOperator':
      return referencesIn(t.target, found);
    case 'intrinsic':
    case 'literal':
    case 'unknown':
      return;
  }
}

/** Every reference type in a declaration's own types, signatures, heritage and members. */
export function referencesInDeclaration(d: DeclarationReflection, found: ReferenceType[]): void {
  referencesIn(d.type, found);
  for (const t of [...(d.extendedTypes ?? []), ...(d.implementedTypes ?? [])])
    referencesIn(t, found);
  for (const tp of d.typeParameters ?? []) {
    referencesIn(tp.type, found);
    referencesIn(tp.default, found);
  }
  const signatures = [
    ...(d.signatures ?? []),
    ...(d.indexSignatures ?? []),
    ...(d.getSignature ? [d.getSignature] : []),
    ...(d.setSignature ? [d.setSignature] : []),
  ];
  for (const s of signatures) {
    referencesIn(s.type, found);
    for (const p of s.parameters ?? []) referencesIn(p.type, found);
    for (const tp of s.typeParameters ?? []) {
      referencesIn(tp.type, found);
      referencesIn(tp.default, found);
    }
  }
  for (const c of d.children ?? []) {
    if (c.inheritedFrom === undefined) referencesInDeclaration(c, found);
  }
}
