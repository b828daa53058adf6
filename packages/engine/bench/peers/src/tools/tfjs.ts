/**
 * TensorFlow.js on its pure-JavaScript cpu backend (float32 only; `tfjs-node`, which downloads a
 * native binary, is left out on purpose). `tf.grad(f)` records a tape of tensor operations on
 * every call, as TensorFlow.js always does.
 */
import * as tf from '@tensorflow/tfjs';
import type { CaseSpec } from '../cases.js';
import type { MakeSubject } from './subject.js';

type Scalar = tf.Scalar;

const rosenbrockArray = (x: tf.Tensor): Scalar => {
  const n = x.shape[0];
  const a = tf.slice(x, 0, n - 1);
  const b = tf.slice(x, 1, n - 1);
  return tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(b, tf.square(a)))), tf.square(tf.sub(1, a))));
};

// A loop over scalars as a TensorFlow.js user writes one: unstack, then scalar tensor operations.
const rosenbrockLoop = (x: tf.Tensor): Scalar => {
  const xs = tf.unstack(x) as Scalar[];
  let s: Scalar = tf.scalar(0);
  for (let i = 0; i + 1 < xs.length; i++) {
    const a = xs[i];
    const term = tf.add(
      tf.mul(100, tf.square(tf.sub(xs[i + 1], tf.square(a)))),
      tf.square(tf.sub(1, a)),
    );
    s = tf.add(s, term);
  }
  return s;
};

const step = <T extends tf.Tensor>(v: T): T =>
  tf.add(tf.mul(0.5, tf.sin(v)), tf.mul(0.25, tf.cos(tf.mul(v, v))));

const heavyArray = (x: tf.Tensor): Scalar => {
  let v: tf.Tensor = x;
  for (let k = 0; k < 20; k++) v = step(v);
  return tf.sum(tf.exp(tf.mul(-0.1, v)));
};

const heavyLoop = (x: tf.Tensor): Scalar => {
  const xs = tf.unstack(x) as Scalar[];
  let s: Scalar = tf.scalar(0);
  for (let i = 0; i < xs.length; i++) {
    let v = xs[i];
    for (let k = 0; k < 20; k++) v = step(v);
    s = tf.add(s, tf.exp(tf.mul(-0.1, v)));
  }
  return s;
};

function functionFor(c: CaseSpec): (x: tf.Tensor) => Scalar {
  if (c.problem === 'rosenbrock')
    return c.style === 'whole-array' ? rosenbrockArray : rosenbrockLoop;
  return c.style === 'whole-array' ? heavyArray : heavyLoop;
}

/** `tf.grad(f)(x)` inside `tf.tidy`, read back with `dataSync()`. */
export const makeTfjs: MakeSubject = async (c, x) => {
  await tf.setBackend('cpu');
  await tf.ready();
  const xt = tf.tensor1d(Float32Array.from(x), 'float32');
  const g = tf.grad(functionFor(c));
  return {
    // tidy frees every intermediate tensor; dataSync copies the result out first.
    gradient: () => tf.tidy(() => g(xt).dataSync()),
    dtype: 'float32',
    note: `backend ${tf.getBackend()}`,
  };
};
