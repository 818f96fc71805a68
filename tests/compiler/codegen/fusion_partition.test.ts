import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { partitionGraph, type Partition } from "../../../compiler/codegen/fusion/partition.js";
import { lowerGraph } from "../../../compiler/codegen/lower.js";
import { buildInferenceProgram, buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { type Program } from "../../../core/program/program.js";
import type { Graph } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";

// Which nodes share a kernel (compiler/codegen/fusion/partition.ts). The
// numbers these kernels compute are checked on WebGPU in
// tests/runtime/webgpu/fusion.test.ts and training_step.test.ts.

const BATCH = 3;

function check(text: string, train = false, inputs?: Map<string, number[]>) {
  const r = checkFile("net.net", { text, train, inputs });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r;
}

function partition(g: Graph, keep: ReadonlySet<number>): Partition {
  return partitionGraph(g, BATCH, lowerGraph(g, BATCH), { keep });
}

const ops = (g: Graph, ids: readonly number[]) => ids.map((id) => g.nodes[id]!.op);
const byName = (g: Graph, name: string) => g.nodes.find((n) => n.name === name)!.id;
const outputsOf = (g: Graph) => new Set(g.outputs.map((o) => o.node));

/** The multi-node groups as op lists. */
function fusedOps(g: Graph, keep: ReadonlySet<number>): string[][] {
  return partition(g, keep)
    .groups.filter((gr) => gr.nodes.length > 1)
    .map((gr) => ops(g, gr.nodes));
}

describe("epilogues", () => {
  it("a dense layer stores its activation chain: one kernel for four nodes", () => {
    const g = check(`network c { input x: [8]\n output y = x |> dense(8) |> relu |> sigmoid |> tanh }`).graph!;
    const part = partition(g, outputsOf(g));
    expect(part.groups.map((gr) => ops(g, gr.nodes))).toEqual([["dense", "relu", "sigmoid", "tanh"]]);
    expect(ops(g, [part.groups[0]!.anchor!])).toEqual(["dense"]);
    expect(buildInferenceProgram(g, BATCH).kernels.length).toBe(1);
    expect(buildInferenceProgram(g, BATCH, undefined, { fuse: false }).kernels.length).toBe(4);
  });

  it("keeps a value read twice in memory", () => {
    const g = check(`network c { input x: [8]\n h = x |> dense(8) |> relu\n output y = sigmoid(h) + tanh(h) }`).graph!;
    const part = partition(g, outputsOf(g));
    const relu = g.nodes.find((n) => n.op === "relu")!.id;
    expect(part.rootOf.get(relu)).toBe(relu);
    expect(fusedOps(g, outputsOf(g))).toEqual([
      ["dense", "relu"],
      ["sigmoid", "tanh", "add"],
    ]);
  });

  it("conv, eval-mode bn, residual add and relu are one kernel in inference", () => {
    const g = check(readFileSync("examples/cifar_resnet.net", "utf8")).graph!;
    const part = partition(g, outputsOf(g));
    const group = part.groups.find((gr) => gr.root === byName(g, "basic1.relu2"))!;
    expect(ops(g, group.nodes)).toEqual(["conv", "bn", "add", "relu"]);
    // Every conv of the network anchors a kernel: no conv output reaches memory.
    for (const n of g.nodes.filter((x) => x.op === "conv")) expect(part.rootOf.get(n.id), n.name).not.toBe(n.id);
  });

  it("in training, bn's kernel stores activation and residual add; gradient masks join the GEMM producing the gradient", () => {
    const t = check(readFileSync("examples/cifar_resnet.net", "utf8"), true).training!;
    const g = t.graph;
    const keep = new Set([t.loss, ...t.losses.map((l) => l.node), ...g.outputs.map((o) => o.node), ...t.gradients.values()]);
    const part = partition(g, keep);
    const fwd = part.groups.find((gr) => gr.root === byName(g, "basic1.relu2"))!;
    expect(ops(g, fwd.nodes)).toEqual(["bn", "add", "relu"]);
    const mask = byName(g, "grad.basic1.relu1.unary_grad");
    const back = part.groups.find((gr) => gr.nodes.includes(mask))!;
    expect(g.nodes[back.anchor!]!.op).toBe("conv_grad_input");
    // bn's input stays in memory: the running-statistics kernel and bn's gradient read it.
    expect(part.rootOf.get(byName(g, "basic1.conv1"))).toBe(byName(g, "basic1.conv1"));
  });
});

describe("prologues", () => {
  it("recomputes an elementwise value with no producer kernel where it is read (LeNet-5's subsampling)", () => {
    const t = check(readFileSync("stdlib/models/lenet5.net", "utf8"), true).training!;
    const g = t.graph;
    const keep = new Set([t.loss, ...t.losses.map((l) => l.node), ...g.outputs.map((o) => o.node), ...t.gradients.values()]);
    const part = partition(g, keep);
    const tanh2 = byName(g, "tanh2");
    expect(ops(g, part.inlined.get(tanh2)!)).toEqual(["scale", "tanh"]);
    const p = buildTrainingProgram(t, BATCH);
    // No kernel writes tanh2; the kernels that read it (conv c3, tanh's gradient) recompute it.
    const readers = p.kernels.filter((k) => k.nodes.includes("tanh2"));
    expect(readers.length).toBeGreaterThanOrEqual(2);
    for (const k of readers) expect(k.code).toMatch(/recomputes scale 's2' \+ tanh 'tanh2' where read/);
    expect(p.kernels.some((k) => k.label === "tanh2")).toBe(false);
  });
});

// A DenseNet block (a chain of concats) and an inception module.
const denseInception = readFileSync("tests/fixtures/dense_inception.net", "utf8");

describe("concat by direct writes", () => {
  it("inception's branches write their channel slices: no concat kernel", () => {
    const g = check(denseInception).graph!;
    const part = partition(g, outputsOf(g));
    const cat = byName(g, "inception_module1.concat1");
    expect(part.elided.has(cat)).toBe(true);
    const slices = g.nodes[cat]!.inputs.map((v) => part.views.get(v)!);
    // [N, 12, 10, 10] from branches of 4, 3… channels: offsets in elements of one sample's channel block.
    expect(slices.map((s) => s.offset / 100)).toEqual([0, 4, 8, 10]);
    expect(slices.every((s) => s.total === 1200 && s.target === cat)).toBe(true);
    const p = buildInferenceProgram(g, BATCH);
    expect(p.kernels.some((k) => k.nodes.some((n) => n.includes("concat")))).toBe(false);
  });

  it("DenseNet's concat chain nests into the block's last concat", () => {
    const g = check(denseInception).graph!;
    const part = partition(g, outputsOf(g));
    const c1 = byName(g, "dense_block1.dense_layer1.concat1");
    const c2 = byName(g, "dense_block1.dense_layer2.concat1");
    expect(part.views.get(c1)!.target).toBe(c2);
    expect(part.views.get(byName(g, "conv1"))!.target).toBe(c1);
    expect(part.views.has(c2)).toBe(false);
  });

  it("a concat whose operand the caller reads keeps its copy", () => {
    const g = check(`network c { input x: [2, 4, 4]\n output a = x |> conv(3, k=1)\n output y = [a, x |> conv(2, k=1)] |> concat }`).graph!;
    const part = partition(g, outputsOf(g));
    expect(part.elided.size).toBe(0);
    expect(part.views.size).toBe(0);
  });
});

/** Every kernel within the binding limit, and no two bindings of one kernel overlapping (WebGPU refuses aliased writable ranges). */
function checkBindings(p: Program) {
  for (const k of p.kernels) {
    expect(k.bindings.length, k.label).toBeLessThanOrEqual(8);
    for (let a = 0; a < k.bindings.length; a++)
      for (let b = a + 1; b < k.bindings.length; b++) {
        const [x, y] = [k.bindings[a]!, k.bindings[b]!];
        const overlap = x.buffer === y.buffer && x.offset < y.offset + y.size && y.offset < x.offset + x.size;
        // Parameters are read-only and may share their buffer; everything else must not overlap.
        if (x.buffer !== 0) expect(overlap, `${k.label}: bindings ${a} and ${b}`).toBe(false);
      }
  }
}

describe("binding limits on the standard library", () => {
  for (const model of ["googlenet", "densenet121", "resnet50", "mobilenet_v2", "shufflenet_v2_x1_0", "unet", "se_resnet50"]) {
    it(`${model}: inference and training programs bind at most 8 disjoint buffers per kernel`, () => {
      const text = readFileSync(`stdlib/models/${model}.net`, "utf8");
      const inputs = model === "unet" ? new Map([["image", [3, 64, 64]]]) : new Map([["image", [3, 64, 64]]]);
      const r = check(text, true, inputs);
      checkBindings(buildInferenceProgram(r.graph!, 2));
      checkBindings(buildTrainingProgram(r.training!, 2));
    });
  }
});
