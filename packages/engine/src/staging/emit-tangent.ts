import type { Activity } from './activity.js';
import type { ForwardOptions } from './emit-forward.js';
import { carryOver } from './emit-forward.js';
import { pinPartials } from './pin-forward-values.js';
import type { Loop, Program, Statement } from './program.js';
import {
  finitePartial,
  indexOf,
  primPartial,
  scaledTerm,
  tangent,
  value,
  type Lines,
} from './source.js';

/**
 * Tangents beside the values, in `lanes` lanes (forward mode, and the forward half of forward
 * over reverse). Written as hooks of the forward emission, so the same loops carry values and
 * tangents. Inactive values have no tangent variables: their tangent is the literal 0, and
 * terms with it are left out. A zero tangent contributes nothing even where a partial is
 * infinite (as on the eager engine's duals: 0 times ∞ is not NaN there): each such product keeps
 * a zero test, unless `zeroTests` is false (the unguarded kernel, see `unguardedSafe`). Tangents
 * may differ from the eager engine's in the sign of a zero (no `0 + …` forms keep it).
 */
export class TangentWriter {
  constructor(
    private readonly p: Program,
    private readonly act: Activity,
    readonly lanes: number,
    /** True for an id holding a constant with a finite value (see `finitePartial`). */
    private readonly finiteConstant: (id: number) => boolean = () => false,
    /** False in an unguarded kernel: products are written without their zero tests. */
    readonly zeroTests = true,
  ) {}

  /** `partial · t`, with the zero test that keeps 0 · ∞ at 0 unless this writer drops them. */
  product(partial: string, t: string): string {
    return this.zeroTests ? `(${t} === 0 ? 0 : ${partial} * ${t})` : `${partial} * ${t}`;
  }

  /** The tangent of `id` in `lane`, as an expression. */
  of(id: number, lane: number): string {
    return id >= 0 && this.act.ids[id] === 1 ? tangent(id, lane) : '0';
  }

  /** Where lane `lane` of buffer `b`'s tangent sits at index expression `index`. */
  bufferTangent(b: number, index: string, lane: number): string {
    const info = this.p.buffers[b];
    const name = info.kind === 'input' ? 'TX' : `TB${b}`;
    const base = lane * info.length;
    return `${name}[${base === 0 ? '' : `${base} + `}${index}]`;
  }

  /** Hooks that make a forward emission also write tangents. */
  hooks(): ForwardOptions {
    return {
      after: (s, out) => this.after(s, out),
      beforeLoop: (s, out) => this.carried(s, out, 'before'),
      carry: (s, out) => this.carry(s, out),
      afterLoop: (s, out) => this.carried(s, out, 'after'),
    };
  }

  private carried(s: Loop, out: Lines, where: 'before' | 'after'): void {
    for (const c of s.carried) {
      if (this.act.ids[c.phi] === 0) continue;
      for (let l = 0; l < this.lanes; l++) {
        if (where === 'before')
          out.push(`let ${tangent(c.phi, l)} = ${c.init < 0 ? '0' : this.of(c.init, l)};`);
        else out.push(`const ${tangent(c.out, l)} = ${tangent(c.phi, l)};`);
      }
    }
  }

  /** The tangent lines of statement `s` (after its value). */
  after(s: Statement, out: Lines): void {
    switch (s.op) {
      case 'load':
        if (this.act.ids[s.id] === 0) return;
        for (let l = 0; l < this.lanes; l++) {
          out.push(
            `const ${tangent(s.id, l)} = ${this.bufferTangent(s.buffer, indexOf(s.index), l)};`,
          );
        }
        return;
      case 'prim': {
        if (this.act.ids[s.id] === 0) return;
        // A finite constant partial scales its tangent with no zero test; the others keep it.
        const parts = s.args.map((arg, k) => {
          if (this.act.ids[arg] === 0) return undefined;
          const fixed = finitePartial(s.p, k as 0 | 1, s.args, this.finiteConstant);
          if (fixed !== undefined) return { fixed };
          out.push(`const p${s.id}_${k} = ${primPartial(s.p, k as 0 | 1, s.args, s.id)};`);
          return { name: `p${s.id}_${k}` };
        });
        // Only zero tests put a partial in several branches; an unguarded kernel reads it plainly.
        if (this.zeroTests) pinPartials(parts, this.lanes, out);
        for (let l = 0; l < this.lanes; l++) {
          let sum = '';
          s.args.forEach((arg, k) => {
            const part = parts[k];
            if (part === undefined) return;
            const t = tangent(arg, l);
            sum +=
              part.fixed === undefined
                ? ` + ${this.product(part.name, t)}`
                : scaledTerm(part.fixed, t);
          });
          // Drop the leading ` + ` (a leading ` - ` stays as a unary minus).
          out.push(`const ${tangent(s.id, l)} = ${sum.replace(/^ \+ /, '').replace(/^ - /, '-')};`);
        }
        return;
      }
      case 'rule': {
        if (this.act.ids[s.id] === 0) return;
        out.push(
          `const ps${s.id} = R[${s.rule}].partials(${[...s.args, s.id].map(value).join(', ')});`,
        );
        for (let l = 0; l < this.lanes; l++) {
          const terms = s.args.flatMap((arg, k) =>
            this.act.ids[arg] === 1 ? [this.product(`ps${s.id}[${k}]`, tangent(arg, l))] : [],
          );
          out.push(`const ${tangent(s.id, l)} = ${terms.join(' + ')};`);
        }
        return;
      }
      case 'select':
        if (this.act.ids[s.id] === 0) return;
        for (let l = 0; l < this.lanes; l++) {
          out.push(
            `const ${tangent(s.id, l)} = ${value(s.cond)} ? ${this.of(s.args[0], l)} : ${this.of(s.args[1], l)};`,
          );
        }
        return;
      case 'store':
        if (this.act.buffers[s.buffer] === 0) return;
        for (let l = 0; l < this.lanes; l++) {
          out.push(
            `${this.bufferTangent(s.buffer, indexOf(s.index), l)} = ${this.of(s.value, l)};`,
          );
        }
        return;
      default:
        return;
    }
  }

  /** Moves carried tangents to the next iteration (inside the loop, after the values move). */
  carry(s: Loop, out: Lines): void {
    const active = s.carried.filter((c) => this.act.ids[c.phi] === 1);
    for (let l = 0; l < this.lanes; l++) {
      carryOver(
        { carried: active },
        out,
        (c) => tangent(c.phi, l),
        (c) => this.of(c.next, l),
        `m${l}_`,
      );
    }
  }
}
