// param, a learned tensor that is not a layer over an input (PyTorch's
// nn.Parameter: ViT's positional embedding and class token), and batch_sum,
// its weight gradient: the definitions' facts and errors, the language form
// (a zero-input layer call named after its variable), the initial values
// (zeros, ones, normal with a std, checked against the normal's sampling
// error), the float64 references against TF.js (broadcastTo, and tf.grad of
// it), the WGSL kernels on WebGPU against the reference forward and in a
// small ViT-style training graph, the gradient through the whole pipeline
// against finite differences in float64, and `dlc summary`'s counts.

import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { initParams, initSpecs } from "../../compiler/passes/init_rules.js";
import { analyse } from "../../compiler/passes/analyse.js";
import { checkFile } from "../../compiler/pipeline.js";
import { summaryText } from "../../host/cli/report.js";
import { AttrError } from "../../ops/attrs.js";
import { OpError } from "../../ops/contract.js";
import { kernel as paramRef } from "../../ops/param/reference.js";
import { kernel as batchSumRef } from "../../ops/batch_sum/reference.js";
import { applyOp } from "../helpers/ops.js";
import { expectGpuParity, expectGradcheck, graphOf, refContext, useTfjsCpu } from "../helpers/op_checks.js";
import { compare } from "../helpers/training_steps.js";
import { opsOf } from "../reference/gradcheck/helpers.js";

useTfjsCpu();

/** Patch embedding of a [3, 8, 8] image into 16 tokens of D = 6, a class token, a positional embedding, a head. */
const VIT = `network k {
  input image: [3, 8, 8]
  tokens = image |> conv(6, k=2, s=2) |> reshape([6, 16]) |> permute([1, 0])
  cls = param([1, 6])
  pos = param([17, 6], init="normal", std=0.02)
  x = concat(cls, tokens, axis=0) + pos
  output y = x |> dense(4)
}
`;
const TRAIN = "train k {\n  loss mse(y, t)\n  optimizer sgd(lr = 0.1)\n}\n";

/** The compile errors of `text`. */
function errorsOf(text: string): string[] {
  return checkFile("k.net", { text }).diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}

/** The graph's initial weights, each moved by its own amount, so that no parameter is all zeros and a kernel mixing up indices shows. */
function perturbed(g: Graph): Map<string, Tensor> {
  const params = initParams(g, 1, "f32");
  for (const t of params.values()) for (let i = 0; i < t.data.length; i++) t.data[i] = t.data[i]! + 0.3 * Math.sin(1.7 * i + 0.4);
  return params;
}

describe("param: the definition", () => {
  it("is a zero-input op of the given shape, one weight of that shape, no cost", () => {
    const r = applyOp("param", [], [[197, 768]], { init: "normal", std: 0.02 });
    expect(r.shape).toEqual([197, 768]);
    expect(r.params).toEqual([{ role: "weight", shape: [197, 768], kind: "weight", init: { normal: 0.02 } }]);
    expect(r.paramCount).toBe(197 * 768);
    expect(r.cost).toEqual({ macs: 0, flops: 0 });
    expect(r.spatial).toEqual({ kind: "pointwise" });
    // Defaults as PyTorch users expect: zeros; "normal" alone is normal_'s std 1.
    expect(applyOp("param", [], [[1, 768]]).params[0]!.init).toEqual({ fill: 0 });
    expect(applyOp("param", [], [[4]], { init: "ones" }).params[0]!.init).toEqual({ fill: 1 });
    expect(applyOp("param", [], [[4]], { init: "normal" }).params[0]!.init).toEqual({ normal: 1 });
    expect(applyOp("parameter", [], [[2, 3, 4]]).shape).toEqual([2, 3, 4]);
  });

  it("refuses a shape without axes, a std without init=\"normal\", an unknown init and a bad std", () => {
    expect(() => applyOp("param", [], [[]])).toThrow(OpError);
    expect(() => applyOp("param", [], [[4]], { std: 0.02 })).toThrow(/std = 0.02 applies only to init="normal"/);
    expect(() => applyOp("param", [], [[4]], { init: "ones", std: 1 })).toThrow(OpError);
    expect(() => applyOp("param", [], [[0, 4]])).toThrow(AttrError);
    expect(() => applyOp("param", [], [[4]], { init: "xavier" })).toThrow(AttrError);
    expect(() => applyOp("param", [], [[4]], { init: "normal", std: 0 })).toThrow(AttrError);
    expect(() => applyOp("param", [], [[4]], { init: "normal", std: -1 })).toThrow(AttrError);
  });

  it("batch_sum keeps the per-sample shape, unbatched, one add per element of dy", () => {
    const r = applyOp("batch_sum", [[17, 6]]);
    expect(r.shape).toEqual([17, 6]);
    expect(r.cost).toEqual({ macs: 0, flops: 17 * 6 });
    expect(r.paramCount).toBe(0);
  });
});

describe("param: the language form", () => {
  it("is named after its variable: node `pos`, weight `pos.weight`; inline it counts as param1; `as` names it", () => {
    const g = graphOf(VIT);
    const node = (name: string) => g.nodes.find((n) => n.name === name)!;
    expect(node("cls").op).toBe("param");
    expect(node("cls").params).toEqual({ weight: "cls.weight" });
    expect(node("pos").params).toEqual({ weight: "pos.weight" });
    expect(g.params.get("pos.weight")).toMatchObject({ shape: [17, 6], kind: "weight", trainable: true, owner: "pos" });
    expect(node("cls").batched).toBe(true);
    // Layers called with tensors keep their automatic names when assigned.
    expect(g.nodes.map((n) => n.name)).toEqual(["image", "conv1", "reshape1", "permute1", "cls", "pos", "concat1", "add1", "dense1"]);

    const inline = graphOf("network k {\ninput x: [4, 3]\ny = x + param([4, 3], init=\"ones\")\nz = concat(param([1, 3]) as class_token, y)\noutput o = z |> dense(2)\n}\n");
    expect(inline.nodes.filter((n) => n.op === "param").map((n) => [n.name, n.params.weight])).toEqual([
      ["param1", "param1.weight"],
      ["class_token", "class_token.weight"],
    ]);
  });

  it("gives the ViT shapes: concat(cls, tokens, axis=0) is [T + 1, D], tokens + pos keeps it", () => {
    const g = graphOf(VIT);
    expect(g.nodes.find((n) => n.op === "concat")!.shape).toEqual([17, 6]);
    expect(g.nodes.find((n) => n.op === "add")!.shape).toEqual([17, 6]);
    expect(g.outputs.map((o) => g.nodes[o.node]!.shape)).toEqual([[17, 4]]);
  });

  it("inside a block, takes the block's scope; a shared block shares it", () => {
    const g = graphOf(`block embed(t, d) (x) {
  pos = param([t, d], init="normal", std=0.02)
  return x + pos
}
network k {
  input x: [5, 8]
  e = embed(5, 8)
  output y = x |> e |> e |> embed(5, 8) |> dense(2)
}
`);
    expect(g.nodes.filter((n) => n.op === "param").map((n) => [n.name, n.params.weight])).toEqual([
      ["e.pos", "e.pos.weight"],
      ["e_1.pos", "e.pos.weight"],
      ["embed1.pos", "embed1.pos.weight"],
    ]);
    expect([...g.params.keys()].filter((p) => p.endsWith("pos.weight"))).toEqual(["e.pos.weight", "embed1.pos.weight"]);
  });

  it("compiles docs/examples/params.net (the Parameters section's example): the block's cls and pos", () => {
    const g = checkFile(join(import.meta.dirname, "..", "..", "docs", "examples", "params.net")).graph!;
    expect(g.nodes.filter((n) => n.op === "param").map((n) => [n.params.weight, n.shape])).toEqual([
      ["vit_embed1.cls.weight", [1, 64]],
      ["vit_embed1.pos.weight", [65, 64]],
    ]);
  });

  it("says what is wrong: a tensor given to it, a missing or bad shape, an unknown init, a std without normal", () => {
    const net = (line: string) => `network k {\ninput x: [4, 3]\n${line}\noutput y = p |> dense(2)\n}\n`;
    expect(errorsOf(net("p = param(x, [4, 3])"))).toEqual(["param takes 0 tensor inputs, got 1"]);
    expect(errorsOf(net("p = x |> param([4, 3])"))).toEqual(["param takes 0 tensor inputs, got 1"]);
    expect(errorsOf(net("p = param()"))).toEqual(["param 'p': param needs attribute 'shape' (per-sample shape, batch excluded)"]);
    expect(errorsOf(net("p = param([4, 0])"))).toEqual(["param 'p': 'shape' must be at least 1, got 0"]);
    expect(errorsOf(net("p = param([])"))).toEqual(["param 'p': shape [] has no axes"]);
    expect(errorsOf(net('p = param([4, 3], init="normall")'))).toEqual(["param 'p': 'init' must be one of \"zeros\", \"ones\", \"normal\", got \"normall\""]);
    expect(errorsOf(net("p = param([4, 3], std=0.1)"))).toEqual(['param \'p\': std = 0.1 applies only to init="normal", not init="zeros"']);
  });
});

describe("param: initial values", () => {
  it("starts as declared: zeros, ones, and normal with its own std whatever the network's activations", () => {
    // relu makes the network's conv and dense weights He: the param's std stays 0.02.
    const g = graphOf("network k {\ninput x: [300, 500]\ny = x + param([300, 500], init=\"normal\", std=0.02) as pos\nz = y + param([300, 500], init=\"ones\")\noutput o = (z + param([300, 500])) |> relu |> dense(2)\n}\n");
    const specs = initSpecs(g);
    expect(specs.get("pos.weight")).toEqual({ stds: [0.02], block: 300 * 500 });
    expect(specs.get("param1.weight")).toEqual({ fill: 1 });
    expect(specs.get("param2.weight")).toEqual({ fill: 0 });
    const values = initParams(g, 4, "f64");
    expect(values.get("param1.weight")!.data.every((v) => v === 1)).toBe(true);
    expect(values.get("param2.weight")!.data.every((v) => v === 0)).toBe(true);
    const w = [...values.get("pos.weight")!.data];
    const n = w.length;
    const mean = w.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    // Five standard errors: σ/√n for the mean, σ/√(2n) for the standard deviation.
    expect(Math.abs(mean)).toBeLessThan((5 * 0.02) / Math.sqrt(n));
    expect(Math.abs(std - 0.02)).toBeLessThan((5 * 0.02) / Math.sqrt(2 * n));
    expect([...initParams(g, 4, "f64").get("pos.weight")!.data]).toEqual(w);
  });
});

describe("param: references", () => {
  const [N, T, D] = [3, 4, 5];
  const W = Array.from({ length: T * D }, (_, i) => ((i * 7) % 11) / 4 - 1.25);
  const DY = Array.from({ length: N * T * D }, (_, i) => ((i * 13) % 17) / 8 - 1);

  it("param repeats w for every sample, as tf.broadcastTo", () => {
    const y = paramRef([], {}, { weight: fromArray([T, D], W, "f64") }, refContext([N, T, D], N));
    expect(y.shape).toEqual([N, T, D]);
    expect([...y.data]).toEqual([...tf.broadcastTo(tf.tensor2d(W, [T, D]), [N, T, D]).dataSync()]);
  });

  it("batch_sum is the gradient of that broadcast: tf.grad of Σ broadcastTo(w)·dy", () => {
    const dw = batchSumRef([fromArray([N, T, D], DY, "f64")], {}, {}, refContext([T, D], N));
    expect(dw.shape).toEqual([T, D]);
    const dyT = tf.tensor3d(DY, [N, T, D]);
    const want = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.broadcastTo(w, [N, T, D]), dyT)))(tf.tensor2d(W, [T, D])).dataSync();
    dw.data.forEach((v, i) => expect(v, `dw[${i}]`).toBeCloseTo(want[i]!, 6));
  });
});

describe("param: WebGPU", () => {
  it("its kernels match the reference, forward and in the ViT-style training graph (param gradients ≤ 1e-4)", async () => {
    const fwd = graphOf(VIT);
    await expectGpuParity(fwd, 3, 1e-4, { params: perturbed(fwd), label: (name) => name });

    const tg = graphOf(VIT + TRAIN, true);
    const sums = tg.nodes.filter((n) => n.op === "batch_sum");
    expect(sums.map((n) => n.name).sort()).toEqual(["grad.cls.batch_sum", "grad.pos.batch_sum"]);
    expect(sums.every((n) => !n.batched)).toBe(true);
    await expectGpuParity(tg, 3, 1e-4, { params: perturbed(tg), label: (name) => name });
  });
});

describe("param: training on WebGPU", () => {
  it("three SGD steps of the compiled training program match the float64 reference (losses and every parameter ≤ 1e-4)", async () => {
    await compare(VIT + TRAIN, 0.1);
  });
});

describe("param: gradient check", () => {
  it("passes the finite-difference gradient check through the whole pipeline (float64)", () => {
    const { training, result } = expectGradcheck(VIT + TRAIN);
    expect(opsOf(training)).toContain("batch_sum");
    expect(result.tensors.map((t) => t.name)).toEqual(expect.arrayContaining(["cls.weight", "pos.weight"]));
  });
});

describe("param: dlc summary", () => {
  it("counts each param's entries as parameters of its node, with no MACs", () => {
    const g = graphOf(VIT);
    const a = analyse(g);
    const at = (name: string) => a.nodes[g.nodes.findIndex((n) => n.name === name)]!;
    expect(at("cls")).toEqual({ params: 6, macs: 0, flops: 0 });
    expect(at("pos")).toEqual({ params: 17 * 6, macs: 0, flops: 0 });
    // conv 6·3·2·2 + 6, dense 4·6 + 4, cls 6, pos 102.
    expect(a.totals.params).toBe(78 + 28 + 6 + 102);
    expect(a.totals.trainableParams).toBe(a.totals.params);
    const text = summaryText(g, a);
    expect(text).toMatch(/│ cls\s+│ param\s+│ \[1, 6\]\s+│\s+6 │/);
    expect(text).toMatch(/│ pos\s+│ param\s+│ \[17, 6\]\s+│\s+102 │/);
    expect(text).toContain("Total params:             214");
  });
});
