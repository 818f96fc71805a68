import { afterAll, describe, expect, it } from "vitest";
import { partitionGraph } from "../../../compiler/codegen/fuse.js";
import { buildInferenceProgram, buildTrainingProgram, type Program } from "../../../compiler/codegen/program.js";
import type { Graph } from "../../../compiler/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { initParams } from "../../../runtime/reference/init.js";
import { Rng } from "../../../runtime/reference/rng.js";
import { ProgramRunner } from "../../../runtime/webgpu/program.js";
import { relativeError, sharedDevice } from "../../helpers/gpu_parity.js";

// Elementwise fusion (compiler/codegen/fuse.ts): which nodes share a kernel,
// and that fused programs compute what unfused ones do, with fewer kernels
// and no more arena.

const BATCH = 3;

function graphOf(text: string, train = false, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train, inputs });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r;
}

/** The groups with more than one node, as op lists. */
function fusedOps(g: Graph, keep: ReadonlySet<number>): string[][] {
  return partitionGraph(g, BATCH, keep)
    .groups.filter((gr) => gr.nodes.length > 1)
    .map((gr) => gr.nodes.map((id) => g.nodes[id]!.op));
}

describe("fusion partition", () => {
  it("fuses a relu → sigmoid → tanh chain into one group", () => {
    const g = graphOf(`network c { input x: [8]\n output y = x |> dense(8) |> relu |> sigmoid |> tanh }`).graph!;
    const keep = new Set(g.outputs.map((o) => o.node));
    expect(fusedOps(g, keep)).toEqual([["relu", "sigmoid", "tanh"]]);
    const p = buildInferenceProgram(g, BATCH);
    expect(p.kernels.map((k) => k.nodes.length)).toEqual([1, 3]);
    expect(p.kernels[1]!.code.startsWith("// fused: relu")).toBe(true);
    expect(buildInferenceProgram(g, BATCH, undefined, { fuse: false }).kernels.length).toBe(4);
  });

  it("keeps a value read twice in memory", () => {
    const g = graphOf(`network c { input x: [8]\n h = x |> dense(8) |> relu\n output y = sigmoid(h) + tanh(h) }`).graph!;
    const keep = new Set(g.outputs.map((o) => o.node));
    const part = partitionGraph(g, BATCH, keep);
    const relu = g.nodes.find((n) => n.op === "relu")!.id;
    expect(part.rootOf.get(relu)).toBe(relu);
    expect(fusedOps(g, keep)).toEqual([["sigmoid", "tanh", "add"]]);
  });

  it("keeps outputs, losses and gradients in memory", () => {
    const r = graphOf(`network m { input x: [6]\n h = x |> dense(6) |> relu\n output a = h |> sigmoid\n output y = a |> tanh |> dense(3) }
train m { loss cross_entropy(y, label)\n optimizer sgd(lr = 0.1) }`, true);
    const t = r.training!;
    const g = t.graph;
    const p = buildTrainingProgram(t, BATCH);
    const computed = new Set(p.kernels.flatMap((k) => k.nodes.slice(-1)));
    const mustExist = [t.loss, ...t.losses.map((l) => l.node), ...t.gradients.values(), ...g.outputs.map((o) => o.node)];
    for (const id of mustExist) expect(computed.has(g.nodes[id]!.name), g.nodes[id]!.name).toBe(true);
    // Something was fused (the backward relu/sigmoid/tanh gradients meet adds).
    expect(p.kernels.some((k) => k.nodes.length > 1)).toBe(true);
  });
});

function feedsFor(program: Program, seed: number): Map<string, Float32Array | Int32Array> {
  const rng = new Rng(seed);
  const feeds = new Map<string, Float32Array | Int32Array>();
  for (const t of program.inputs) {
    const n = t.range.size / 4;
    feeds.set(t.name, t.dtype === "i32" ? Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * 3)) : Float32Array.from({ length: n }, () => rng.normal()));
  }
  return feeds;
}

async function runPair(fused: Program, plain: Program, g: Graph, lr?: number) {
  expect(fused.kernels.length).toBeLessThan(plain.kernels.length);
  expect(fused.memory.arenaBytes).toBeLessThanOrEqual(plain.memory.arenaBytes);
  const { device } = await sharedDevice();
  const init = new Map([...initParams(g, 5, "f32")].map(([k, v]) => [k, Float32Array.from(v.data)]));
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
});
