import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { buildInferenceProgram, buildTrainingProgram, type Program } from "../../../compiler/codegen/program.js";
import type { Graph } from "../../../compiler/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { initParams } from "../../../runtime/reference/init.js";
import { Rng } from "../../../runtime/reference/rng.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";

// Fused programs (compiler/codegen/fusion/) compute what unfused ones do,
// one kernel per node, each of which matches the reference executor
// (the *_kernels tests); with fewer kernels. Which nodes fuse is tested in
// tests/compiler/codegen/fusion_partition.test.ts.

const BATCH = 3;

function graphOf(text: string, train = false, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train, inputs });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r;
}

function feedsFor(program: Program, seed: number): Map<string, Float32Array | Int32Array> {
  const rng = new Rng(seed);
  const feeds = new Map<string, Float32Array | Int32Array>();
  for (const t of program.inputs) {
    const n = t.range.size / 4;
    feeds.set(t.name, t.dtype === "i32" ? Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * 3)) : Float32Array.from({ length: n }, () => rng.normal()));
  }
  return feeds;
}

/**
 * `sameArena`: the fused arena is no larger. Concat slices can make it
 * larger in inference: the concat's buffer lives from its first operand on,
 * where unfused operands are freed as soon as they are copied.
 */
async function runPair(fused: Program, plain: Program, g: Graph, lr?: number, sameArena = true) {
  expect(fused.kernels.length).toBeLessThan(plain.kernels.length);
  if (sameArena) expect(fused.memory.arenaBytes).toBeLessThanOrEqual(plain.memory.arenaBytes);
  const { device } = await sharedDevice();
  // Running statistics away from their defaults (0, 1), so eval-mode bn's formula is exercised.
  const rng = new Rng(3);
  const init = new Map(
    [...initParams(g, 5, "f32")].map(([k, v]) => {
      const data = Float32Array.from(v.data);
      if (k.endsWith("running_mean")) data.forEach((_, i) => (data[i] = rng.normal() * 0.3));
      if (k.endsWith("running_var")) data.forEach((_, i) => (data[i] = 0.5 + rng.uniform()));
      return [k, data];
    }),
  );
  const feeds = feedsFor(plain, 11);
  const read = [...plain.outputs.map((o) => o.name), ...(plain.loss ? ["loss", ...plain.losses!.map((l) => `loss.${l.name}`)] : [])];
  const results = [];
  for (const p of [fused, plain]) {
    const runner = await ProgramRunner.create(device, p);
    runner.writeParams(init);
    const out = await runner.run(feeds, lr ? { lr, read } : { read });
    results.push({ out, params: await runner.readParams() });
  }
  const [a, b] = results as [(typeof results)[0], (typeof results)[0]];
  for (const name of read) expect(relativeError(a.out.get(name)!, b.out.get(name)!), name).toBeLessThan(1e-5);
  for (const [name, v] of b.params) expect(relativeError(a.params.get(name)!, v), name).toBeLessThan(1e-5);
}

describe("fused programs match unfused ones on WebGPU", () => {
  afterAll(async () => (await sharedDevice()).device.destroy());

  const mlp = `network m { input x: [12]
  h = x |> dense(12) |> tanh
  r = relu(h + (h |> dense(12) |> leaky_relu(0.1)))
  output y = (r |> dense(12) |> elu |> sigmoid) + r |> dense(4) }`;

  it("an MLP with a residual add and activations (inference)", async () => {
    const g = graphOf(mlp).graph!;
    await runPair(buildInferenceProgram(g, BATCH), buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g);
  });

  it("the same MLP, one training step", async () => {
    const r = graphOf(`${mlp}\ntrain m { loss cross_entropy(y, label)\n optimizer adam(lr = 0.01) }`, true);
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.01);
  });

  it("a small conv net with bn and relu, one training step", async () => {
    const r = graphOf(
      `import "std/resnet_blocks"
network c { input image: [3, 8, 8]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu
  x = x |> basic(4)
  output logits = x |> gap |> dense(3) }
train c { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`,
      true,
    );
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.05);
  });

  // A DenseNet block (a chain of concats) and an inception module.
const denseInception = readFileSync("tests/fixtures/dense_inception.net", "utf8");

  it("conv + eval-mode bn + residual add + relu epilogues (inference of a small ResNet)", async () => {
    const g = graphOf(readFileSync("examples/cifar_resnet.net", "utf8"), false, new Map([["image", [3, 12, 12]]])).graph!;
    await runPair(buildInferenceProgram(g, BATCH), buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g);
  });

  it("concat operands written in place, DenseNet's nested slices (inference)", async () => {
    const g = graphOf(denseInception).graph!;
    await runPair(buildInferenceProgram(g, BATCH), buildInferenceProgram(g, BATCH, undefined, { fuse: false }), g, undefined, false);
  });

  it("the same with slices read by the backward pass (one training step)", async () => {
    const r = graphOf(denseInception, true);
    await runPair(buildTrainingProgram(r.training!, BATCH), buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.01);
  });

  it("recomputed prologues: LeNet-5's subsampling and dropout masks (one training step)", async () => {
    const r = graphOf(
      `network l { input image: [1, 12, 12]
  x = image |> conv(4, k=3) |> tanh |> avgpool(k=2) |> scale |> tanh |> conv(6, k=3) |> relu |> flatten |> dropout(0.3) |> dense(3)
  output logits = x }
train l { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.05, momentum = 0.9) }`,
      true,
    );
    const fused = buildTrainingProgram(r.training!, BATCH);
    expect(fused.kernels.some((k) => k.code.includes("recomputes"))).toBe(true);
    await runPair(fused, buildTrainingProgram(r.training!, BATCH, { fuse: false }), r.graph!, 0.05);
  });
});
