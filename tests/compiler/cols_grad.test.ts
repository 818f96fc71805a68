// Column data gradients (compiler/passes/cols_grad.ts): which conv data
// gradients take the two-step form, that the rewritten graph is valid IR,
// and that it computes the same gradients: the float64 reference executor
// runs both graphs (conv_grad_cols and col2im have reference kernels of
// their own, written apart from conv_grad_input's).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import { colsDataGradients, colsTradeoff } from "../../compiler/passes/cols_grad.js";
import { shapesAgree } from "../../compiler/passes/infer_shapes.js";
import { verifyGraph } from "../../compiler/passes/verify.js";
import { expectSameGradients } from "../helpers/same_gradients.js";

const lenet = readFileSync(new URL("../../stdlib/models/lenet5.net", import.meta.url), "utf8");
const net = (input: string, layers: string) => `network k {
  input x: ${input}
  y = x |> ${layers}
  output logits = y |> flatten |> dense(3)
}
train k { loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1) }
`;
// Each needs the data gradient of its second conv (the first one's input is the network's).
const cases: [string, string, string][] = [
  ["ResNet's stride-2 3 × 3", "[3, 9, 8]", "conv(4, k=3, p=1) |> relu |> conv(6, k=3, s=2, p=1)"],
  ["ResNet's stride-2 1 × 1 shortcut", "[3, 8, 8]", "conv(4, k=1) |> relu |> conv(5, k=1, s=2)"],
  ['groups 2, stride [2, 1], "same" padding', "[4, 7, 9]", 'conv(4, k=1) |> relu |> conv(6, k=3, g=2, s=[2, 1], p="same")'],
  ["dilation 2, stride 2, rectangular kernel", "[2, 11, 10]", "conv(3, k=3, p=1) |> relu |> conv(4, k=[3, 2], d=2, s=2)"],
];

function gradientsAgree(file: string, text: string, batch: number) {
  const r = checkFile(file, { text, train: true });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  const t0 = r.training!;
  const t1 = colsDataGradients(t0, batch);
  expect(t1).not.toBe(t0);
  expect(verifyGraph(t1.graph)).toEqual([]);
  expect(shapesAgree(t1.graph)).toEqual([]);
  expect(t1.graph.nodes.some((n) => n.op === "col2im"), file).toBe(true);
  expectSameGradients(r.graph!, t0, t1, batch, file);
}

describe("column data gradients", () => {
  it("take the data gradients whose taps mostly read nothing, and only those", () => {
    const r = checkFile("lenet5.net", { text: lenet, train: true });
    const t = colsDataGradients(r.training!, 64);
    const g = t.graph;
    // C3's 5 × 5 taps over a 14 × 14 map: half of them fall off the edge.
    const c3 = g.nodes.find((n) => n.name === "grad.c3.conv_grad_input")!;
    expect(c3.op).toBe("col2im");
    expect(g.nodes[c3.inputs[0]!]!.op).toBe("conv_grad_cols");
    expect(g.nodes[c3.inputs[0]!]!.shape).toEqual([6, 25, 10, 10]);
    // C5 (a 1 × 1 output) keeps its exact one-step GEMM.
    expect(g.nodes.find((n) => n.name === "grad.c5.conv_grad_input")!.op).toBe("conv_grad_input");
    expect(verifyGraph(g)).toEqual([]);
    // A stride-1 3 × 3 conv with padding 1 on 32 × 32 wastes only its border:
    // along each axis 32 · 3 taps, 2 of them on padding.
    const s1 = checkFile("s.net", { text: net("[3, 32, 32]", "conv(4, k=1) |> conv(4, k=3, p=1)"), train: true });
    const node = s1.training!.graph.nodes.find((n) => n.op === "conv_grad_input")!;
    expect(colsTradeoff(node, s1.training!.graph)!.waste).toBeCloseTo((32 * 32 * 9) / (94 * 94), 10);
    expect(colsDataGradients(s1.training!, 64)).toBe(s1.training);
  });

  it("give the one-step gradients (float64 reference): LeNet-5 with its table, strides, groups, dilation", () => {
    gradientsAgree("lenet5.net", lenet, 3);
    for (const [name, input, layers] of cases) gradientsAgree(`${name}.net`, net(input, layers), 3);
  });
});
