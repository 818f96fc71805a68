// The MLP 784-512-512-10 trained with SGD and momentum, written once for dlc
// and once for TF.js with the same initial weights and data: the pair the
// training benchmark times and the loss-agreement test compares.

import { checkFile } from "../compiler/pipeline.js";
import type { TrainingGraph } from "../compiler/passes/autodiff.js";
import { initParams } from "../runtime/reference/init.js";
import { Rng } from "../runtime/reference/rng.js";
import type { DeviceHandle } from "../runtime/webgpu/device.js";
import { GpuTrainer } from "../runtime/webgpu/trainer.js";
import type { Tf } from "./peers/tfjs_webgpu.js";

export const MLP_SOURCE = (sizes: readonly number[], lr: number) => `
network mlp {
  input x: [${sizes[0]}]
  h = x ${sizes.slice(1, -1).map((s) => `|> dense(${s}) |> relu`).join(" ")}
  output logits = h |> dense(${sizes[sizes.length - 1]})
}
train mlp { loss cross_entropy(logits, label)\n optimizer sgd(lr = ${lr}, momentum = 0.9) }`;

export interface Pair {
  /** One training step of each; `read` returns the loss (and waits for the device). */
  dlc(read: boolean): Promise<number | undefined>;
  tf(read: boolean): Promise<number | undefined>;
  dispose(): void;
}

export async function mlpPair(h: DeviceHandle, tf: Tf, sizes: readonly number[], batch: number, lr = 0.05, seed = 1): Promise<Pair> {
  const r = checkFile("mlp.net", { text: MLP_SOURCE(sizes, lr), train: true });
  if (!r.training) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const t: TrainingGraph = r.training;
  const init = initParams(r.graph!, seed, "f32");
  const rng = new Rng(seed + 100);
  const x = Float32Array.from({ length: batch * sizes[0]! }, () => rng.normal());
  const label = Int32Array.from({ length: batch }, () => Math.floor(rng.uniform() * sizes[sizes.length - 1]!));
  const trainer = await GpuTrainer.create(h.device, t, batch);
  trainer.loadParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
  const feeds = new Map<string, Float32Array | Int32Array>([["x", x], ["label", label]]);

  // TF.js: the same weights, stored [in, out] for x·W.
  const dense = r.graph!.nodes.filter((n) => n.op === "dense");
  const vars = dense.map((n) => {
    const w = init.get(n.params.weight!)!;
    const [out, inp] = w.shape as [number, number];
    return {
      w: tf.variable(tf.transpose(tf.tensor2d(Float32Array.from(w.data), [out, inp]))),
      b: tf.variable(tf.tensor1d(Float32Array.from(init.get(n.params.bias!)!.data))),
    };
  });
  const opt = tf.train.momentum(lr, 0.9);
  const xs = tf.tensor2d(x, [batch, sizes[0]!]);
  const ys = tf.oneHot(tf.tensor1d(label, "int32"), sizes[sizes.length - 1]!);
  const lossFn = () =>
    tf.tidy(() => {
      let a: import("@tensorflow/tfjs-core").Tensor2D = xs;
      vars.forEach((v, i) => {
        a = tf.add(tf.matMul(a, v.w), v.b);
        if (i < vars.length - 1) a = tf.relu(a);
      });
      return tf.losses.softmaxCrossEntropy(ys, a) as import("@tensorflow/tfjs-core").Scalar;
    });
  return {
    async dlc(read) {
      const l = await trainer.step(feeds, lr, read);
      return l ? l[l.length - 1] : undefined;
    },
    async tf(read) {
      const loss = opt.minimize(lossFn, true);
      if (!loss) return undefined;
      const v = read ? (await loss.data())[0] : undefined;
      loss.dispose();
      return v;
    },
    dispose() {
      trainer.destroy();
      for (const v of vars) {
        v.w.dispose();
        v.b.dispose();
      }
      xs.dispose();
      ys.dispose();
      opt.dispose();
    },
  };
}
