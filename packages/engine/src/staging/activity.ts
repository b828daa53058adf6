import type { Program, Statement } from './program.js';

/**
 * Which values depend on the input `x` (active) and which buffers hold such values. Only those
 * get adjoints and tangents: parameters, constants and what is computed from them alone are
 * constants of the derivative.
 */
export interface Activity {
  readonly ids: Uint8Array;
  readonly buffers: Uint8Array;
}

/** The activity of every id and buffer of `p`. */
export function activity(p: Program): Activity {
  const ids = new Uint8Array(p.ids);
  const buffers = new Uint8Array(p.buffers.length);
  p.buffers.forEach((b, k) => (buffers[k] = b.kind === 'input' ? 1 : 0));
  const visit = (body: readonly Statement[]): void => {
    for (const s of body) {
      switch (s.op) {
        case 'load':
          ids[s.id] = buffers[s.buffer];
          break;
        case 'prim':
        case 'rule':
          ids[s.id] = s.args.some((a) => ids[a] === 1) ? 1 : 0;
          break;
        case 'select':
          ids[s.id] = ids[s.args[0]] | ids[s.args[1]];
          break;
        case 'store':
          if (ids[s.value] === 1) buffers[s.buffer] = 1;
          break;
        case 'call': {
          const active = s.args.some((a) =>
            a.kind === 'scalar'
              ? ids[a.id] === 1
              : a.kind === 'opaque'
                ? false
                : buffers[a.buffer] === 1,
          );
          if (s.result.kind === 'scalar') ids[s.result.id] = active ? 1 : 0;
          else if (active) buffers[s.result.buffer] = 1;
          break;
        }
        case 'loop': {
          // A carried value is active when it starts active or becomes so in the body: run the
          // body until nothing changes (each pass can only turn values on).
          for (const c of s.carried) ids[c.phi] = c.init < 0 ? 0 : ids[c.init];
          let changed = true;
          while (changed) {
            visit(s.body);
            changed = false;
            for (const c of s.carried) {
              if (ids[c.next] === 1 && ids[c.phi] === 0) {
                ids[c.phi] = 1;
                changed = true;
              }
            }
          }
          for (const c of s.carried) ids[c.out] = ids[c.phi] | ids[c.next];
          break;
        }
        default:
          break;
      }
    }
  };
  visit(p.body);
  return { ids, buffers };
}
