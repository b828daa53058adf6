/**
 * jax-js (`@jax-js/jax`, Eric Zhang's JavaScript JAX): `jit(grad(f))` on its WebAssembly backend,
 * in float64. The first call traces `f` and compiles it; later calls run the compiled kernels.
 * In Node without Web Workers the wasm backend runs on one thread, as pullback does.
 *
 * jax-js's arrays are reference-counted and every operation takes ownership of its arguments, so
 * a value used twice is passed as `v.ref` the first time (the library's documented convention).
 */
import type { CaseSpec } from '../cases.js';
import type { MakeSubject } from './subject.js';

// jax-js tests `instanceof Float16Array`, which Node 20 does not have; a class nothing is an
// instance of lets those tests answer false. Only float64 arrays are used here.
const g = globalThis as { Float16Array?: unknown };
g.Float16Array ??= class Float16Array {};
const { numpy: np, jit, grad, init, defaultDevice } = await import('@jax-js/jax');
type Arr = ReturnType<typeof np.array>;

const rosenbrockArray = (x: Arr): Arr => {
  const n = x.shape[0];
  const a = x.ref.slice([0, n - 1]);
  const b = x.slice([1, n]);
  const d = b.sub(np.square(a.ref));
  return np
    .square(d)
    .mul(100)
    .add(np.square(np.subtract(1, a)))
    .sum();
};

// A Python-style loop over scalars: jit traces it once and unrolls it into one long program.
const rosenbrockLoop = (x: Arr): Arr => {
  const xs = np.unstack(x);
  let s = np.array(0, { dtype: np.float64 });
  for (let i = 0; i + 1 < xs.length; i++) {
    const a = xs[i];
    const d = xs[i + 1].ref.sub(np.square(a.ref));
    s = s.add(np.square(d).mul(100)).add(np.square(np.subtract(1, a)));
  }
  xs[xs.length - 1].dispose();
  return s;
};

const step = (v: Arr): Arr =>
  np
    .sin(v.ref)
    .mul(0.5)
    .add(np.cos(np.square(v)).mul(0.25));

const heavyArray = (x: Arr): Arr => {
  let v = x;
  for (let k = 0; k < 20; k++) v = step(v);
  return np.exp(v.mul(-0.1)).sum();
};

const heavyLoop = (x: Arr): Arr => {
  const xs = np.unstack(x);
  let s = np.array(0, { dtype: np.float64 });
  for (let i = 0; i < xs.length; i++) {
    let v = xs[i];
    for (let k = 0; k < 20; k++) v = step(v);
    s = s.add(np.exp(v.mul(-0.1)));
  }
  return s;
};

function functionFor(c: CaseSpec): (x: Arr) => Arr {
  if (c.problem === 'rosenbrock')
    return c.style === 'whole-array' ? rosenbrockArray : rosenbrockLoop;
  return c.style === 'whole-array' ? heavyArray : heavyLoop;
}

/** `jit(grad(f))(x)`, read back with `dataSync()`. */
export const makeJax: MakeSubject = async (c, x) => {
  const devices = await init('wasm');
  if (!devices.includes('wasm'))
    throw new Error(`jax-js has no wasm device here (${devices.join(', ')})`);
  defaultDevice('wasm');
  const xa = np.array(new Float64Array(x), { dtype: np.float64 });
  const df = jit(grad(functionFor(c)));
  return {
    // `xa.ref` keeps the input alive across calls; dataSync realizes and frees the result.
    gradient: () => df(xa.ref).dataSync(),
    dtype: 'float64',
    note: `device ${defaultDevice()}`,
  };
};
