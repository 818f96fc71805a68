// Parity of the elementwise-family kernels (activations and their gradients,
// views and channel plumbing, broadcasting mul, dropout, losses) with the
// reference executor in float32: relative error ≤ 1e-4, and the dropout mask
// bit for bit. Odd sizes on purpose: nothing divides a workgroup. Graphs use
// only ops of this family plus relu and add, so the training graphs are
// built from prelu-style layers with input gradients on. No graph reads one
// value twice in one node (concat(a, a), x * x): with the arena's read_write
// input bindings that binds one range twice as writable, which WebGPU
// refuses (a known limitation of the executor, not of these kernels).

import { describe, expect, it } from "vitest";
import type { Graph } from "../../../core/ir/graph.js";
import { lowerGraph } from "../../../compiler/codegen/lower.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { execute } from "../../../reference/executor.js";
import { backwardKernels } from "../../../ops/implementations.js";
import { dropoutKeep, Rng } from "../../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../../core/tensor/tensor.js";
import { GpuExecutor } from "../../../host/webgpu/executor.js";
import { relativeError, runBoth, sharedDevice } from "../../helpers/gpu_parity.js";

const TOL = 1e-4;

/** Random normal values for every parameter (prelu slopes differ per channel). */
function randomParams(g: Graph, seed: number): Map<string, Tensor> {
  const rng = new Rng(seed + 1000);
  const out = new Map<string, Tensor>();
  for (const p of g.params.values()) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    out.set(p.name, fromArray(p.shape, Array.from({ length: n }, () => rng.normal()), "f32"));
  }
  return out;
}

function forward(text: string): Graph {
  const r = checkFile("k.net", { text });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r.graph!;
}

function training(body: string, losses: string): Graph {
  const text = `network k {\n${body}\n}\ntrain k {\n${losses}\noptimizer sgd(lr = 0.1)\n}\n`;
  const r = checkFile("k.net", { text, train: true, inputGradients: true });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r.training!.graph;
}

/** Runs both executors and compares every non-input node; returns the ops seen. */
async function expectParity(g: Graph, batch: number, opts: { classes?: number; seed?: number } = {}): Promise<string[]> {
  const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
  const seed = opts.seed ?? 1;
  const { gpu, ref } = await runBoth(g, batch, ids, { seed, classes: opts.classes, params: randomParams(g, seed) });
  for (const id of ids) {
    const n = g.nodes[id]!;
    const a = gpu.get(id)!;
    const b = ref.get(id)!;
    if (n.op === "dropout_mask") expect(Array.from(a), n.name).toEqual(Array.from(b));
    else expect(relativeError(a, b), `${n.name} (${n.op})`).toBeLessThan(TOL);
  }
  return [...new Set(ids.map((id) => g.nodes[id]!.op))];
}

describe("WebGPU elementwise kernels match the reference executor (float32, 1e-4 relative)", () => {
  it.each([
    ["leaky_relu", "input x: [5, 7, 3]", "x |> leaky_relu(alpha=0.1)"],
    ["prelu, one slope", "input x: [5, 7, 3]", "x |> prelu"],
    ["prelu per channel", "input x: [5, 7, 3]", "x |> prelu(per_channel=true)"],
    ["prelu per channel on a vector", "input x: [11]", "x |> prelu(per_channel=true)"],
    ["elu", "input x: [5, 7, 3]", "x |> elu(alpha=0.7)"],
    ["sigmoid and tanh of a wide range", "input x: [67]\ninput z: [67]\ninput w: [67]", "(x * z * w * w |> sigmoid) + (x * z * w * w |> tanh)"],
    ["softmax over channels", "input x: [5, 3, 7]", "x |> softmax"],
    ["softmax over axis 2", "input x: [3, 4, 7]", "x |> softmax(axis=2)"],
    ["softmax on a vector", "input x: [13]", "x |> softmax"],
    ["flatten", "input x: [3, 5, 7]", "x |> flatten |> prelu(per_channel=true)"],
    ["reshape with -1", "input x: [3, 5, 7]", "x |> reshape(shape=[7, -1]) |> relu"],
    ["mul, same shapes", "input x: [3, 5, 7]", "x * (x |> relu)"],
    ["mul, [C] × [C, H, W]", "input x: [3, 5, 7]\ninput v: [3]", "v * x"],
    ["mul, [C, H, W] × [C, 1, W]", "input x: [3, 5, 7]\ninput v: [3, 1, 7]", "x * v"],
    ["concat over channels", "input x: [3, 5, 7]", "concat(x |> relu, x, x |> leaky_relu)"],
    ["concat over axis 2", "input x: [3, 5, 7]\ninput z: [3, 5, 2]", "concat(x, z, axis=2)"],
    ["slice over axis 2", "input x: [3, 5, 7]", "x |> slice(1, 6, axis=2)"],
    ["split and concat", "input x: [5, 3, 3]", "concat(x |> slice(2, 5), x |> slice(0, 2) |> relu)"],
    ["shuffle", "input x: [6, 5, 3]", "x |> shuffle(3)"],
    ["dropout at inference (identity)", "input x: [5, 7, 3]", "x |> dropout(0.3)"],
  ])("%s", async (_name, inputs, body) => {
    await expectParity(forward(`network k {\n${inputs}\noutput y = ${body}\n}`), 3);
  });
});

describe("WebGPU backward kernels match the reference executor on training graphs", () => {
  it("activation gradients (unary_grad of every rule, prelu per channel)", async () => {
    const g = training("input x: [3, 5, 7]\na = x |> relu |> leaky_relu(alpha=0.1)\nb = x |> elu(alpha=0.7) |> sigmoid |> tanh\noutput y = (a + b) |> prelu(per_channel=true)", "loss mse(y, t)");
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["unary_grad", "prelu_grad_input", "prelu_grad_weight", "mse", "mse_grad", "weighted_sum"]));
    const fns = new Set(g.nodes.filter((n) => n.op === "unary_grad").map((n) => n.attrs.fn));
    expect([...fns].sort()).toEqual(["elu", "leaky_relu", "relu", "sigmoid", "tanh"]);
  });

  it("softmax_grad over channels and over axis 2, one prelu slope, smooth_l1", async () => {
    const g = training("input x: [4, 3, 5]\noutput y = x |> prelu |> softmax(axis=2) |> softmax", "loss smooth_l1(y, t, beta = 0.05)");
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["softmax_grad", "prelu_grad_weight", "smooth_l1", "smooth_l1_grad"]));
  });

  it("mul broadcasting gradients (sum_to from [C, H, W] to [C] and to [C, 1, W])", async () => {
    const g = training("input x: [3, 5, 7]\ninput v: [3]\ninput w: [3, 1, 7]\noutput y = (v * x) * w |> prelu", "loss mse(y, t)");
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["mul", "sum_to"]));
    expect(g.nodes.filter((n) => n.op === "sum_to").length).toBe(2);
  });

  it("concat, slice, shuffle and their gradients; bce", async () => {
    const g = training("input x: [4, 3, 5]\na = x |> prelu(per_channel=true)\nb = concat(a, x, x |> leaky_relu(alpha=0.2))\noutput y = b |> shuffle(3) |> slice(1, 10) |> slice(1, 4, axis=2)", "loss bce(y, t)");
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["concat", "slice", "slice_grad", "shuffle", "bce", "bce_grad"]));
  });

  it("flatten and reshape gradients", async () => {
    const g = training("input x: [3, 5, 7]\noutput y = x |> prelu(per_channel=true) |> flatten |> reshape(shape=[7, -1]) |> prelu(per_channel=true)", "loss mse(y, t)");
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["flatten", "reshape"]));
  });

  it("dropout in training: the mask equals the reference bit for bit (rate 0.3, step 0)", async () => {
    const g = training("input x: [3, 17, 19]\noutput y = x |> dropout(0.3) |> prelu", "loss mse(y, t)");
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["dropout_mask", "mul"]));
    // Not a degenerate mask: some kept, some dropped.
    const mask = g.nodes.find((n) => n.op === "dropout_mask")!;
    const { gpu } = await runBoth(g, 3, [mask.id]);
    const m = gpu.get(mask.id)!;
    const dropped = m.filter((v) => v === 0).length / m.length;
    expect(dropped).toBeGreaterThan(0.25);
    expect(dropped).toBeLessThan(0.35);
  });

  it("dropout_mask compares u ≥ rate exactly, for a rate that float32 would round onto a draw", async () => {
    const body = (rate: number) => `input x: [3, 5, 7]\noutput y = x |> dropout(${rate}) |> prelu`;
    const seedOf = (g: Graph) => g.nodes.find((n) => n.op === "dropout_mask")!.attrs.seed as number;
    const probe = training(body(0.3), "loss mse(y, t)");
    // Element k draws u = m/2²⁴ ≥ 1/4; rate = (m + 1/8)/2²⁴ lies within a quarter of the f32 spacing (≥ 2⁻²⁵
    // there) above u, so f32(rate) rounds to u and a float comparison would keep what the reference drops.
    let k = 0;
    while (dropoutKeep(seedOf(probe), 0, k) < 0.25) k++;
    const m = dropoutKeep(seedOf(probe), 0, k) * 16777216;
    const rate = (m + 0.125) / 16777216;
    expect(Math.fround(rate)).toBe(m / 16777216);
    const g = training(body(rate), "loss mse(y, t)");
    expect(seedOf(g)).toBe(seedOf(probe));
    expect(g.nodes.find((n) => n.op === "dropout_mask")!.attrs.rate).toBe(rate);
    const mask = g.nodes.find((n) => n.op === "dropout_mask")!;
    const { gpu, ref } = await runBoth(g, 2, [mask.id]);
    expect(ref.get(mask.id)![k]).toBe(0);
    expect(Array.from(gpu.get(mask.id)!)).toEqual(Array.from(ref.get(mask.id)!));
  });
});

describe("WebGPU loss kernels match the reference executor on training graphs", () => {
  it("cross_entropy with smoothing on [K] logits", async () => {
    const g = training("input v: [7]\noutput y = v |> prelu(per_channel=true)", "loss cross_entropy(y, label: int, smoothing = 0.2)");
    const ops = await expectParity(g, 5, { classes: 7 });
    expect(ops).toEqual(expect.arrayContaining(["cross_entropy", "cross_entropy_grad", "weighted_sum"]));
  });

  it("cross_entropy with smoothing on [K, H, W] logits and [H, W] labels", async () => {
    const g = training("input image: [4, 3, 5]\noutput y = image |> prelu(per_channel=true)", "loss cross_entropy(y, label: int[3, 5], smoothing = 0.1)");
    const ops = await expectParity(g, 3, { classes: 4 });
    expect(ops).toEqual(expect.arrayContaining(["cross_entropy", "cross_entropy_grad"]));
  });

  it("two weighted heads (cross_entropy + smooth_l1)", async () => {
    const g = training(
      "input x: [5]\nf = x |> prelu(per_channel=true)\noutput cls = f |> leaky_relu(alpha=0.2)\noutput box = f |> tanh",
      "loss cross_entropy(cls, label, weight = 0.3)\nloss smooth_l1(box, target: [5], weight = 2)",
    );
    const ops = await expectParity(g, 3, { classes: 5 });
    expect(ops).toEqual(expect.arrayContaining(["cross_entropy", "cross_entropy_grad", "smooth_l1", "smooth_l1_grad", "weighted_sum", "add"]));
  });

  it("two weighted heads (bce + mse) on one shared output", async () => {
    const g = training(
      "input v: [5]\nh = v |> prelu |> tanh\noutput a = h |> leaky_relu(alpha=0.3)\noutput b = h |> sigmoid",
      "loss bce(a, ta, weight = 1.5)\nloss mse(b, tb, weight = 0.25)",
    );
    const ops = await expectParity(g, 3);
    expect(ops).toEqual(expect.arrayContaining(["bce", "bce_grad", "mse", "mse_grad", "weighted_sum"]));
  });

  it("single-workgroup reductions over thousands of elements (bce, cross_entropy, one prelu slope)", async () => {
    const g = training("input x: [6, 13, 11]\noutput y = x |> prelu", "loss bce(y, t)\nloss cross_entropy(y, label: int[13, 11], weight = 0.5)");
    const ops = await expectParity(g, 5, { classes: 6 });
    expect(ops).toEqual(expect.arrayContaining(["bce", "cross_entropy", "prelu_grad_weight"]));
  });
});

describe("dispatches folded into 2-D past the workgroup limit", () => {
  it("per-element and per-output-workgroup kernels with a limit of 4 workgroups per dimension", async () => {
    const g = training("input x: [9, 5, 7]\noutput y = x |> prelu(per_channel=true) |> softmax", "loss mse(y, t)");
    const batch = 3;
    const params = randomParams(g, 1);
    const rng = new Rng(7);
    const feeds = new Map<string, Tensor>();
    const gpuFeeds = new Map<string, Float32Array>();
    for (const id of g.inputs) {
      const n = g.nodes[id]!;
      const shape = [batch, ...n.shape];
      const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
      feeds.set(n.name, fromArray(shape, values, "f32"));
      gpuFeeds.set(n.name, values);
    }
    const ref = execute(g, { feeds, params, batch, precision: "f32", kernels: backwardKernels });
    const plan = lowerGraph(g, batch, 4);
    expect(plan.kernels.some((k) => k !== undefined && k.dispatch[1] > 1)).toBe(true);
    const { device } = await sharedDevice();
    const gpu = await GpuExecutor.create(device, g, plan);
    gpu.writeParams(new Map([...params].map(([k, t]) => [k, Float32Array.from(t.data)])));
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const out = await gpu.run(gpuFeeds, ids);
    gpu.destroy();
    for (const id of ids) expect(relativeError(out.get(id)!, ref.values[id]!.data), g.nodes[id]!.name).toBeLessThan(TOL);
  });
});
