/** Random programs printed as TypeScript-like source, for counterexamples. */
import { SCALAR, type KernelOperand, type Operand, type Program } from './types.js';
/** The program as TypeScript-like source, for counterexamples. */
export function show(program: Program): string {
  const op = (o: Operand): string =>
    o.kind === 'var'
      ? `t${o.k}`
      : `x${o.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
  const kop = (o: KernelOperand): string =>
    typeof o === 'number'
      ? String(o)
      : o === 'captured'
        ? 'captured'
        : 'arg' in o
          ? `a${o.arg}`
          : `s${o.step}`;
  const lines = program.statements.map((s, k) => {
    const lhs = `const t${k} = `;
    switch (s.op) {
      case 'unary':
        return `${lhs}${s.fn}(${op(s.a)});`;
      case 'binary':
        return `${lhs}${s.fn}(${op(s.a)}, ${op(s.b)});`;
      case 'at':
        return `${lhs}at(${op(s.a)}, ${s.i});`;
      case 'slice':
        return `${lhs}slice(${op(s.a)}, ${s.start}, ${s.end});`;
      case 'concat':
        return `${lhs}concat(${op(s.a)}, ${op(s.b)});`;
      case 'reduce':
        return `${lhs}${s.fn}(${op(s.a)});`;
      case 'dot':
        return `${lhs}dot(${op(s.a)}, ${op(s.b)});`;
      case 'scan':
        return `${lhs}${s.fn}(${op(s.a)});`;
      case 'map': {
        const params = s.kernel.arity === 1 ? 'a0' : 'a0, a1';
        const captured =
          s.kernel.captured === undefined ? '' : ` /* captured = t${s.kernel.captured} */`;
        const body = s.kernel.body
          .map((b, j) =>
            b.op === 'unary'
              ? `s${j} = ${b.fn}(${kop(b.a)})`
              : b.op === 'binary'
                ? `s${j} = ${b.fn}(${kop(b.a)}, ${kop(b.b)})`
                : `s${j} = ifElse(${b.cmp}(${kop(b.l)}, ${kop(b.r)}), ${kop(b.a)}, ${kop(b.b)})`,
          )
          .join('; ');
        const fn = s.kernel.arity === 1 ? 'map' : 'map2';
        return `${lhs}${fn}((${params}) => { ${body}; return s${s.kernel.body.length - 1}; }${captured}, ${s.args.map(op).join(', ')});`;
      }
      case 'ifElse':
        return `${lhs}ifElse(${s.cmp}(${op(s.l)}, ${op(s.r)}), ${op(s.a)}, ${op(s.b)});`;
      case 'build':
        return `${lhs}similar(${op(s.a)}); for (i) setAt(t${k}, i, ${s.fn}(at(${op(s.a)}, i), at(${op(s.a)}, n - 1 - i)));`;
      case 'reshape':
        return `${lhs}{ rows: ${s.rows}, cols: ${s.cols}, data: ${op(s.a)} };`;
      case 'matvec':
        return `${lhs}matvec(${op(s.m)}, ${op(s.a)});`;
      case 'matmul':
        return `${lhs}matmul(${op(s.m)}, ${op(s.b)});`;
      case 'transpose':
        return `${lhs}transpose(${op(s.m)});`;
      case 'det':
        return `${lhs}det(${op(s.m)});`;
      case 'solve':
        return `${lhs}solve(${op(s.m)} + 4I, ${op(s.a)});`;
      case 'write': {
        const target = op({ kind: 'input', path: s.path, ty: SCALAR });
        return s.style === 'setAt'
          ? `setAt(${target}, ${s.i}, ${op(s.a)}); // t${k}`
          : `${target}[${s.i}] = ${op(s.a)}; // t${k}`;
      }
    }
  });
  return [...lines, `return [${program.outputs.map(op).join(', ')}];`].join('\n');
}
