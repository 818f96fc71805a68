// Split-K for weight gradients (compiler/passes/split_k.ts): which gradients
// split and how far, that the rewritten training graph is valid IR with
// consistent shapes, and that it computes the same gradients: the float64
// reference executor runs the split and the unsplit graph (the split ops'
// reference kernels sum their chunks independently of the GPU code).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { checkFile } from "../../compiler/pipeline.js";
import { chooseSplits, splitWeightGradients } from "../../compiler/passes/split_k.js";
import { verifyGraph } from "../../compiler/passes/verify.js";
import { shapesAgree } from "../../compiler/passes/infer_shapes.js";
import { buildTrainingProgram } from "../../compiler/codegen/program.js";
import { expectSameGradients } from "../helpers/same_gradients.js";

const lenet = readFileSync(new URL("../../stdlib/models/lenet5.net", import.meta.url), "utf8");

describe("split-K for weight gradients", () => {
  it("splits only long, narrow gradients, into chunks of at least 256", () => {
    // LeNet-5's first conv at batch 64: 6 × 25 outputs (one tile) over 64·28·28.
    expect(chooseSplits({ M: 6, N: 25, G: 1, K: 64 * 28 * 28 })).toBe(64);
    // A ResNet stage-4 conv: 8 × 72 tiles already.
    expect(chooseSplits({ M: 512, N: 4608, G: 1, K: 64 * 7 * 7 })).toBe(1);
    // A short reduction stays whole.
    expect(chooseSplits({ M: 10, N: 84, G: 1, K: 300 })).toBe(1);
    expect(chooseSplits({ M: 10, N: 84, G: 1, K: 1000 })).toBe(3);
  });

  it("rewrites LeNet-5's training graph into valid IR whose gradients are split_sums", () => {
    const r = checkFile("lenet5.net", { text: lenet, train: true });
    const t = splitWeightGradients(r.training!, 64);
    expect(verifyGraph(t.graph)).toEqual([]);
    expect(shapesAgree(t.graph)).toEqual([]);
    const c1 = t.graph.nodes[t.gradients.get("c1.weight")!]!;
    expect(c1.op).toBe("split_sum");
    const partial = t.graph.nodes[c1.inputs[0]!]!;
    expect(partial.op).toBe("conv_grad_weight");
    expect(partial.attrs.splits).toBe(64);
    expect(partial.shape).toEqual([64, 6, 1, 5, 5]);
    // Every gradient keeps the parameter's shape, and the losses their nodes.
    for (const [name, id] of t.gradients) expect(t.graph.nodes[id]!.shape).toEqual(r.training!.graph.params.get(name)!.shape);
    expect(t.graph.nodes[t.loss]!.name).toBe(r.training!.graph.nodes[r.training!.loss]!.name);
    // Where every reduction is short, the graph is returned as it is.
    const mlp = checkFile("m.net", { text: "network m { input x: [8]\n output logits = x |> dense(4) }\ntrain m { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.1) }", train: true });
    expect(splitWeightGradients(mlp.training!, 16)).toBe(mlp.training);
    // The GPU program has the partial-sum kernels.
    expect(buildTrainingProgram(r.training!, 64).kernels.some((k) => k.label === "grad.c1.conv_grad_weight.partial")).toBe(true);
    expect(buildTrainingProgram(r.training!, 64, { splitK: false }).kernels.some((k) => k.label.endsWith(".partial"))).toBe(false);
  });

  it("gives the unsplit gradients (float64 reference, conv with a table, dense, groups)", () => {
    const grouped = `network g {
  input x: [4, 9, 9]
  y = x |> conv(6, k=3, g=2, p=1) |> relu |> flatten
  output logits = y |> dense(3)
}
train g { loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1) }
`;
    const dense = "network d { input x: [8]\n output logits = x |> dense(4) }\ntrain d { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.1) }";
    for (const [file, src, batch] of [["lenet5.net", lenet, 6], ["g.net", grouped, 40], ["d.net", dense, 600]] as const) {
      const r = checkFile(file, { text: src, train: true });
      const t0 = r.training!;
      const t1 = splitWeightGradients(t0, batch);
      expect([...t1.gradients.values()].some((id) => t1.graph.nodes[id]!.op === "split_sum"), file).toBe(true);
      expectSameGradients(r.graph!, t0, t1, batch, file);
    }
  });
});
