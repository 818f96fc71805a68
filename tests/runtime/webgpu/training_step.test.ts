import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { execute } from "../../../runtime/reference/executor.js";
import { initParams } from "../../../runtime/reference/init.js";
import { backwardKernels } from "../../../runtime/reference/kernels/grad/index.js";
import { Rng } from "../../../runtime/reference/rng.js";
import { fromArray, type Tensor } from "../../../runtime/reference/tensor.js";
import { createOptimizer, type Vec } from "../../../runtime/training/optimizers.js";
import { GpuTrainer } from "../../../runtime/webgpu/trainer.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";

// Three whole training steps on WebGPU against the float64 reference
// executor with the shared optimizer rules: the losses of every step, and
// every parameter (BN running statistics included) after the third.

const BATCH = 3;
const STEPS = 3;

function referenceSteps(text: string, feeds: Map<string, Tensor>, params: Map<string, Tensor>, lr: number, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train: true, inputs });
  const t = r.training!;
  const fwd = r.graph!;
  const vecs = new Map<string, Vec>([...params].map(([k, v]) => [k, v.data]));
  const opt = createOptimizer(fwd.train!.optimizer, [...fwd.params.values()].map((p) => ({ name: p.name, kind: p.kind, size: params.get(p.name)!.data.length, shape: p.shape, trainable: p.trainable })));
  const losses: number[][] = [];
  for (let s = 0; s < STEPS; s++) {
    const res = execute(t.graph, { feeds, params, batch: BATCH, precision: "f64", step: 0, kernels: backwardKernels });
    losses.push([...t.losses.map((l) => res.values[l.node]!.data[0]!), res.values[t.loss]!.data[0]!]);
    const grads = new Map<string, Vec>([...t.gradients].map(([name, id]) => [name, Float64Array.from(res.values[id]!.data)]));
    opt.step(vecs, grads, lr);
    for (const n of fwd.nodes.filter((x) => x.op === "bn")) {
      const st = res.bnStats.get(n.name)!;
      const m = n.attrs.momentum as number;
      const rm = params.get(n.params.running_mean!)!.data;
      const rv = params.get(n.params.running_var!)!.data;
      for (let c = 0; c < rm.length; c++) {
        rm[c] = (1 - m) * rm[c]! + m * st.mean.data[c]!;
        rv[c] = (1 - m) * rv[c]! + m * st.var.data[c]!;
      }
    }
  }
  return { losses, params };
}

async function compare(text: string, lr: number, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train: true, inputs });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  const t = r.training!;
  const g = t.graph;
  const rng = new Rng(7);
  // Weights rounded to float32 once, so both sides start from the same numbers.
  const init = initParams(r.graph!, 3, "f32");
  const start = new Map([...init].map(([k, v]) => [k, fromArray(v.shape, v.data)]));
  const feeds = new Map<string, Tensor>();
  const gpuFeeds = new Map<string, Float32Array | Int32Array>();
  for (const id of g.inputs) {
    const n = g.nodes[id]!;
    const count = BATCH * n.shape.reduce((a, b) => a * b, 1);
    const loss = t.losses.find((l) => l.spec.label === n.name);
    const classes = loss ? g.nodes[g.nodes[loss.node]!.inputs[0]!]!.shape[0]! : 2;
    const values = Array.from({ length: count }, () => (n.dtype === "i32" ? Math.floor(rng.uniform() * classes) : Math.fround(rng.normal())));
    feeds.set(n.name, fromArray([BATCH, ...n.shape], values));
    gpuFeeds.set(n.name, n.dtype === "i32" ? Int32Array.from(values) : Float32Array.from(values));
  }
  const ref = referenceSteps(text, feeds, start, lr, inputs);
  const { device } = await sharedDevice();
  const trainer = await GpuTrainer.create(device, t, BATCH);
  trainer.loadParams(new Map([...init].map(([k, v]) => [k, Float32Array.from(v.data)])));
  const gpuLosses: number[][] = [];
  for (let s = 0; s < STEPS; s++) gpuLosses.push((await trainer.step(gpuFeeds, lr, true))!);
  const after = await trainer.readParams();
  trainer.destroy();
  for (let s = 0; s < STEPS; s++) expect(relativeError(gpuLosses[s]!, ref.losses[s]!), `losses of step ${s + 1}`).toBeLessThan(1e-4);
  for (const [name, v] of ref.params) expect(relativeError(after.get(name)!, v.data), name).toBeLessThan(1e-4);
}

describe("WebGPU training steps match the reference over 3 steps", () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  it("an MLP with SGD, Nesterov momentum and weight decay", async () => {
    await compare(
      `network m { input x: [20]\n output y = x |> dense(16) |> relu |> dense(5) }
train m { loss cross_entropy(y, label, smoothing = 0.1)\n optimizer sgd(lr = 0.1, momentum = 0.9, nesterov = true, weight_decay = 1e-3, decay_all = false) }`,
      0.1,
    );
  });

  // Plain SGD has no optimizer state: its kernel binds three buffers, not four.
  it("a conv net with plain SGD (no momentum) and weight decay", async () => {
    await compare(
      `network p { input x: [2, 6, 6]\n output y = x |> conv(3, k=3, p=1) |> relu |> flatten |> dense(4) }
train p { loss cross_entropy(y, label)\n optimizer sgd(lr = 0.1, weight_decay = 1e-3) }`,
      0.1,
    );
  });

  it("an MLP with two weighted heads and Adam", async () => {
    await compare(
      `network m { input x: [12]\n h = x |> dense(10) |> tanh\n output c = h |> dense(4)\n output b = h |> dense(2) }
train m { loss cross_entropy(c, label)\n loss mse(b, target, weight = 0.5)\n optimizer adam(lr = 0.01, weight_decay = 1e-4) }`,
      0.01,
    );
  });

  it("two losses on one output (bce and mse on one score), each named output:kind", async () => {
    const text = `network m { input x: [8]\n output s = x |> dense(6) |> tanh |> dense(3) }
train m { loss bce(s, target)\n loss mse(s, level, weight = 0.5)\n optimizer sgd(lr = 0.1, momentum = 0.9) }`;
    const r = checkFile("net.net", { text, train: true });
    expect(buildTrainingProgram(r.training!, BATCH).losses!.map((l) => l.name)).toEqual(["s:bce", "s:mse"]);
    await compare(text, 0.1);
  });

  it("LeNet-5 (connection table, trainable subsampling) with SGD momentum", async () => {
    const lenet = readFileSync("stdlib/models/lenet5.net", "utf8");
    await compare(`${lenet}\ntrain lenet5 { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`, 0.05);
  });

  it("a small ResNet: residuals, a projection shortcut, BN in training mode", async () => {
    await compare(
      `import "std/resnet_blocks"
network r { input image: [3, 12, 12]
  x = image |> conv(8, k=3, p=1, bias=false) |> bn |> relu
  x = x |> basic(8) |> basic(16, 2)
  output logits = x |> gap |> dense(5) }
train r { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9, weight_decay = 1e-4) }`,
      0.05,
    );
  });

  // The stem conv has no bias, as in DenseNet: a bias right before batch norm
  // has a zero gradient, which Adam would turn into steps of ±lr driven by
  // rounding noise, different on every device.
  it("a DenseNet block and an inception module with Adam", async () => {
    await compare(
      `import "std/blocks"
network d { input image: [3, 10, 10]
  x = image |> conv(8, k=3, p=1, bias=false) |> dense_block(2, 4, 2)
  x = x |> inception_module(4, 3, 4, 2, 2, 2)
  output logits = x |> gap |> dense(3) }
train d { loss cross_entropy(logits, label)\n optimizer adam(lr = 0.01) }`,
      0.01,
    );
  });

  it("the multi-task network: two weighted heads, a frozen trunk", async () => {
    const text = readFileSync("stdlib/models/multitask_localization.net", "utf8");
    await compare(text, 0.01, new Map([["image", [3, 16, 16]]]));
  });
});